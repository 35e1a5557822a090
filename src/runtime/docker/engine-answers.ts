/**
 * The engine's info and version as it answers them (src/runtime/docker/engine-facts.ts reads them into
 * EngineFacts). Asked for by discovery alongside its ping (discovery.ts), or by the runtime when needed.
 */
import type Docker from 'dockerode';

/** The engine's own answers, before they are read into EngineFacts. */
export interface EngineAnswers {
  info: Awaited<ReturnType<Docker['info']>>;
  version: Docker.DockerVersion;
}

/**
 * Asks the engine for info and version. `signal` ends both calls (discovery aborts them with its ping: an engine
 * that does not answer must not keep the process waiting for them).
 */
export function askEngine(docker: Docker, signal?: AbortSignal): Promise<EngineAnswers> {
  // dockerode takes an abortSignal on every call; its typings only know the callback form.
  const opts = signal ? { abortSignal: signal } : {};
  const info = (docker.info as (o: object) => Promise<EngineAnswers['info']>)(opts);
  const version = (docker.version as (o: object) => Promise<Docker.DockerVersion>)(opts);
  return Promise.all([info, version]).then(([i, v]) => ({ info: i, version: v }));
}
