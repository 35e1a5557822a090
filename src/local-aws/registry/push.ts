/**
 * Pushing an image of the host engine into the local registry (through its loopback port, which the
 * engine trusts without TLS). ContainerRuntime has no push yet, so this uses the Docker runtime's
 * dockerode client (docker-client.ts).
 */
import { EnvironmentError } from '../../errors.js';
import type { ContainerRuntime } from '../../runtime/types.js';
import { dockerClient } from './docker-client.js';

interface PushMessage {
  error?: string;
  errorDetail?: { message?: string };
}

export async function pushImage(runtime: ContainerRuntime, ref: string): Promise<void> {
  const docker = dockerClient(runtime, `push ${ref}`);
  // The engine insists on an auth header; the local registry wants no credentials.
  const stream = (await docker
    .getImage(ref)
    .push({ authconfig: { serveraddress: ref.split('/')[0] } })) as NodeJS.ReadableStream;
  const messages: PushMessage[] = await new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: PushMessage[]) => (err ? reject(err) : resolve(out))),
  );
  const failed = messages.find((m) => m.error);
  if (failed)
    throw new EnvironmentError(
      'IMAGE_PUSH_FAILED',
      `pushing ${ref} failed: ${failed.errorDetail?.message ?? failed.error}`,
    );
}
