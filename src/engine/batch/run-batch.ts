/**
 * Runs a batch build (docs/aws/codebuild.md §1.7, §7.1): images checked first, then the members through the
 * build engine with the task's overrides and CODEBUILD_BATCH_BUILD_IDENTIFIER, sharing the
 * caller's runtime, workspace and history; then the BuildBatch result, saved in the state folder.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveImage } from '../../images/index.js';
import type { CodeBuildProject, EnvironmentVariable } from '../../model/index.js';
import type { PlannedBatchBuild } from '../../plan/index.js';
import { buildDirName, type StateDir } from '../../workspace/index.js';
import { type BuildOptions, type BuildServices, runWorkspaceBuild } from '../codebuild/index.js';
import { assembleBatch, BatchPhaseRecord } from './batch-result.js';
import { runBatchPlan } from './batch-runner.js';
import type { BatchTarget } from './batch-target.js';
import type { BatchMember, BuildBatch } from './batch-types.js';
import { prefixedSink } from './prefixed-output.js';

export async function runBatch(
  s: BuildServices,
  t: BatchTarget,
  options: BuildOptions,
  maxParallel: number,
): Promise<BuildBatch> {
  const record = new BatchPhaseRecord();
  const startTime = new Date();
  record.begin('SUBMITTED', startTime);
  record.end('SUCCEEDED', undefined, startTime);
  record.begin('DOWNLOAD_BATCHSPEC', startTime);
  const state = s.workspace.state;
  state.ensure();
  const { config } = s.workspace.config;
  const id = `${t.project.name}:${randomUUID()}`;
  const out = options.output ?? (() => undefined);
  const say = (text: string) => out(`[batch] ${text}\n`);

  const overrides = { flag: options.imageMap ?? {}, config: config.images };
  const images = new Set(t.plan.builds.map((b) => b.image ?? options.image ?? t.project.environment.image));
  for (const image of images) await resolveImage(image, s.runtime.images, overrides);
  record.end('SUCCEEDED');
  record.begin('IN_PROGRESS');
  say(
    `${id}: ${t.plan.builds.length} build(s) from ${t.plan.kind} in ${t.batchspec}, at most ${maxParallel} at a time`,
  );
  for (const w of t.plan.warnings) say(`warning: ${w}`);

  const run = await runBatchPlan({
    plan: t.plan,
    maxParallel,
    signal: options.signal,
    runMember: async (b, signal) => {
      const sink = prefixedSink(b.identifier, out);
      try {
        return await runWorkspaceBuild(s, memberOptions(options, t, b, signal, sink.write));
      } finally {
        sink.flush();
      }
    },
    events: {
      onStart: (b) => say(`starting ${b.identifier}${b.label ? ` (${b.label})` : ''}`),
      onEnd: (b, m) => say(`${b.identifier} ${describeEnd(m, b.ignoreFailure)}`),
      onSkip: (b, reason) => say(`${b.identifier} not started: ${reason}`),
    },
  });

  record.end(run.status);
  if (run.status !== 'STOPPED') {
    // Nothing to combine: buildBatchConfig.combineArtifacts is not implemented, members keep theirs.
    record.begin('COMBINE_ARTIFACTS');
    record.end('SUCCEEDED');
  }
  const endTime = new Date();
  record.begin(run.status, endTime);
  const batch = assembleBatch({
    id,
    arn: `arn:aws:codebuild:${config.region}:${config.accountId}:build-batch/${id}`,
    buildBatchNumber: nextBatchNumber(state, t.project.name),
    project: t.project,
    image: options.image ?? t.project.environment.image,
    privileged: options.privileged ?? t.project.environment.privilegedMode,
    batchspec: t.batchspec,
    plan: t.plan,
    maxParallel,
    run,
    record,
    startTime,
    endTime,
    initiator: options.request?.initiator ?? 'codelocal',
    sourceLocation: t.sourceDir,
    warnings: t.plan.warnings,
  });
  say(`${id} ${batch.buildBatchStatus}`);
  writeBatchResult(state, batch);
  return batch;
}

function describeEnd(m: BatchMember, ignoreFailure: boolean): string {
  const ignored = m.status !== 'SUCCEEDED' && ignoreFailure ? ' (ignore-failure: the batch does not fail for it)' : '';
  return `${m.status}${m.reason ? `: ${m.reason}` : ''}${ignored}`;
}

/**
 * One member's build options. A task's own settings are the most specific, so they win over the
 * batch-wide flags (UNCERTAIN: how CodeBuild orders a task's env against start-build-batch overrides).
 */
function memberOptions(
  options: BuildOptions,
  t: BatchTarget,
  b: PlannedBatchBuild,
  signal: AbortSignal,
  output: (text: string) => void,
): BuildOptions {
  const env = t.project.environment;
  const project: CodeBuildProject = {
    ...t.project,
    environment: {
      ...env,
      type: b.environmentType ?? env.type,
      computeType: b.computeType ?? env.computeType,
      privilegedMode: b.privilegedMode ?? env.privilegedMode,
    },
  };
  const variables: EnvironmentVariable[] = Object.entries(b.variables).map(([name, value]) => ({
    name,
    value,
    type: 'PLAINTEXT',
  }));
  return {
    ...options,
    sourceDir: t.sourceDir,
    project,
    buildspec: b.buildspec ?? options.buildspec,
    image: b.image ?? options.image,
    // A privileged flag beats the project; a task that says privileged-mode must win instead.
    privileged: b.privilegedMode === undefined ? options.privileged : undefined,
    // Several builds would overwrite one folder: each member unpacks into its own subfolder.
    artifactsDir: options.artifactsDir ? join(options.artifactsDir, b.identifier) : undefined,
    reportsDir: options.reportsDir ? join(options.reportsDir, b.identifier) : undefined,
    envOverrides: [...(options.envOverrides ?? []), ...variables],
    signal,
    output,
    request: { ...options.request, batchBuildIdentifier: b.identifier },
  };
}

/** Batch numbers count the project's batches in this state folder (CodeBuild counts per project too). */
function nextBatchNumber(state: StateDir, project: string): number {
  const prefix = buildDirName(`${project}:`);
  const dir = state.batchesRoot;
  const taken = existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith(prefix)).length : 0;
  return taken + 1;
}

/**
 * The batch's record in the state folder. Member builds are left out: each is already saved (masked)
 * under builds/; `members[].buildId` points at them.
 */
function writeBatchResult(state: StateDir, batch: BuildBatch): void {
  const dir = state.batchDir(batch.id);
  mkdirSync(dir, { recursive: true });
  const saved: BuildBatch = { ...batch, codelocal: { ...batch.codelocal, builds: {} } };
  writeFileSync(join(dir, 'result.json'), JSON.stringify(saved, null, 2) + '\n');
}
