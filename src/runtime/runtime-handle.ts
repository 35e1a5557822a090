/**
 * The one shape in which a container runtime travels to the code that may need it: a function
 * that opens it on first call and then returns the same one. A pipeline whose actions are all
 * approvals or sources never needs Docker, so nothing connects to it until a provider asks.
 */
import type { ContainerRuntime } from './types.js';

export type RuntimeHandle = () => Promise<ContainerRuntime>;

export interface LazyRuntime {
  handle: RuntimeHandle;
  /** Removes what the run created in the engine, when the runtime was opened here (not when it was given). */
  close(): Promise<void>;
}

/** `given` is used as is (tests, callers that manage their own); otherwise `open` runs on first use, once. */
export function lazyRuntime(given: ContainerRuntime | undefined, open: () => Promise<ContainerRuntime>): LazyRuntime {
  if (given) return { handle: () => Promise.resolve(given), close: async () => undefined };
  let opened: Promise<ContainerRuntime> | undefined;
  return {
    handle: () => (opened ??= open()),
    close: async () => {
      if (opened) await (await opened).cleanup();
    },
  };
}
