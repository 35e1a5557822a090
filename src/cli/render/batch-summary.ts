/** What `codelocal batch` prints: the plan (--dry-run) and the summary after the batch. */
import type { BuildBatch } from '../../engine/batch/index.js';
import type { BatchPlan } from '../../plan/index.js';
import { paint } from '../output.js';

export function renderBatchPlan(
  plan: BatchPlan & { projectName: string; batchspec: string; maxParallel: number },
): string {
  const lines = [
    `Batch of project ${plan.projectName} from ${plan.batchspec}`,
    `  ${plan.kind}, fast-fail ${plan.fastFail ? 'on' : 'off'}, ${plan.builds.length} build(s), at most ${plan.maxParallel} at a time`,
    '',
  ];
  const width = Math.max(...plan.builds.map((b) => b.identifier.length));
  for (const b of plan.builds) {
    const parts = [
      b.label,
      b.buildspec && !b.label.includes('buildspec=') ? `buildspec=${b.buildspec}` : '',
      b.image && !b.label.includes('image=') ? `image=${b.image}` : '',
      b.privilegedMode !== undefined ? `privileged=${b.privilegedMode}` : '',
      b.dependsOn.length ? `after ${b.dependsOn.join(', ')}` : '',
      b.ignoreFailure ? 'ignore-failure' : '',
    ].filter(Boolean);
    lines.push(`  ${b.identifier.padEnd(width)}  ${parts.join('  ')}`.trimEnd());
  }
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

export function renderBatchSummary(batch: BuildBatch, stream: NodeJS.WriteStream = process.stderr): string {
  const ok = batch.buildBatchStatus === 'SUCCEEDED';
  const lines = ['', paint(`Batch ${batch.buildBatchStatus}`, ok ? 'green' : 'red', stream) + `  ${batch.id}`];
  const members = batch.codelocal.members;
  const width = Math.max(...members.map((m) => m.identifier.length));
  for (const m of members) {
    const build = batch.codelocal.builds[m.identifier];
    const ms = build?.endTime ? Date.parse(build.endTime) - Date.parse(build.startTime) : undefined;
    const status =
      m.status === 'SUCCEEDED' ? m.status : paint(m.status, m.status === 'NOT_STARTED' ? 'gray' : 'red', stream);
    const time = ms === undefined ? '' : `${(ms / 1000).toFixed(2)}s`;
    const group = batch.buildGroups.find((g) => g.identifier === m.identifier);
    const notes = [m.label, m.reason, group?.ignoreFailure && m.status !== 'SUCCEEDED' ? 'failure ignored' : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${m.identifier.padEnd(width)}  ${status.padEnd(11)} ${time.padStart(8)}  ${notes}`.trimEnd());
  }
  for (const m of members) {
    const build = batch.codelocal.builds[m.identifier];
    if (build) lines.push(`Log ${m.identifier}: ${build.logs.path}`);
  }
  lines.push('');
  return lines.join('\n');
}
