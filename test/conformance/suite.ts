/**
 * The runtime conformance suite: every method of ContainerRuntime, its container, image, network and volume
 * clients, labels, cleanup, sweep and the privileged strategy, run against one engine. Each test file calls
 * `describeConformance` with a way to reach its engine (the local dockerd, Podman's socket, a remote dockerd);
 * a Kubernetes backend would be judged by the same cases (docs/scaling.md).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import type { DockerRuntime } from '../../src/runtime/index.js';
import { TINY_IMAGE, buildTinyImage } from '../docker/helpers.js';
import { lateContext } from './context.js';
import { containerCases } from './suite-containers.js';
import { imageCases, lifecycleCases, networkVolumeCases, privilegedCases } from './suite-resources.js';

export interface ConformanceTarget {
  /** Shown in the test names: "dockerd", "podman", "remote dockerd (tcp+TLS)". */
  name: string;
  /** Reaches the engine (starting it first when the file owns it). */
  connect(): Promise<DockerRuntime>;
  /** Stops what connect() started. */
  disconnect?(): Promise<void>;
  nestedContainers: boolean;
  /** `describe` or `describe.skip` (with the reason printed by the caller). */
  describe?: typeof describe.skip;
}

/** The tiny busybox image on this engine, imported through the runtime when missing. */
export async function tinyImageOn(runtime: DockerRuntime): Promise<string> {
  return (await runtime.images.inspect(TINY_IMAGE)) ? TINY_IMAGE : buildTinyImage(runtime);
}

export function describeConformance(target: ConformanceTarget): void {
  const ctx = lateContext(target.nestedContainers);
  const describeIt = target.describe ?? describe;
  describeIt(`runtime conformance: ${target.name}`, () => {
    beforeAll(async () => {
      const runtime = await target.connect();
      ctx.set(runtime, await tinyImageOn(runtime));
    });
    afterAll(async () => {
      try {
        await ctx.runtime().cleanup();
      } catch {
        // never connected: nothing to clean
      }
      await target.disconnect?.();
    });
    describe('containers', () => containerCases(ctx));
    describe('networks and volumes', () => networkVolumeCases(ctx));
    describe('images', () => imageCases(ctx));
    describe('labels, cleanup and sweep', () => lifecycleCases(ctx));
    describe('privileged', () => privilegedCases(ctx));
  });
}
