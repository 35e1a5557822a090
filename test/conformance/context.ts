/**
 * What the conformance cases get from the file that runs them: the runtime under test (connected in a
 * beforeAll), its tiny busybox image, and what this engine is known to lack, so a case can assert the
 * runtime's own error for it instead of skipping.
 */
import type { DockerRuntime } from '../../src/runtime/index.js';

export interface ConformanceContext {
  runtime(): DockerRuntime;
  image(): string;
  /** The engine can start privileged containers whose processes may mount (nested containers work). */
  nestedContainers: boolean;
}

/** A context whose runtime and image are filled in by the test file's beforeAll. */
export function lateContext(nestedContainers: boolean): ConformanceContext & {
  set(runtime: DockerRuntime, image: string): void;
} {
  let rt: DockerRuntime | undefined;
  let img: string | undefined;
  return {
    nestedContainers,
    runtime: () => rt ?? fail('runtime'),
    image: () => img ?? fail('image'),
    set(runtime, image) {
      rt = runtime;
      img = image;
    },
  };
}

function fail(what: string): never {
  throw new Error(`conformance: the ${what} was not set up (did the engine start?)`);
}
