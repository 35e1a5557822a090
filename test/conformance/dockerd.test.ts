/**
 * The conformance suite against the engine DOCKER_HOST names (default: the local dockerd), as every other
 * command finds it: `DOCKER_HOST=tcp://other:2376 npx vitest run --project conformance test/conformance/dockerd.test.ts`
 * judges another engine with no code change.
 */
import { createDockerRuntime } from '../../src/runtime/index.js';
import { describeDocker } from '../docker/helpers.js';
import { describeConformance } from './suite.js';

describeConformance({
  name: `engine named by DOCKER_HOST (${process.env.DOCKER_HOST ?? 'default socket'})`,
  connect: () => createDockerRuntime(),
  nestedContainers: true,
  describe: describeDocker,
});
