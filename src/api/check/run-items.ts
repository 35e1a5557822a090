/**
 * `check --run`: each buildspec that passed lint and plan runs as a build through the same API as
 * `codelocal build` (its project's settings, the stubs of its project root), at most `maxParallel` at
 * once on one container runtime. With fail-fast the first failure aborts the running builds (they end
 * STOPPED, as StopBuild leaves them, and their containers are removed) and nothing new starts.
 */
import { CodelocalError } from '../../errors.js';
import type { ContainerRuntime } from '../../runtime/index.js';
import type { Build } from '../../engine/codebuild/index.js';
import { runBuild } from '../build.js';
import { withNetworkLending } from '../lent-networks.js';
import type { CheckItemResult, CheckOptions, CheckStep } from './types.js';

/** The log kept per build for reports: the tail, which is where a failure shows. */
const LOG_LIMIT = 64 * 1024;

function failureText(build: Build): string {
  const f = build.codelocal.failure;
  if (!f) return `build ${build.buildStatus}`;
  const head =
    `phase ${f.phase}` +
    (f.command ? `, command \`${f.command}\`` : '') +
    (f.exitCode !== undefined ? `, exit status ${f.exitCode}` : '');
  const tail = f.lastLines.filter((l) => l.trim() && !l.startsWith('[Container]')).slice(-10);
  return [head, ...tail.map((l) => `  | ${l}`), ...(f.hint ? [`hint: ${f.hint}`] : [])].join('\n');
}

function phaseSteps(build: Build): CheckStep[] {
  return build.phases
    .filter((p) => p.phaseStatus)
    .map((p) => ({
      name: p.phaseType,
      status: p.phaseStatus === 'SUCCEEDED' ? 'passed' : 'failed',
      durationMs: p.endTime ? Date.parse(p.endTime) - Date.parse(p.startTime) : 0,
      detail: p.phaseStatus,
    }));
}

export interface RunContext {
  options: CheckOptions;
  runtime: ContainerRuntime;
  /** Aborted by fail-fast or by the caller: stops the running builds. */
  stop: AbortController;
  /** Tells why the run stopped (set by whoever aborts first). */
  stopReason: () => string | undefined;
  onFailure: (r: CheckItemResult) => void;
}

/** A build that could not start (bad project, no engine) fails its item; the error is kept for the exit code. */
async function runOne(r: CheckItemResult, ctx: RunContext): Promise<void> {
  ctx.options.onItem?.('start', r);
  try {
    await buildOne(r, ctx);
  } catch (e) {
    r.status = 'failed';
    r.failure = e instanceof CodelocalError ? e.describe() : String((e as Error).message ?? e);
    r.error = e;
    r.steps.push({ name: 'build', status: 'failed', durationMs: 0, detail: r.failure.split('\n')[0] });
    ctx.onFailure(r);
  }
  ctx.options.onItem?.('end', r);
}

async function buildOne(r: CheckItemResult, ctx: RunContext): Promise<void> {
  const { item } = r;
  const start = Date.now();
  let log = '';
  const build = await runBuild({
    sourceDir: item.sourceRoot!,
    buildspec: item.buildspec,
    project: item.project,
    stateDir: ctx.options.stateDir,
    stubFiles: ctx.options.stubFiles,
    imageMap: ctx.options.imageMap,
    localAws: ctx.options.localAws || item.pipelineRun,
    runtime: ctx.runtime,
    signal: ctx.stop.signal,
    output: (text) => {
      log = (log + text).slice(-LOG_LIMIT);
    },
  });
  r.durationMs += Date.now() - start;
  r.buildId = build.id;
  r.buildStatus = build.buildStatus;
  r.log = log;
  r.steps.push(...phaseSteps(build));
  if (build.buildStatus === 'STOPPED' && ctx.stop.signal.aborted) {
    r.status = 'skipped';
    r.skipped = `stopped: ${ctx.stopReason() ?? 'the check was stopped'}`;
  } else if (build.buildStatus !== 'SUCCEEDED') {
    r.status = 'failed';
    r.failure = failureText(build);
    ctx.onFailure(r);
  }
}

/**
 * Runs the given items' builds, `maxParallel` at a time, in order; items not started when stopped are skipped.
 * Builds after the first few start in lent network namespaces (../lent-networks.ts): no network set-up of their own.
 */
export async function runBuilds(results: CheckItemResult[], ctx: RunContext): Promise<void> {
  await withNetworkLending(ctx.runtime, results.length, (runtime) => runQueue(results, { ...ctx, runtime }));
}

async function runQueue(results: CheckItemResult[], ctx: RunContext): Promise<void> {
  const queue = [...results];
  const limit = Math.max(1, ctx.options.maxParallel ?? 2);
  const worker = async (): Promise<void> => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      if (ctx.stop.signal.aborted) {
        r.status = 'skipped';
        r.skipped = `not run: ${ctx.stopReason() ?? 'the check was stopped'}`;
        continue;
      }
      await runOne(r, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}
