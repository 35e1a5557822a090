/**
 * How the build runner composes its steps, the way act composes a job's executors: a sequence
 * (`inSequence`, act's Then), a step that runs only when a condition holds (`when`), a step whose
 * failure is handled (`rescue`), and clean-up that runs however the main steps ended (`andFinally`).
 * Steps share one record (build-run.ts) instead of local variables, so the composition reads as the
 * build's outline. (No export may be named `then`: a module namespace with a `then` is a thenable,
 * and `await import()` of it would never settle.)
 */

/** One step over the shared record `R`. */
export type Step<R> = (run: R) => Promise<void> | void;

/** Runs the steps one after another; a throw ends the sequence. */
export function inSequence<R>(...steps: Step<R>[]): Step<R> {
  return async (run) => {
    for (const step of steps) await step(run);
  };
}

/** Runs `step` only when `condition` holds at the moment it would run. */
export function when<R>(condition: (run: R) => boolean, step: Step<R>): Step<R> {
  return async (run) => {
    if (condition(run)) await step(run);
  };
}

/** Runs `step`; an error it throws goes to `handler` (which may throw again) instead of the caller. */
export function rescue<R>(step: Step<R>, handler: (run: R, error: unknown) => Promise<void> | void): Step<R> {
  return async (run) => {
    try {
      await step(run);
    } catch (e) {
      await handler(run, e);
    }
  };
}

/** Runs `step`, then `cleanup` whether `step` succeeded or threw (the throw is kept). */
export function andFinally<R>(step: Step<R>, cleanup: Step<R>): Step<R> {
  return async (run) => {
    try {
      await step(run);
    } finally {
      await cleanup(run);
    }
  };
}
