/** The runtime layer: the ContainerRuntime interface, its Docker implementation, labels, tar and signal helpers. */
export * from './types.js';
export * from './docker/index.js';
export { installCleanupOnSignals, type SignalCleanupOptions } from './signals.js';
export { resourceLabels, labelFilters, pidAlive, isLeftover } from './labels.js';
export * from './tar.js';
export { lazyRuntime, type LazyRuntime, type RuntimeHandle } from './runtime-handle.js';
