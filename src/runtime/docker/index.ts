/** The Docker implementation of ContainerRuntime. */
export { createDockerRuntime, DockerRuntime, newRunId, type DockerRuntimeOptions } from './runtime.js';
export { discoverEngine, type DiscoveredEngine, type DiscoveryOptions } from './discovery.js';
export { FALLBACK_LOG_LINE, FALLBACK_SECURITY_OPT, cgroupRwPrelude } from './privileged.js';
export { splitRepoTag } from './images.js';
export { transferImage } from './transfer.js';
