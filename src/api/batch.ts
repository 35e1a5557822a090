/**
 * Public API for CodeBuild batch builds (docs/aws/codebuild.md §1.7, §7.1): `planBatchBuild` and
 * `runBatchBuild`. Typed options → workspace → batch engine (which checks the whole batch before
 * any container starts, then runs each member through the build engine on one engine connection).
 */
import { InputError } from '../errors.js';
import type { BatchPlan } from '../plan/index.js';
import { resolveBatchTarget, runBatch, type BuildBatch } from '../engine/batch/index.js';
import type { Build } from '../engine/codebuild/index.js';
import { openHistory, openWorkspace, type Workspace } from '../workspace/index.js';
import type { RunBuildOptions } from './build.js';
import { debugHooks, recordBuildEnd } from './build-debug.js';
import { withNetworkLending } from './lent-networks.js';
import { withRuntime } from './runtime-session.js';

export interface RunBatchOptions extends RunBuildOptions {
  /** Members running at once; default 2 (CodeBuild runs them all, a 2-core machine cannot). */
  maxParallel?: number;
}

import { DEFAULT_BATCH_MAX_PARALLEL } from '../model/index.js';
import { noticeLine, openEventsRecorder } from './events-recorder.js';

export const DEFAULT_MAX_PARALLEL = DEFAULT_BATCH_MAX_PARALLEL;

function workspaceFor(options: RunBatchOptions): Workspace {
  return openWorkspace({
    cwd: options.sourceDir,
    stateDir: options.stateDir,
    stubFiles: options.stubFiles,
    parameters: options.parameters,
    secrets: options.secrets,
  });
}

/** The expanded batch, without Docker (`codelocal batch --dry-run`). */
export async function planBatchBuild(
  options: RunBatchOptions,
): Promise<{ projectName: string; batchspec: string; maxParallel: number } & BatchPlan> {
  const t = resolveBatchTarget(workspaceFor(options), options);
  return { projectName: t.project.name, batchspec: t.batchspec, maxParallel: maxParallelOf(options), ...t.plan };
}

/**
 * Runs a batch build; resolves with the BuildBatch whatever its status. Throws only for bad input or
 * environment, before any member starts.
 */
export async function runBatchBuild(options: RunBatchOptions): Promise<BuildBatch> {
  const ws = workspaceFor(options);
  const t = resolveBatchTarget(ws, options);
  const maxParallel = maxParallelOf(options);
  const keep = Boolean(options.keep);
  ws.state.ensure();
  const request = { ...options.request, debug: options.request?.debug ?? debugHooks(ws.state, { ...options, keep }) };
  // A signal or a closed stdout stops the batch (STOPPED, its running members too) before the clean-up.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  return withRuntime(
    options.runtime,
    async (runtime) => {
      const store = openHistory(ws);
      // Each member's state changes go to the events log and codelocal.yml targets (docs/events.md).
      const events = openEventsRecorder(ws, { onNotice: noticeLine(options.notice) });
      try {
        const afterBuild = (b: Build) => recordBuildEnd(ws.state, b.id, b.buildStatus, keep, options.notice);
        const run = { ...options, request, signal };
        const hooks = events.withBuildHooks({ afterBuild });
        // Masked like each member's result.json and history row: `build --batch --json` prints this.
        // Members after the first few start in lent network namespaces (lent-networks.ts).
        const batch = await withNetworkLending(runtime, t.plan.builds.length, (lent) =>
          runBatch({ workspace: ws, runtime: lent, store, ...hooks }, t, run, maxParallel),
        );
        return ws.masker.maskDeep(batch);
      } finally {
        store.close();
        await events.flush();
      }
    },
    { onStop: () => stop.abort(), stateDir: ws.state.root },
  );
}

function maxParallelOf(options: RunBatchOptions): number {
  const n = options.maxParallel ?? DEFAULT_MAX_PARALLEL;
  if (!Number.isInteger(n) || n < 1)
    throw new InputError('FLAG_INVALID', `--max-parallel must be a whole number of at least 1, got ${n}`);
  return n;
}

export type { BuildBatch, Build };
