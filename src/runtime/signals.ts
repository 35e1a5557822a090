/**
 * Cleanup on Ctrl-C / SIGTERM: remove what this run created, then exit with the conventional code
 * (130 for SIGINT, 143 for SIGTERM). A second signal while cleaning up exits at once.
 *
 * There is no async safety net for SIGKILL or a crash (an `exit` handler cannot await the engine): those
 * leftovers carry our pid label, and `sweep()` at the next start removes them once the pid is gone.
 */
import type { ContainerRuntime } from './types.js';

export interface SignalCleanupOptions {
  /** Called when the first signal arrives, before cleanup (e.g. to print "cleaning up..."). */
  onFirstSignal?: (signal: NodeJS.Signals) => void;
  /** Called when cleanup fails; the process still exits with the signal's code. */
  onCleanupError?: (error: unknown) => void;
  signals?: NodeJS.Signals[];
  /** How to end the process; the CLI passes its own, library users get process.exit. */
  exit?: (code: number) => void;
}

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Installs the handlers; returns a function that removes them again. */
export function installCleanupOnSignals(
  runtime: Pick<ContainerRuntime, 'cleanup'>,
  options: SignalCleanupOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let cleaning = false;

  const handler = (signal: NodeJS.Signals) => {
    const code = EXIT_CODES[signal] ?? 128;
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
    runtime.cleanup().then(
      () => exit(code),
      (e: unknown) => {
        options.onCleanupError?.(e);
        exit(code);
      },
    );
  };

  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
