/**
 * CODELOCAL_TRACE_ENGINE (docs/performance.md, "How to profile"): every engine request is logged with its
 * method, path, duration and status, and the client is left untouched when the variable is not set.
 */
import type Docker from 'dockerode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { traceEngineCalls } from '../../../src/runtime/docker/engine-trace.js';

type Dial = (o: { method?: string; path?: string }, cb: (err: unknown, data: unknown) => void) => void;

function fakeDocker(answer: (o: { path?: string }) => [unknown, unknown]): { docker: Docker; dial: Dial } {
  const dial: Dial = (o, cb) => setTimeout(() => cb(...answer(o)), 1);
  const modem = { dial };
  return { docker: { modem } as unknown as Docker, dial };
}

afterEach(() => vi.restoreAllMocks());

describe('traceEngineCalls', () => {
  it('leaves the client alone when CODELOCAL_TRACE_ENGINE is not set', () => {
    const { docker, dial } = fakeDocker(() => [null, {}]);
    traceEngineCalls(docker, {});
    expect((docker.modem as unknown as { dial: Dial }).dial).toBe(dial);
  });

  it('logs each call with method, path without query, duration and status, and passes the answer on', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    const { docker } = fakeDocker((o) =>
      o.path?.startsWith('/images') ? [Object.assign(new Error('no'), { statusCode: 404 }), null] : [null, { Id: 'x' }],
    );
    traceEngineCalls(docker, { CODELOCAL_TRACE_ENGINE: '1' });
    const dial = (docker.modem as unknown as { dial: Dial }).dial;
    const call = (o: { method?: string; path?: string }) =>
      new Promise<[unknown, unknown]>((res) => dial(o, (e, d) => res([e, d])));
    expect(await call({ method: 'POST', path: '/containers/create?name=a' })).toEqual([null, { Id: 'x' }]);
    const [err] = await call({ method: 'GET', path: '/images/x/json' });
    expect((err as { statusCode: number }).statusCode).toBe(404);
    expect(lines[0]).toMatch(/^\[engine\] \+\d+ms POST \/containers\/create [\d.]+ms ok\n$/);
    expect(lines[1]).toMatch(/^\[engine\] \+\d+ms GET \/images\/x\/json [\d.]+ms error 404\n$/);
  });

  it('names the codelocal caller with CODELOCAL_TRACE_ENGINE=stack', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    const { docker } = fakeDocker(() => [null, {}]);
    traceEngineCalls(docker, { CODELOCAL_TRACE_ENGINE: 'stack' });
    const dial = (docker.modem as unknown as { dial: Dial }).dial;
    await new Promise((res) => dial({ method: 'GET', path: '/_ping' }, res));
    expect(lines[0]).toMatch(/ok <- .*engine-trace\.test\.ts:\d+/);
  });
});
