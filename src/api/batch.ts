/**
 * Public API for CodeBuild batch builds (codebuild.md §1.7, §7.1): `planBatchBuild` and `runBatchBuild`.
 *
 * The batch section is read and checked, with every member's buildspec and image, before any container
 * starts: a typo fails in a second, not after the first members ran. Each member is an ordinary
 * `runBuild` with the task's overrides and CODEBUILD_BATCH_BUILD_IDENTIFIER, sharing one engine connection.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { assertNoLinkEscape } from '../archive/index.js';
import { InputError } from '../errors.js';
import { loadConfig, type LoadedConfig } from '../config.js';
import { parseBatch } from '../model/batch.js';
import { parseBuildspec } from '../model/buildspec.js';
import { classifyBuildspecRef, loadProject } from '../model/project.js';
import { defaultProject, type CodeBuildProject, type EnvironmentVariable } from '../model/project-types.js';
import { planBatch, type BatchPlan, type PlannedBatchBuild } from '../plan/batch-plan.js';
import { StateDir, buildDirName, findProjectRoot, resolveStateDirPath } from '../stores/state-dir.js';
import { parseImageMapFlags, resolveImage } from '../images/image-map.js';
import { projectNameFromDir } from '../engine/codebuild/build-context.js';
import type { Build } from '../engine/codebuild/build-types.js';
import { runBatchPlan } from '../engine/batch/batch-runner.js';
import { assembleBatch, BatchPhaseRecord } from '../engine/batch/batch-result.js';
import type { BatchMember, BuildBatch } from '../engine/batch/batch-types.js';
import { prefixedSink } from '../engine/batch/prefixed-output.js';
import { runBuild, type RunBuildOptions } from './build.js';
import { withRuntime } from './runtime-session.js';

export interface RunBatchOptions extends RunBuildOptions {
  /** Members running at once; default 2 (CodeBuild runs them all, a 2-core machine cannot). */
  maxParallel?: number;
}

export const DEFAULT_MAX_PARALLEL = 2;

interface BatchTarget {
  sourceDir: string;
  config: LoadedConfig;
  state: StateDir;
  project: CodeBuildProject;
  /** Where the batch section came from (a path, or a label for an inline buildspec). */
  batchspec: string;
  plan: BatchPlan;
}

/** The expanded batch, without Docker (`codelocal batch --dry-run`). */
export async function planBatchBuild(
  options: RunBatchOptions,
): Promise<{ projectName: string; batchspec: string; maxParallel: number } & BatchPlan> {
  const t = resolveTarget(options);
  return { projectName: t.project.name, batchspec: t.batchspec, maxParallel: maxParallelOf(options), ...t.plan };
}

/**
 * Runs a batch build; resolves with the BuildBatch whatever its status. Throws only for bad input or
 * environment, before any member starts.
 */
export async function runBatchBuild(options: RunBatchOptions): Promise<BuildBatch> {
  const t = resolveTarget(options);
  const maxParallel = maxParallelOf(options);
  const record = new BatchPhaseRecord();
  const startTime = new Date();
  record.begin('SUBMITTED', startTime);
  record.end('SUCCEEDED', undefined, startTime);
  record.begin('DOWNLOAD_BATCHSPEC', startTime);
  t.state.ensure();
  const { config } = t.config;
  const id = `${t.project.name}:${randomUUID()}`;
  const arn = `arn:aws:codebuild:${config.region}:${config.accountId}:build-batch/${id}`;
  const out = options.output ?? (() => undefined);
  const say = (text: string) => out(`[batch] ${text}\n`);

  return withRuntime(options.runtime, async (runtime) => {
    const overrides = { flag: parseImageMapFlags(options.imageMap ?? []), config: config.images };
    const images = new Set(t.plan.builds.map((b) => b.image ?? options.image ?? t.project.environment.image));
    for (const image of images) await resolveImage(image, runtime.images, overrides);
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
          return await runBuild(memberOptions(options, t, b, runtime, signal, sink.write));
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
      arn,
      buildBatchNumber: nextBatchNumber(t.state, t.project.name),
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
    writeBatchResult(t.state, batch);
    return batch;
  });
}

function maxParallelOf(options: RunBatchOptions): number {
  const n = options.maxParallel ?? DEFAULT_MAX_PARALLEL;
  if (!Number.isInteger(n) || n < 1)
    throw new InputError('FLAG_INVALID', `--max-parallel must be a whole number of at least 1, got ${n}`);
  return n;
}

function describeEnd(m: BatchMember, ignoreFailure: boolean): string {
  const ignored = m.status !== 'SUCCEEDED' && ignoreFailure ? ' (ignore-failure: the batch does not fail for it)' : '';
  return `${m.status}${m.reason ? `: ${m.reason}` : ''}${ignored}`;
}

/**
 * The project, the buildspec holding the batch section, and the plan. Mirrors runBuild's choice of
 * project and buildspec (override > project > buildspec.yml in the source root, codebuild.md §1.1).
 */
