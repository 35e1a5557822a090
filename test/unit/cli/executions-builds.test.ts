/**
 * `executions list --builds` and `executions show BUILD_ID`: builds are recorded, so history shows
 * them, with `--json` as `aws codebuild list-builds` ({ids}) and `batch-get-builds`
 * ({builds, buildsNotFound}) print it (issue 17).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { ExecutionStore } from '../../../src/stores/execution-store.js';

const state = mkdtempSync(join(tmpdir(), 'codelocal-exec-builds-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'codelocal', ...args, '--state-dir', state]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const build = (id: string, status: 'SUCCEEDED' | 'FAILED', start: number) => ({
  id,
  arn: `arn:aws:codebuild:us-east-1:123456789012:build/${id}`,
  projectName: id.split(':')[0],
  buildStatus: status,
  startTime: new Date(start).toISOString(),
  endTime: new Date(start + 2000).toISOString(),
  phases: [],
  logs: { path: '/tmp/x.log' },
  artifacts: undefined,
  secondaryArtifacts: [],
  exportedEnvironmentVariables: [],
  codelocal: { localImage: 'codelocal/standard:latest' },
});

const store = ExecutionStore.open(join(state, 'executions.db'));
for (const [id, status, t] of [
  ['app:11111111-aaaa', 'SUCCEEDED', 1_700_000_000_000],
  ['app:22222222-bbbb', 'FAILED', 1_700_000_100_000],
] as const) {
  store.insertBuild({
    id,
    project: 'app',
    buildNumber: 1,
    status,
    startTime: t,
    endTime: t + 2000,
    result: build(id, status, t),
  });
}
store.close();

describe('executions: builds', () => {
  it('list --builds: newest first; --json is list-builds {ids}', async () => {
    const text = await run('executions', 'list', '--builds');
    expect(text.code).toBe(0);
    const lines = text.out.trim().split('\n');
    expect(lines[0]).toMatch(/^app:22222222-bbbb\s+FAILED/);
    expect(lines[1]).toMatch(/^app:11111111-aaaa\s+SUCCEEDED/);
    const json = await run('executions', 'list', '--builds', '--json');
    expect(JSON.parse(json.out)).toEqual({ ids: ['app:22222222-bbbb', 'app:11111111-aaaa'] });
  });

  it('show BUILD_ID (a prefix is enough): --json is batch-get-builds {builds, buildsNotFound}', async () => {
    const json = await run('executions', 'show', 'app:1111', '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.buildsNotFound).toEqual([]);
    expect(parsed.builds.map((b: { id: string }) => b.id)).toEqual(['app:11111111-aaaa']);
    const text = await run('executions', 'show', 'app:2222');
    expect(text.out).toContain('Build FAILED  app:22222222-bbbb');
  });

  it('an id that is neither: the not-found error', async () => {
    const r = await run('executions', 'show', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no execution nope/);
  });
});
