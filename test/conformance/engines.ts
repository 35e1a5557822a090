/**
 * Engines the conformance files start for themselves: Podman's Docker-compatible API service. Started only when
 * nothing answers on its socket already, and stopped again by whoever started it (an engine the machine already
 * runs is left alone).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createDockerRuntime, type DockerRuntime } from '../../src/runtime/index.js';

export const PODMAN_SOCKET = process.env.CODELOCAL_PODMAN_SOCKET ?? '/run/podman/podman.sock';
export const PODMAN_HOST = `unix://${PODMAN_SOCKET}`;

/** Why Podman cannot be tried here, or undefined when the binary is there. */
export function podmanUnavailable(): string | undefined {
  const r = spawnSync('podman', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 'podman is not installed (apt-get install podman)';
  return undefined;
}

async function connectWithin(dockerHost: string, ms: number): Promise<DockerRuntime | undefined> {
  const deadline = Date.now() + ms;
  do {
    try {
      return await createDockerRuntime({ dockerHost, pingTimeoutMs: 1_000 });
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  } while (Date.now() < deadline);
  return undefined;
}

export interface StartedPodman {
  runtime: DockerRuntime;
  stop(): Promise<void>;
}

/** A runtime on Podman's API socket, starting `podman system service` when nothing answers there. */
export async function startPodman(): Promise<StartedPodman> {
  const existing = existsSync(PODMAN_SOCKET) ? await connectWithin(PODMAN_HOST, 1_000) : undefined;
  if (existing) return { runtime: existing, stop: async () => {} };
  mkdirSync(path.dirname(PODMAN_SOCKET), { recursive: true });
  const child: ChildProcess = spawn('podman', ['system', 'service', '--time=0', PODMAN_HOST], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const runtime = await connectWithin(PODMAN_HOST, 20_000);
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  if (!runtime) {
    await stop();
    throw new Error(`podman system service did not answer on ${PODMAN_SOCKET} within 20 s: ${log}`);
  }
  return { runtime, stop };
}
