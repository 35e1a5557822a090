/**
 * Pushing an image of the host engine into the local registry (through its loopback port, which the
 * engine trusts without TLS). ContainerRuntime has no push yet, so this uses the Docker runtime's
 * dockerode client, the documented escape hatch for calls the interface does not cover.
 */
import { EnvironmentError } from '../../errors.js';
import { DockerRuntime } from '../../runtime/docker/runtime.js';
import type { ContainerRuntime } from '../../runtime/types.js';

interface PushMessage {
  error?: string;
  errorDetail?: { message?: string };
}

export async function pushImage(runtime: ContainerRuntime, ref: string): Promise<void> {
  const docker = runtime instanceof DockerRuntime ? runtime.docker : (runtime as { docker?: DockerRuntime['docker'] }).docker;
  if (!docker) throw new EnvironmentError('PUSH_UNSUPPORTED', `cannot push ${ref}: this container runtime has no push`);
  const stream = (await docker.getImage(ref).push({})) as NodeJS.ReadableStream;
  const messages: PushMessage[] = await new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: PushMessage[]) => (err ? reject(err) : resolve(out))),
  );
  const failed = messages.find((m) => m.error);
  if (failed) throw new EnvironmentError('IMAGE_PUSH_FAILED', `pushing ${ref} failed: ${failed.errorDetail?.message ?? failed.error}`);
}
