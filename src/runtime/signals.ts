/**
 * Cleanup on Ctrl-C / SIGTERM / a closed stdout: stop the run (so it is recorded as stopped), remove
 * what this run created, then exit with the conventional code (130 for SIGINT, 143 for SIGTERM, 141
 * for a closed pipe). A second signal while cleaning up exits at once.
 *
 * There is no async safety net for SIGKILL or a crash (an `exit` handler cannot await the engine): those
 * leftovers carry our pid label, and `sweep()` at the next start removes them once the pid is gone.
 */
import { EXIT_CLOSED_PIPE, onStopRequest, type StopReason } from '../util/index.js';
import type { ContainerRuntime } from './types.js';

export type StopSignal = NodeJS.Signals | StopReason;

export interface SignalCleanupOptions {
  /** Called when the first signal arrives, before cleanup (e.g. to print "cleaning up..."). */
  onFirstSignal?: (signal: StopSignal) => void;
  /**
   * Stops the run gracefully before the cleanup (a build aborts: its container is killed and it is
   * recorded STOPPED); awaited for at most `graceMs`.
   */
  stopRun?: (signal: StopSignal) => Promise<unknown>;
  /** How long `stopRun` may take before the cleanup goes ahead anyway (default 15 s). */
  graceMs?: number;
  /** Called when cleanup fails; the process still exits with the signal's code. */
  onCleanupError?: (error: unknown) => void;
  signals?: NodeJS.Signals[];
  /** How to end the process; the CLI passes its own, library users get process.exit. */
  exit?: (code: number) => void;
}

const EXIT_CODES: Partial<Record<StopSignal, number>> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGHUP: 129,
  SIGPIPE: EXIT_CLOSED_PIPE,
};

/** The exit code a run ended by `signal` reports (128 + the signal's number, as shells do). */
export function exitCodeForSignal(signal: StopSignal): number {
  return EXIT_CODES[signal] ?? 128;
}

/** Installs the handlers (signals and the closed-stdout stop request); returns a function that removes them. */
export function installCleanupOnSignals(
  runtime: Pick<ContainerRuntime, 'cleanup'>,
  options: SignalCleanupOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let cleaning = false;

  const handler = (signal: StopSignal) => {
    const code = exitCodeForSignal(signal);
    if (cleaning) {
      exit(code);
      return;
    }
    cleaning = true;
    try {
      options.onFirstSignal?.(signal);
    } catch {
      // A failing notifier must not prevent cleanup.
    }
    stopGracefully(options, signal)
      .then(() => runtime.cleanup())
      .then(
        () => exit(code),
        (e: unknown) => {
          options.onCleanupError?.(e);
          exit(code);
        },
      );
  };

  for (const s of signals) process.on(s, handler);
  const offStop = onStopRequest(handler);
  return () => {
    for (const s of signals) process.off(s, handler);
    offStop();
  };
}

/** The caller's graceful stop, bounded in time; its failure does not matter (the cleanup follows). */
async function stopGracefully(options: SignalCleanupOptions, signal: StopSignal): Promise<void> {
  if (!options.stopRun) return;
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, options.graceMs ?? 15_000);
  });
  try {
    await Promise.race([options.stopRun(signal).catch(() => undefined), grace]);
  } finally {
    clearTimeout(timer);
  }
}
