/**
 * probeHttp (src/util/http-probe.ts): the status of one GET, or why there was none; the local registry's
 * readiness wait and the ECS stand-in's health check read it (it replaced `fetch` there: docs/performance.md,
 * change 15).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../../src/util/index.js';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') return; // never answers
    res.statusCode = req.url === '/v2/' ? 200 : 404;
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('probeHttp', () => {
  it('gives the status of the answer, whatever it is', async () => {
    expect(await probeHttp(`${base}/v2/`)).toEqual({ status: 200 });
    expect(await probeHttp(`${base}/missing`)).toEqual({ status: 404 });
  });

  it('gives the reason when nothing answers: refused, or silent past the timeout', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = await probeHttp(`http://127.0.0.1:${port}/`);
    expect('error' in refused && refused.error).toMatch(/ECONNREFUSED/);
    const silent = await probeHttp(`${base}/slow`, 200);
    expect(silent).toEqual({ error: 'no answer within 200 ms' });
  });
});
