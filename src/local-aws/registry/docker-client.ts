/**
 * The dockerode client behind a runtime, for the two calls ContainerRuntime does not cover yet (image
 * push, network inspect); DockerRuntime exposes it as its documented escape hatch. Runtimes that wrap
 * one (build hooks) carry it along.
 */
import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import { DockerRuntime } from '../../runtime/docker/runtime.js';
import type { ContainerRuntime } from '../../runtime/types.js';

export function dockerClient(runtime: ContainerRuntime, why: string): Docker {
  const docker = runtime instanceof DockerRuntime ? runtime.docker : (runtime as { docker?: Docker }).docker;
  if (!docker) throw new EnvironmentError('RUNTIME_UNSUPPORTED', `cannot ${why}: this container runtime is not Docker`);
  return docker;
}
