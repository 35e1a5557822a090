/**
 * Stop and transitions from the page, in headless Chromium (issue 13 follow-ups):
 * - "Stop execution" clicked in the browser stops a running execution (StopPipelineExecution without
 *   abandon lets the running action finish, then the execution is Stopped: docs/aws/codepipeline.md §5.4);
 * - "Disable transition" (with a reason) in front of Build holds the next run in front of that stage, the
 *   page shows it waiting (GetPipelineState's inbound execution), and "Enable transition" lets it in, after
 *   which it finishes (DisableStageTransition / EnableStageTransition, §5.7). The disabled transition with
 *   its waiting execution is the README's transition screenshot in docs/images/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPipeline, type PipelineRunResult } from '../../../src/api/pipeline.js';
import { getExecution, pipelineState } from '../../../src/api/index.js';
import { startUiServer, type UiServer } from '../../../src/ui/index.js';
import { getRuntime } from '../helpers.js';
import { CODEBUILD, connectionSource, gitRepo, pipelineFile, projectsFile, type Repo } from '../pipeline/harness.js';
import { describeBrowser, openBrowser, waitForText, type Browser } from './browser.js';

const IMAGES = join(process.cwd(), 'docs/images');

// Long enough to click Stop while it runs, short enough to keep the test quick.
const SLOW = `version: 0.2
phases:
  build:
    commands:
      - for i in 1 2 3 4; do echo "tick-$i"; sleep 1; done
`;

describeBrowser('codelocal ui: stop and stage transitions from the page', () => {
  let repo: Repo;
  let server: UiServer;
  let browser: Browser;
  let file: string;
  let projects: string;
  beforeAll(async () => {
    repo = await gitRepo({ 'README.md': '# app\n' });
    server = await startUiServer({ cwd: repo.dir, stateDir: repo.state, engine: { runtime: await getRuntime() } });
    browser = await openBrowser();
    projects = projectsFile(repo.state, { slow: { buildspec: SLOW } });
    file = pipelineFile(
      repo.state,
      [
        { name: 'Source', actions: [connectionSource('Code', 'Code')] },
        {
          name: 'Build',
          actions: [
            {
              name: 'Slow',
              actionTypeId: CODEBUILD,
              inputArtifacts: [{ name: 'Code' }],
              configuration: { ProjectName: 'slow' },
            },
          ],
        },
      ],
      'gated-app',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function start(): Promise<{ id: string; run: Promise<PipelineRunResult> }> {
    let started!: (id: string) => void;
    const known = new Promise<string>((resolve) => (started = resolve));
    const run = runPipeline({
      file,
      cwd: repo.dir,
      stateDir: repo.state,
      projectFiles: [projects],
      runtime: await getRuntime(),
      onStart: (id) => started(id),
    });
    run.catch(() => undefined);
    return { id: await known, run };
  }

  it('a Stop clicked in the browser stops the running execution', async () => {
    const { id, run } = await start();
    const { page } = browser;
    await page.goto(server.executionUrl(id));
    await waitForText(page, '[data-testid=log]', 'tick-1');
    await page.getByRole('button', { name: 'Stop execution' }).click();
    await waitForText(page, 'h1', 'Stopped');
    const stopped = (await run).execution;
    expect(stopped.status).toBe('Stopped');
    // Stop without abandon: the running build was let finish and keeps its own status (§5.4).
    expect(stopped.actionExecutionDetails.find((d) => d.actionName === 'Slow')?.status).toBe('Succeeded');
    expect(getExecution({ cwd: repo.dir, stateDir: repo.state, executionId: id }).status).toBe('Stopped');
  });

  it('disables the transition into Build from the page, a run waits there, enabling it lets the run finish', async () => {
    const { page } = browser;
    const previous = pipelineState({ cwd: repo.dir, stateDir: repo.state, pipeline: 'gated-app' });
    const anyId = previous.stageStates[0]!.latestExecution!.pipelineExecutionId;
    await page.goto(server.executionUrl(anyId));
    const gate = page.locator('[data-transition="Build"]');
    await gate.getByRole('button', { name: 'Disable transition' }).click();
    // The route validates the reason as the CLI does: a semicolon is refused, and the page says why.
    await gate.locator('input').fill('hold; please');
    await gate.getByRole('button', { name: 'Disable', exact: true }).click();
    await waitForText(page, 'p.error', 'TRANSITION_REASON_INVALID', 30_000);
    await gate.locator('input').fill('Hold for release review');
    await gate.getByRole('button', { name: 'Disable', exact: true }).click();
    await waitForText(page, '[data-transition="Build"]', 'Hold for release review', 30_000);
    await page.locator('p.error').waitFor({ state: 'detached', timeout: 30_000 }); // the refusal is cleared

    const { id, run } = await start();
    await page.goto(server.executionUrl(id));
    await waitForText(page, '[data-transition="Build"] .waiting', '(this execution)', 60_000);
    await waitForText(page, '[data-stage="Build"] .stage-head', 'Waiting', 30_000);
    expect(await page.locator('[data-action="Build.Slow"]').textContent()).not.toContain('InProgress');
    await page.screenshot({ path: join(IMAGES, 'ui-transition.png') });

    await page.locator('[data-transition="Build"]').getByRole('button', { name: 'Enable transition' }).click();
    await waitForText(page, 'h1', 'Succeeded');
    expect((await run).execution.status).toBe('Succeeded');
    const after = pipelineState({ cwd: repo.dir, stateDir: repo.state, pipeline: 'gated-app' });
    expect(after.stageStates[1]!.inboundTransitionState.enabled).toBe(true);
    expect(await page.locator('[data-transition="Build"] .waiting').count()).toBe(0);
  });
});
