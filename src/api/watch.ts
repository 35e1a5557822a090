/**
 * `watchBuilds` (`codelocal build --watch`): runs the build, then again whenever a source file
 * changes (watch-source.ts: debounced, ignore files honoured). A change while a build runs stops it
 * (status STOPPED, its container removed) and starts a new one, so the latest save always wins.
 * One engine connection serves every run.
 */
import { resolve } from 'node:path';
import { InputError, CodelocalError } from '../errors.js';
import type { Build } from '../engine/codebuild/index.js';
import { runBuild, type RunBuildOptions } from './build.js';
import { stateDirFor } from './debug.js';
import type { ContainerRuntime } from '../runtime/index.js';
import { withRuntime } from './runtime-session.js';
import { watchSources } from './watch-source.js';

export interface WatchBuildOptions extends RunBuildOptions {
  debounceMs?: number;
  onRunStart?(info: { run: number; changed: string[] }): void;
  onRunEnd?(build: Build, info: { run: number }): void;
  /** A run that could not start (bad YAML after an edit...): reported, and the watch goes on. */
  onRunError?(error: CodelocalError, info: { run: number }): void;
  /** Ends the watch (a running build is stopped). */
  until?: AbortSignal;
}

export async function watchBuilds(o: WatchBuildOptions): Promise<void> {
  if (o.keep || o.reuse || o.shellOnFailure) {
    throw new InputError(
      'WATCH_FLAGS_CONFLICT',
      '--watch cannot be combined with --keep, --reuse or --shell-on-failure',
      {
        details: ['a watch restarts builds on every change; debug one build at a time instead'],
      },
    );
  }
  const sourceDir = resolve(o.sourceDir);
  const state = stateDirFor(sourceDir, o.stateDir);
  // The build writes these itself: changes there must not start another build.
  const exclude = [state.root, o.artifactsDir, o.reportsDir]
    .filter((d): d is string => Boolean(d))
    .map((d) => resolve(d));
  const roots = [sourceDir, ...(o.secondarySources ?? []).map((s) => resolve(s.dir))];

  // A signal or a closed stdout ends the watch: the running build stops (STOPPED) before the clean-up.
  const stopped = new AbortController();
  const until = o.until ? AbortSignal.any([o.until, stopped.signal]) : stopped.signal;
  await withRuntime(o.runtime, (runtime) => watchLoop({ ...o, until }, runtime, roots, exclude), {
    onStop: () => stopped.abort(),
  });
}

/** Builds, then waits for a change (or the end) and builds again. */
async function watchLoop(o: WatchBuildOptions, runtime: ContainerRuntime, roots: string[], exclude: string[]) {
  let changed: string[] = [];
  let wake: (() => void) | undefined;
  let current: AbortController | undefined;
  const watcher = watchSources({
    roots,
    exclude,
    debounceMs: o.debounceMs,
    onChange: (paths) => {
      // A bind-mounted source is written by the build itself: its own writes must not restart it.
      if (o.bind && current) return;
      changed.push(...paths);
      current?.abort();
      wake?.();
    },
  });
  const onUntil = () => {
    current?.abort();
    wake?.();
  };
  o.until?.addEventListener('abort', onUntil, { once: true });
  try {
    for (let run = 1; !o.until?.aborted; run++) {
      if (run > 1 && !changed.length) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      if (o.until?.aborted) break;
      const paths = changed;
      changed = [];
      current = new AbortController();
      const signal = o.signal ? AbortSignal.any([o.signal, current.signal]) : current.signal;
      o.onRunStart?.({ run, changed: paths });
      try {
        const build = await runBuild({ ...o, runtime, signal });
        o.onRunEnd?.(build, { run });
      } catch (e) {
        if (!(e instanceof CodelocalError) || e.kind !== 'input' || !o.onRunError) throw e;
        o.onRunError(e, { run });
      } finally {
        current = undefined;
      }
    }
  } finally {
    o.until?.removeEventListener('abort', onUntil);
    watcher.close();
  }
}
