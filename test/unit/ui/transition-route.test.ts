/**
 * The execution page's transition controls (docs/ui.md, "Transitions"): the POST route that disables or
 * enables a stage's inbound transition is refused without the server token, changes the state with it
 * through the same function as `codelocal pipeline transition` (so the reason is validated as the CLI
 * validates it: 1-300 characters of `[a-zA-Z0-9!@ ().*?-]`, docs/aws/codepipeline.md §5.7), and the
 * execution view the page streams carries the new state (GetPipelineState's inboundTransitionState).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createUiApp, UiRuns, type UiContext } from '../../../src/ui/index.js';
import { pipelineState } from '../../../src/api/index.js';
import { makeHistory, type Fixture } from './fixture-history.js';

const made: Fixture[] = [];
afterAll(() => made.forEach((f) => rmSync(f.root, { recursive: true, force: true })));

const LOCAL = { host: '127.0.0.1:9999' };
const TOKEN = 'tok-123';

function setup() {
  const f = makeHistory(1, 0); // one execution of pipeline "web": stages Source, Build
  made.push(f);
  const ui: UiContext = { state: { cwd: f.root, stateDir: f.state }, token: TOKEN, runs: new UiRuns({}), engine: {} };
  const app = createUiApp(ui, true);
  const post = (stage: string, body: unknown, headers: Record<string, string> = { 'x-codelocal-token': TOKEN }) =>
    app.request(`/api/pipelines/web/stages/${stage}/transition`, {
      method: 'POST',
      headers: { ...LOCAL, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const buildTransition = () =>
    pipelineState({ cwd: f.root, stateDir: f.state, pipeline: 'web' }).stageStates.find((s) => s.stageName === 'Build')!
      .inboundTransitionState;
  return { f, app, post, buildTransition };
}

describe('codelocal ui: stage transitions from the page', () => {
  it('refuses a transition change without the token or with a wrong one, and nothing changes', async () => {
    const { post, buildTransition } = setup();
    for (const headers of [{}, { 'x-codelocal-token': 'tok-999' }] as Record<string, string>[]) {
      const r = await post('Build', { enabled: false, reason: 'Hold' }, headers);
      expect(r.status).toBe(403);
      expect((await r.json()).code).toBe('UI_TOKEN_INVALID');
    }
    expect(buildTransition().enabled).toBe(true);
  });

  it('disables with a reason and enables again with the token; the execution view carries the state', async () => {
    const { f, app, post, buildTransition } = setup();
    const off = await post('Build', { enabled: false, reason: 'Hold for release review (QA)' });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ enabled: false, disabledReason: 'Hold for release review (QA)' });
    expect(buildTransition()).toMatchObject({ enabled: false, disabledReason: 'Hold for release review (QA)' });
    const view = await (await app.request(`/api/pipeline-executions/${f.executionId}`, { headers: LOCAL })).json();
    const build = view.pipelineState.stageStates.find((s: { stageName: string }) => s.stageName === 'Build');
    expect(build.inboundTransitionState).toMatchObject({ enabled: false, lastChangedBy: 'codelocal' });
    expect(Date.parse(build.inboundTransitionState.lastChangedAt)).toBeGreaterThan(0);

    const on = await post('Build', { enabled: true });
    expect(on.status).toBe(200);
    expect(buildTransition().enabled).toBe(true);
  });

  it('validates as the CLI does: a missing or ill-formed reason, an unknown stage, a non-boolean enabled', async () => {
    const { post, buildTransition } = setup();
    for (const reason of [undefined, '', 'no; semicolons', 'x'.repeat(301)]) {
      const r = await post('Build', { enabled: false, reason });
      expect(r.status).toBe(400);
      expect((await r.json()).code).toBe('TRANSITION_REASON_INVALID');
    }
    const unknown = await post('Deploy', { enabled: false, reason: 'Hold' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).code).toBe('STAGE_NOT_FOUND');
    const bad = await post('Build', { enabled: 'no' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('UI_REQUEST_INVALID');
    expect(buildTransition().enabled).toBe(true);
  });
});
