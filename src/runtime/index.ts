/** The runtime layer: the ContainerRuntime interface, its Docker implementation, labels and signal helpers (tar lives in archive/). */
export * from './types.js';
export * from './docker/index.js';
export { exitCodeForSignal, installCleanupOnSignals, type SignalCleanupOptions, type StopSignal } from './signals.js';
export { resourceLabels, labelFilters, pidAlive, isLeftover, stateDirLabel, stateDirTag } from './labels.js';
export { lazyRuntime, type LazyRuntime, type RuntimeHandle } from './runtime-handle.js';
export { createDockerRuntime } from './docker/runtime.js';
