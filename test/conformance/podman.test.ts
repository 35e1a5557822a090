/**
 * The conformance suite against Podman through its Docker-compatible API (`podman system service`), the way a
 * user points codelocal at it: DOCKER_HOST=unix:///run/podman/podman.sock. Skips with the reason on a machine
 * without podman, never under CI=true (setup.sh installs it there).
 */
import { describe } from 'vitest';
import { isCI } from '../docker/helpers.js';
import { podmanUnavailable, startPodman, type StartedPodman } from './engines.js';
import { describeConformance } from './suite.js';

const unavailable = podmanUnavailable();
if (unavailable && !isCI) console.warn(`[podman conformance skipped] ${unavailable}`);

let podman: StartedPodman | undefined;

describeConformance({
  name: 'podman (Docker-compatible API)',
  connect: async () => {
    podman = await startPodman();
    return podman.runtime;
  },
  disconnect: async () => podman?.stop(),
  nestedContainers: true,
  describe: unavailable && !isCI ? describe.skip : describe,
});
