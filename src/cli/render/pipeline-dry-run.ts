/** `pipeline run --dry-run` as text: stages, groups, what each action does locally, its resolved configuration. */
import type { PipelineDryRun } from '../../api/index.js';
import { localLine, stageTitle } from '../../plan/index.js';
import { paint } from '../output.js';

export function renderDryRun(d: PipelineDryRun): string {
  const { plan } = d;
  const lines = [
    `${paint(`pipeline ${plan.pipelineName}`, 'bold')}  (${plan.pipelineType}, ${plan.executionMode})  ${plan.file}  — dry run`,
  ];
  if (plan.variables.length > 0) {
    lines.push(
      `variables: ${plan.variables.map((v) => `${v.name}=${v.value === undefined ? '? (missing)' : JSON.stringify(v.value)}`).join(', ')}`,
    );
  }
  for (const stage of plan.stages) {
    lines.push('', stageTitle(stage, plan.until, paint));
    for (const g of stage.groups) {
      lines.push(`  runOrder ${g.runOrder}${g.parallel ? ` (${g.actions.length} in parallel)` : ''}`);
      for (const pa of g.actions) {
        const a = d.actions.find((x) => x.stage === stage.name && x.action === pa.name)!;
        lines.push(`    ${paint(a.action, 'bold')}  ${paint(a.actionType, 'gray')}`);
        lines.push(`        ${localLine(pa, paint)}`);
        for (const [k, v] of Object.entries(a.resolvedConfiguration)) {
          lines.push(`        ${k}: ${v.length > 200 ? v.slice(0, 200) + '…' : v}`);
        }
        for (const p of a.pending) lines.push(paint(`        pending ${p.text} ← ${p.from}`, 'yellow'));
      }
    }
  }
  if (d.missingProviders.length > 0) lines.push('', paint(`cannot run yet: ${d.missingProviders.join(', ')}`, 'red'));
  if (plan.warnings.length > 0) lines.push('', paint('warnings:', 'yellow'), ...plan.warnings.map((w) => `  ${w}`));
  return lines.join('\n') + '\n';
}
