/**
 * A service proxy whose host port another program holds (issue 17): the deploy fails with
 * HOST_PORT_TAKEN naming the codelocal.yml key, and no `Created` proxy container is left behind.
 * (Ports written in codelocal.yml are refused before the run: test/unit/deploy-actions/deploy-ports.test.ts;
 * this is the late case, a port taken from the task definition.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ensureProxy, serviceLabel } from '../../../src/local-aws/ecs/proxy.js';
import type { CodelocalError } from '../../../src/errors.js';
import { describeDocker, getRuntime } from '../helpers.js';

const state = mkdtempSync(join(tmpdir(), 'codelocal-proxy-port-'));
let server: Server | undefined;
afterAll(() => {
  server?.close();
  rmSync(state, { recursive: true, force: true });
});

describeDocker('ECS proxy on a taken host port', () => {
  it('fails with HOST_PORT_TAKEN and removes the proxy it created', async () => {
    server = createServer();
    const port = await new Promise<number>((resolve) =>
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port)),
    );
    const runtime = await getRuntime();
    const svc = { account: '123456789012', region: 'us-east-1', cluster: 'c', name: 'port-taken', stateDir: state };
    const err = (await ensureProxy(runtime, svc, 'bridge', [port]).catch((e: unknown) => e)) as CodelocalError;
    expect(err.code).toBe('HOST_PORT_TAKEN');
    expect(err.details[0]).toContain('ecs.services.port-taken.port');
    const left = await runtime.listResources({ labels: { 'codelocal.ecs.service': serviceLabel(svc) } });
    expect(left.filter((r) => r.labels['codelocal.state-dir'] === state)).toEqual([]);
  }, 60_000);
});
