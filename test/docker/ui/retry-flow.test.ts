/**
 * Retry from the page (RetryStageExecution, docs/aws/codepipeline.md §5.5): a build that fails on its
 * first attempt (the project's build number is 1) fails the execution; the page's "Retry failed actions"
 * re-runs that action in the same execution (attempt 2, build number 2, which passes) and the page sees
 * the execution succeed. The retry runs in the UI server's process, as does a new run started from the
 * list's "Release change" (build number 3).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getExecution } from '../../../src/api/index.js';
import { startUiServer, type UiServer } from '../../../src/ui/index.js';
import { getRuntime } from '../helpers.js';
import {
  CODEBUILD,
  connectionSource,
  gitRepo,
  pipelineFile,
  projectsFile,
  runIn,
  type Repo,
} from '../pipeline/harness.js';
import { describeBrowser, openBrowser, waitForText, type Browser } from './browser.js';

const FLAKY = `version: 0.2
phases:
  build:
    commands:
      - echo "attempt with build number $CODEBUILD_BUILD_NUMBER"
      - if [ "$CODEBUILD_BUILD_NUMBER" -lt 2 ]; then echo "first attempt fails"; exit 1; fi
      - echo "second attempt passes"
`;

describeBrowser('codelocal ui: retry a failed action from the page', () => {
  let repo: Repo;
  let server: UiServer;
  let browser: Browser;
  beforeAll(async () => {
    repo = await gitRepo({ 'README.md': '# app\n' });
    server = await startUiServer({ cwd: repo.dir, stateDir: repo.state, engine: { runtime: await getRuntime() } });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('re-runs the failed action in the same execution and the page sees it succeed', async () => {
    const projects = projectsFile(repo.state, { flaky: { buildspec: FLAKY } });
    const file = pipelineFile(repo.state, [
      { name: 'Source', actions: [connectionSource('Code', 'Code')] },
      {
        name: 'Build',
        actions: [
          {
            name: 'Flaky',
            actionTypeId: CODEBUILD,
            inputArtifacts: [{ name: 'Code' }],
            configuration: { ProjectName: 'flaky' },
          },
        ],
      },
    ]);
    const first = await runIn(repo, file, { projectFiles: [projects] });
    expect(first.execution.status).toBe('Failed');
    const id = first.execution.pipelineExecutionId;

    const { page } = browser;
    await page.goto(server.executionUrl(id));
    await waitForText(page, 'h1', 'Failed', 30_000);
    await waitForText(page, '[data-testid=log]', 'first attempt fails', 30_000);
    await page.getByRole('button', { name: 'Retry failed actions' }).click();
    await waitForText(page, '[data-action="Build.Flaky"]', 'attempt 2');
    await waitForText(page, 'h1', 'Succeeded');
    await waitForText(page, '[data-testid=log]', 'second attempt passes', 30_000);

    const after = getExecution({ cwd: repo.dir, stateDir: repo.state, executionId: id });
    expect(after.status).toBe('Succeeded');
    const attempts = after.actionExecutionDetails.filter((d) => d.actionName === 'Flaky');
    expect(attempts.map((a) => [a.codelocal.attempt, a.status])).toEqual([
      [2, 'Succeeded'],
      [1, 'Failed'],
    ]);

    // "Release change" on the list starts the pipeline again with what this run recorded (docs/ui.md).
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Release change' }).click();
    await page.waitForURL((u) => u.hash.startsWith('#/pipeline/') && !u.hash.includes(id), { timeout: 60_000 });
    await waitForText(page, 'h1', 'Succeeded');
    await waitForText(page, '[data-testid=log]', 'attempt with build number 3', 30_000);
  });
});
