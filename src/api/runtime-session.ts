/**
 * One place that opens a container runtime for an API call: reuses the caller's runtime, or
 * creates one, sweeps leftovers of crashed runs first, removes what this call created at the end,
 * and (unless the caller handles signals itself) removes it on Ctrl-C / SIGTERM too.
 */
import { type ContainerRuntime, createDockerRuntime, installCleanupOnSignals } from '../runtime/index.js';
import { logger } from '../util/index.js';

export interface RuntimeSessionOptions {
  stateDir?: string;
  /** Install cleanup on SIGINT/SIGTERM/a closed stdout (default true). Pipelines pass false: they stop gracefully first. */
  signals?: boolean;
  /**
   * Called on the first signal before the cleanup: the run stops itself (a build aborts and is recorded
   * STOPPED). The session then waits for `fn` to settle (bounded) before removing what is left.
   */
  onStop?: () => void;
}

export async function withRuntime<T>(
  given: ContainerRuntime | undefined,
  fn: (runtime: ContainerRuntime) => Promise<T>,
  options: RuntimeSessionOptions = {},
): Promise<T> {
  if (given) return fn(given);
  const runtime = await createDockerRuntime({ stateDir: options.stateDir });
  // Sweeping leftovers of crashed runs touches only resources of dead processes, so it can run
  // alongside this call instead of delaying it (start-up time is a benchmark goal).
  const swept = sweepQuietly(runtime);
  let running: Promise<T> | undefined;
  const uninstall =
    options.signals === false
      ? () => undefined
      : installCleanupOnSignals(runtime, {
          onFirstSignal: (signal) =>
            logger().warn(
              signal === 'SIGPIPE'
                ? 'output closed: stopping the run and removing its containers...'
                : 'interrupted: removing the containers of this run...',
            ),
          ...(options.onStop
            ? {
                stopRun: async () => {
                  options.onStop!();
                  await running;
                },
              }
            : {}),
        });
  try {
    running = fn(runtime);
    return await running;
  } finally {
    uninstall();
    await swept;
    await runtime.cleanup();
  }
}

async function sweepQuietly(runtime: ContainerRuntime): Promise<void> {
  try {
    const swept = await runtime.sweep();
    if (swept.length) logger().info(`removed ${swept.length} leftover resource(s) of earlier runs that did not finish`);
  } catch (e) {
    logger().debug(`sweep failed: ${(e as Error).message}`);
  }
}

/**
 * A runtime for this process, with leftovers of crashed runs swept (docs/aws/peers.md §5.8). The sweep runs
 * alongside the caller's first engine calls, as in `withRuntime` (it touches only resources of dead processes),
 * and `cleanup()` waits for it, so it still ends before the process does (docs/performance.md, "Pipeline start").
 */
export async function openRuntime(options: { stateDir?: string } = {}): Promise<ContainerRuntime> {
  const runtime = await createDockerRuntime({ stateDir: options.stateDir });
  const swept = sweepQuietly(runtime);
  const cleanup = runtime.cleanup.bind(runtime);
  runtime.cleanup = async () => {
    await swept;
    await cleanup();
  };
  return runtime;
}
