/**
 * The UI server's API against a recorded history (no Docker): paging and filters done by SQL, the token
 * rules (a state change without this server's token is refused; off loopback every request needs it; a
 * foreign Host is refused on loopback), approvals through the page's route, and the assets it serves.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createUiApp, UiRuns, type UiContext } from '../../../src/ui/index.js';
import { ExecutionStore } from '../../../src/stores/index.js';
import { makeHistory, type Fixture } from './fixture-history.js';

const made: Fixture[] = [];
afterAll(() => made.forEach((f) => rmSync(f.root, { recursive: true, force: true })));

function app(f: Fixture, loopback = true) {
  const ui: UiContext = {
    state: { cwd: f.root, stateDir: f.state },
    token: 'tok-123',
    runs: new UiRuns({}),
    engine: {},
  };
  return createUiApp(ui, loopback);
}

function history(pipelines: number, builds: number) {
  const f = makeHistory(pipelines, builds);
  made.push(f);
  return f;
}

const LOCAL = { host: '127.0.0.1:9999' };

describe('codelocal ui: history pages', () => {
  it('pages pipelines and standalone builds together, newest first, with the total', async () => {
    const f = history(30, 20);
    const r = await app(f).request('/api/runs?limit=10&offset=10', { headers: LOCAL });
    const page = await r.json();
    expect(page.total).toBe(50);
    expect(page.rows).toHaveLength(10);
    const times = page.rows.map((x: { startTime: number }) => x.startTime);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(new Set(page.rows.map((x: { kind: string }) => x.kind))).toEqual(new Set(['pipeline', 'build']));
    expect(page.names).toEqual(['api', 'app', 'web']);
  });

  it('filters by name, kind and status (InProgress also matches a build IN_PROGRESS)', async () => {
    const f = history(6, 3);
    const a = app(f);
    const web = await (await a.request('/api/runs?name=web', { headers: LOCAL })).json();
    expect(web.total).toBe(3);
    expect(web.rows.every((x: { name: string }) => x.name === 'web')).toBe(true);
    const builds = await (await a.request('/api/runs?kind=build', { headers: LOCAL })).json();
    expect(builds.total).toBe(3);
    const store = ExecutionStore.open(join(f.state, 'executions.db'));
    store.insertBuild({ id: 'app:running', project: 'app', status: 'IN_PROGRESS' });
    store.close();
    const running = await (await a.request('/api/runs?status=InProgress', { headers: LOCAL })).json();
    expect(running.rows.map((x: { id: string }) => x.id).sort()).toEqual(['app:running', f.executionId]);
  });

  it('shows an execution with the stages of its definition, and a build record with its log path', async () => {
    const f = history(2, 1);
    const a = app(f);
    const e = await (await a.request(`/api/pipeline-executions/${f.executionId}`, { headers: LOCAL })).json();
    expect(e.stages.map((s: { name: string }) => s.name)).toEqual(['Source', 'Build']);
    expect(e.stages[1].actions.map((x: { runOrder: number }) => x.runOrder)).toEqual([1, 2]);
    expect(e.execution.actionExecutionDetails[0].actionExecutionId).toBe(f.actionId);
    const missing = await a.request('/api/pipeline-executions/nope', { headers: LOCAL });
    expect(missing.status).toBe(400);
    expect((await missing.json()).code).toBe('PIPELINE_EXECUTION_NOT_FOUND');
    const b = await (await a.request('/api/builds/app:build-0', { headers: LOCAL })).json();
    expect(b.logPath).toMatch(/builds\/app_build-0\/build\.log$/);
  });
});

describe('codelocal ui: the per-server token', () => {
  const stop = (f: Fixture, headers: Record<string, string>) =>
    app(f).request(`/api/pipeline-executions/${f.executionId}/stop`, {
      method: 'POST',
      headers: { ...LOCAL, 'content-type': 'application/json', ...headers },
      body: '{}',
    });

  it('refuses a state-changing request without the token, with a wrong one, or with it only in the query', async () => {
    const f = history(2, 0);
    for (const headers of [{}, { 'x-codelocal-token': 'tok-999' }] as Record<string, string>[]) {
      const r = await stop(f, headers);
      expect(r.status).toBe(403);
      expect((await r.json()).code).toBe('UI_TOKEN_INVALID');
    }
    const viaQuery = await app(f).request(`/api/pipeline-executions/${f.executionId}/stop?token=tok-123`, {
      method: 'POST',
      headers: LOCAL,
      body: '{}',
    });
    expect(viaQuery.status).toBe(403);
    // Nothing changed: the execution is still running.
    const store = ExecutionStore.open(join(f.state, 'executions.db'));
    expect(store.getPipelineExecution(f.executionId)?.status).toBe('InProgress');
    store.close();
  });

  it('accepts the same request with the token (the stop is recorded)', async () => {
    const f = history(2, 0);
    const r = await stop(f, { 'x-codelocal-token': 'tok-123' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ executionId: f.executionId, mode: 'wait' });
    const store = ExecutionStore.open(join(f.state, 'executions.db'));
    expect(store.getPipelineExecution(f.executionId)?.status).toBe('Stopping');
    store.close();
  });

  it('on loopback refuses a request whose Host is another name (DNS rebinding)', async () => {
    const f = history(1, 0);
    const r = await app(f).request('/api/runs', { headers: { host: 'attacker.example:9999' } });
    expect(r.status).toBe(403);
  });

  it('off loopback refuses every request without the token, reads included', async () => {
    const f = history(1, 0);
    const a = app(f, false);
    expect((await a.request('/api/runs', { headers: { host: '10.0.0.5:80' } })).status).toBe(403);
    expect((await a.request('/', { headers: { host: '10.0.0.5:80' } })).status).toBe(403);
    expect((await a.request('/api/runs?token=tok-123', { headers: { host: '10.0.0.5:80' } })).status).toBe(200);
  });

  it('decides a waiting approval once (PutApprovalResult), the second decision is refused', async () => {
    const f = history(1, 0);
    const store = ExecutionStore.open(join(f.state, 'executions.db'));
    store.createApproval({ token: 'appr-1', executionId: f.executionId, stage: 'Build', action: 'Approve' });
    store.close();
    const decide = () =>
      app(f).request(`/api/pipeline-executions/${f.executionId}/approve`, {
        method: 'POST',
        headers: { ...LOCAL, 'content-type': 'application/json', 'x-codelocal-token': 'tok-123' },
        body: JSON.stringify({ stage: 'Build', action: 'Approve', status: 'Approved', summary: 'looks good' }),
      });
    const first = await decide();
    expect(first.status).toBe(200);
    expect((await first.json()).status).toBe('Approved');
    const second = await decide();
    expect(second.status).toBe(400);
    expect((await second.json()).code).toBe('APPROVAL_ALREADY_COMPLETED');
  });
});

describe('codelocal ui: the page', () => {
  it('serves the page with the token and a CSP that forbids inline script, and every asset', async () => {
    const f = history(1, 0);
    const a = app(f);
    const page = await a.request('/', { headers: LOCAL });
    expect(await page.text()).toContain('<meta name="codelocal-token" content="tok-123">');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const { ASSET_FILES } = await import('../../../src/ui/assets.js');
    for (const file of [...ASSET_FILES.map((x) => `/assets/${x}`), '/vendor/preact.js', '/vendor/htm.js']) {
      expect((await a.request(file, { headers: LOCAL })).status, file).toBe(200);
    }
    const hooks = await (await a.request('/vendor/hooks.js', { headers: LOCAL })).text();
    expect(hooks).toContain('from"/vendor/preact.js"');
    expect((await a.request('/assets/../server.ts', { headers: LOCAL })).status).toBe(404);
  });
});
