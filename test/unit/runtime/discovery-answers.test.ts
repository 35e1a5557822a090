/**
 * Discovery asks the engine for its info and version alongside the ping that finds it (src/runtime/docker/
 * discovery.ts; docs/performance.md, change 16), and the runtime's first `info()` reads those answers instead
 * of asking again. Against a fake engine on a unix socket that records what it is asked and when.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDockerRuntime } from '../../../src/runtime/docker/runtime.js';

interface Fake {
  socket: string;
  asked: string[];
}

const dirs: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const INFO = { ID: 'fake', ServerVersion: '20.10.24', NCPU: 2, MemTotal: 4 << 30, OperatingSystem: 'Fake' };
const VERSION = { ApiVersion: '1.41', Components: [{ Name: 'Engine' }] };

/** `answer(path, n)`: the status for the n-th request of that path (1-based); ping is held for `pingDelayMs`. */
async function fakeEngine(answer: (path: string, n: number) => number, pingDelayMs = 0): Promise<Fake> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-engine-'));
  dirs.push(dir);
  const socket = join(dir, 'docker.sock');
  const asked: string[] = [];
  const counts = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/v[\d.]+/, '').replace(/\?.*$/, '');
    asked.push(path);
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const status = answer(path, n);
    const body = path === '/info' ? INFO : path === '/version' ? VERSION : 'OK';
    setTimeout(
      () => {
        res.statusCode = status;
        if (typeof body === 'string') res.end(body);
        else {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(body));
        }
      },
      path === '/_ping' ? pingDelayMs : 0,
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(socket, r));
  return { socket, asked };
}

describe('discovery asks for the engine facts alongside its ping', () => {
  it('info and version are asked before the ping is answered, and the runtime does not ask again', async () => {
    const engine = await fakeEngine(() => 200, 80);
    const runtime = await createDockerRuntime({ dockerHost: `unix://${engine.socket}` });
    // All three went out together; the ping's answer was held back 80 ms.
    expect(engine.asked.slice(0, 3).sort()).toEqual(['/_ping', '/info', '/version']);
    const info = await runtime.info();
    expect(info).toMatchObject({ engineId: 'fake', cpus: 2, memoryBytes: 4 << 30, apiVersion: '1.41' });
    await runtime.info();
    expect(engine.asked.filter((p) => p === '/info')).toHaveLength(1);
  });

  it('answers that failed are asked for again by the runtime', async () => {
    const engine = await fakeEngine((path, n) => (path === '/info' && n === 1 ? 500 : 200));
    const runtime = await createDockerRuntime({ dockerHost: `unix://${engine.socket}` });
    await expect(runtime.info()).rejects.toThrow();
    expect(await runtime.info()).toMatchObject({ engineId: 'fake' });
    expect(engine.asked.filter((p) => p === '/info')).toHaveLength(2);
  });

  it('an engine whose ping fails is DOCKER_UNREACHABLE; its pending answers end with it', async () => {
    const engine = await fakeEngine((path) => (path === '/_ping' ? 500 : 200));
    await expect(createDockerRuntime({ dockerHost: `unix://${engine.socket}` })).rejects.toMatchObject({
      code: 'DOCKER_UNREACHABLE',
    });
  });
});