function resolveTarget(options: RunBatchOptions): BatchTarget {
  const sourceDir = resolve(options.sourceDir);
  if (!existsSync(sourceDir)) throw new InputError('SOURCE_NOT_FOUND', `source folder ${sourceDir} does not exist`);
  const projectRoot = findProjectRoot(sourceDir);
  const config = loadConfig(projectRoot);
  const statePath = resolveStateDirPath({ projectRoot, flag: options.stateDir, config: config.config.stateDir });
  const state = new StateDir(statePath.path, statePath.source);
  const project = resolveProject(options, config, sourceDir);
  const ref = options.buildspec ?? project.source.buildspec ?? 'buildspec.yml';
  const kind = classifyBuildspecRef(ref);
  let text: string;
  let file: string;
  if (kind.kind === 'inline') {
    text = kind.text;
    file = `${project.definedIn ?? 'project'} (inline buildspec)`;
  } else if (kind.kind === 's3') {
    throw new InputError(
      'BUILDSPEC_S3_UNSUPPORTED',
      `buildspec ${kind.arn} is an S3 ARN; put the file in the source or inline it`,
    );
  } else {
    file = hostBuildspecPath(sourceDir, kind.path);
    assertNoLinkEscape(sourceDir, file); // a source's link never reads a host file (docs/security.md)
    text = readFileSync(file, 'utf8');
  }
  // The whole buildspec must be valid, not only its batch section: members without a buildspec run it.
  parseBuildspec(text, file);
  const spec = parseBatch(text, file);
  if (!spec) {
    throw new InputError('BATCH_MISSING', `${file} has no batch section; run it with codelocal build`, {
      details: ['a batch needs batch: with one of build-graph, build-list, build-matrix, build-fanout'],
    });
  }
  const plan = planBatch(spec);
  for (const other of new Set(plan.builds.flatMap((b) => (b.buildspec ? [b.buildspec] : [])))) {
    const path = hostBuildspecPath(sourceDir, other);
    assertNoLinkEscape(sourceDir, path);
    parseBuildspec(readFileSync(path, 'utf8'), path);
  }
  return { sourceDir, config, state, project, batchspec: file, plan };
}

function resolveProject(options: RunBatchOptions, config: LoadedConfig, sourceDir: string): CodeBuildProject {
  if (typeof options.project === 'object') return options.project;
  if (!options.project) return defaultProject(projectNameFromDir(sourceDir));
  const parameterOverrides: Record<string, string> = {};
  for (const text of options.parameterOverrides ?? []) {
    const at = text.indexOf('=');
    if (at <= 0) throw new InputError('FLAG_INVALID', `--parameter-overrides expects NAME=VALUE, got "${text}"`);
    parameterOverrides[text.slice(0, at)] = text.slice(at + 1);
  }
  return loadProject(options.project, {
    accountId: config.config.accountId,
    region: config.config.region,
    parameterOverrides,
  });
}

/** A buildspec path as runBuild reads it: relative to the source, or an existing absolute host path. */
function hostBuildspecPath(sourceDir: string, path: string): string {
  const file = isAbsolute(path) && existsSync(path) ? path : join(sourceDir, path);
  if (!existsSync(file)) {
    throw new InputError('YAML_FILE_ERROR', `YAML_FILE_ERROR Message: stat ${file}: no such file or directory`, {
      details: ['buildspec paths in a batch are relative to the source folder'],
    });
  }
  return file;
}

/**
 * One member's runBuild options. A task's own settings are the most specific, so they win over the
 * batch-wide flags (UNCERTAIN: how CodeBuild orders a task's env against start-build-batch overrides).
 */
function memberOptions(
  options: RunBatchOptions,
  t: BatchTarget,
  b: PlannedBatchBuild,
  runtime: RunBuildOptions['runtime'],
  signal: AbortSignal,
  output: (text: string) => void,
): RunBuildOptions {
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
    // runBuild lets a privileged flag beat the project; a task that says privileged-mode must win instead.
    privileged: b.privilegedMode === undefined ? options.privileged : undefined,
    // Several builds would overwrite one folder: each member unpacks into its own subfolder.
    artifactsDir: options.artifactsDir ? join(options.artifactsDir, b.identifier) : undefined,
    reportsDir: options.reportsDir ? join(options.reportsDir, b.identifier) : undefined,
    envOverrides: [...(options.envOverrides ?? []), ...variables],
    runtime,
    signal,
    output,
    request: { ...options.request, batchBuildIdentifier: b.identifier },
  };
}

function batchDir(state: StateDir): string {
  return join(state.root, 'batches');
}

/** Batch numbers count the project's batches in this state folder (CodeBuild counts per project too). */
function nextBatchNumber(state: StateDir, project: string): number {
  const dir = batchDir(state);
  const prefix = buildDirName(`${project}:`);
  const taken = existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith(prefix)).length : 0;
  return taken + 1;
}

/**
 * The batch's record in the state folder. Member builds are left out: each is already saved (masked)
 * under builds/, and the batch has no masker of its own; `members[].buildId` points at them.
 */
function writeBatchResult(state: StateDir, batch: BuildBatch): void {
  const dir = join(batchDir(state), buildDirName(batch.id));
  mkdirSync(dir, { recursive: true });
  const saved: BuildBatch = { ...batch, codelocal: { ...batch.codelocal, builds: {} } };
  writeFileSync(join(dir, 'result.json'), JSON.stringify(saved, null, 2) + '\n');
}

export type { BuildBatch, Build };
