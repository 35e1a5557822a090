/**
 * In-process stop requests for endings that are not signals: a closed stdout (EPIPE on write, which
 * Node reports as an error because it ignores SIGPIPE). Whoever cleans up on SIGINT/SIGTERM (the
 * runtime session, `pipeline run`) also listens here, so a closed pipe stops a run exactly as a
 * signal does. Lives in util/ because the CLI's entry point must reach it without loading Docker.
 */

/** A pseudo-signal: the reason a run is asked to stop. */
export type StopReason = 'SIGPIPE';

/** Exit code of a run ended by a closed stdout: 128 + SIGPIPE (13), as shells report a process killed by it. */
export const EXIT_CLOSED_PIPE = 141;

type StopHandler = (reason: StopReason) => void;

const handlers = new Set<StopHandler>();

/** Registers a handler; returns the function that removes it. */
export function onStopRequest(handler: StopHandler): () => void {
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
  };
}

/** Asks every registered handler to stop; false when nobody listens (nothing is running to stop). */
export function requestStop(reason: StopReason): boolean {
  if (handlers.size === 0) return false;
  for (const h of [...handlers]) {
    try {
      h(reason);
    } catch {
      // One failing handler must not keep the others from stopping their run.
    }
  }
  return true;
}
