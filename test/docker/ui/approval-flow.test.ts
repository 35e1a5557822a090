/**
 * `codelocal ui` end to end in headless Chromium (issue 13): a pipeline with a Manual approval runs in this
 * process (as `pipeline run --ui` does); the execution page shows the build's log lines while the build
 * runs (and the build page its phases so far), the Approve button decides the approval (PutApprovalResult, docs/aws/codepipeline.md §2.6) and the
 * page sees the execution finish. A stub secret echoed by the build never appears in any page or API
 * answer. The run writes the README's screenshots of the three pages to docs/images/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPipeline, type PipelineRunResult } from '../../../src/api/pipeline.js';
import { runBuild } from '../../../src/api/build.js';
import { listBuilds } from '../../../src/api/index.js';
import { startUiServer, type UiServer } from '../../../src/ui/index.js';
import { getRuntime } from '../helpers.js';
import { CODEBUILD, connectionSource, gitRepo, pipelineFile, projectsFile, type Repo } from '../pipeline/harness.js';
import { describeBrowser, openBrowser, waitForText, type Browser } from './browser.js';
import { collectAnswers } from './crawl.js';

const SECRET = 'S3cr3t-UI-value-42';
const IMAGES = join(process.cwd(), 'docs/images');

const COMPILE = `version: 0.2
env:
  secrets-manager:
    API_TOKEN: app/token
  exported-variables:
    - GREETING
phases:
  build:
    commands:
      - echo "token is $API_TOKEN"
      - for i in 1 2 3 4 5 6 7 8; do echo "slow-line-$i"; sleep 1; done
      - export GREETING=hello-from-compile
      - mkdir -p reports
      - printf '<testsuite name="unit" tests="2"><testcase classname="app" name="adds" time="0.01"/><testcase classname="app" name="subtracts" time="0.02"/></testsuite>' > reports/junit.xml
reports:
  unit:
    files:
      - reports/junit.xml
    file-format: JUNITXML
artifacts:
  files:
    - README.md
    - reports/junit.xml
`;

describeBrowser('codelocal ui: watch a run, approve it from the page', () => {
  let repo: Repo;
  let server: UiServer;
  let browser: Browser;
  beforeAll(async () => {
    repo = await gitRepo({
      'README.md': '# app\n',
      'codelocal.stubs.yml': `secrets:\n  app/token: ${SECRET}\n`,
    });
    server = await startUiServer({ cwd: repo.dir, stateDir: repo.state, engine: { runtime: await getRuntime() } });
    browser = await openBrowser();
    mkdirSync(IMAGES, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows log lines while the build runs, approves, and sees the pipeline succeed; no secret anywhere', async () => {
    const projects = projectsFile(repo.state, { compile: { buildspec: COMPILE } });
    const file = pipelineFile(
      repo.state,
      [
        { name: 'Source', actions: [connectionSource('Code', 'Code')] },
        {
          name: 'Build',
          actions: [
            {
              name: 'Compile',
              actionTypeId: CODEBUILD,
              inputArtifacts: [{ name: 'Code' }],
              outputArtifacts: [{ name: 'BuildOut' }],
              configuration: { ProjectName: 'compile' },
              namespace: 'BuildVars',
            },
          ],
        },
        {
          name: 'Release',
          actions: [
            {
              name: 'Approve',
              actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
              configuration: { CustomData: 'Compiled #{BuildVars.GREETING}' },
            },
          ],
        },
      ],
      'web-app',
    );
    let started!: (id: string) => void;
    const idKnown = new Promise<string>((resolve) => (started = resolve));
    const run: Promise<PipelineRunResult> = runPipeline({
      file,
      cwd: repo.dir,
      stateDir: repo.state,
      projectFiles: [projects],
      runtime: await getRuntime(),
      onStart: (id) => started(id),
    });
    run.catch(() => undefined);
    const id = await idKnown;
    const { page } = browser;
    await page.goto(server.executionUrl(id));

    // The log streams while the build runs: an early line shows while the action is still InProgress.
    await waitForText(page, '[data-testid=log]', 'slow-line-2');
    expect(await page.locator('[data-action="Build.Compile"]').textContent()).toContain('InProgress');
    // Meanwhile the build page shows the phases so far, from the log's [Container] lines.
    const running = listBuilds({ cwd: repo.dir, stateDir: repo.state }).find((b) => b.buildStatus === 'IN_PROGRESS')!;
    const second = await page.context().newPage();
    await second.goto(server.buildUrl(running.id));
    await waitForText(second, '.timeline', 'IN_PROGRESS', 30_000);
    expect(await second.locator('.timeline').textContent()).toContain('BUILD');
    await second.close();
    await waitForText(page, '[data-testid=log]', 'slow-line-8');
    expect(await page.locator('[data-testid=log] .container').count()).toBeGreaterThan(0);

    // The approval waits; the page offers Review.
    await waitForText(page, '[data-action="Release.Approve"]', 'InProgress');
    await page.getByRole('button', { name: 'Approve' }).waitFor({ timeout: 60_000 });
    // Variables resolved for this action: the build's exported variable, through its namespace.
    await waitForText(page, '[data-testid=action-panel]', 'Compiled hello-from-compile', 30_000);
    await page.locator('.review textarea').fill('ship it');
    await page.screenshot({ path: join(IMAGES, 'ui-execution.png') });
    await page.getByRole('button', { name: 'Approve' }).click();
    await waitForText(page, 'h1', 'Succeeded');
    const result = await run;
    expect(result.execution.status).toBe('Succeeded');
    const approve = result.execution.actionExecutionDetails.find((d) => d.actionName === 'Approve')!;
    expect(approve.output.executionResult.externalExecutionSummary).toBe('Approved: ship it');

    // The build action's output artifact: its file list from the zip, and the zip itself.
    await page.locator('[data-action="Build.Compile"]').click();
    await waitForText(page, '.artifact', 'reports/junit.xml', 30_000);
    const href = await page.locator('.artifact a').first().getAttribute('href');
    const zip = Buffer.from(await (await fetch(new URL(href!, server.url))).arrayBuffer());
    expect(zip.subarray(0, 2).toString()).toBe('PK');

    // The build page: phases, exported variable, report; then the list.
    const compile = result.execution.actionExecutionDetails.find((d) => d.actionName === 'Compile')!;
    const buildId = compile.output.executionResult.externalExecutionId!;
    await page.goto(server.buildUrl(buildId));
    await waitForText(page, '.timeline', 'BUILD', 30_000);
    await waitForText(page, 'main', 'hello-from-compile', 30_000);
    await waitForText(page, 'main', 'subtracts', 30_000);
    await waitForText(page, '[data-testid=log]', 'slow-line-8', 30_000);
    await page.screenshot({ path: join(IMAGES, 'ui-build.png'), fullPage: true });
    const buildHtml = await page.content();

    // A standalone build too: the list holds both kinds, newest first.
    const lib = join(repo.dir, 'lib');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'buildspec.yml'), 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo lib\n');
    await runBuild({ sourceDir: lib, stateDir: repo.state, runtime: await getRuntime(), output: () => undefined });
    await page.goto(server.url);
    await waitForText(page, 'table.runs', 'web-app', 30_000);
    await waitForText(page, 'table.runs tbody tr:first-child', 'build', 30_000);
    await page.screenshot({ path: join(IMAGES, 'ui-executions.png') });
    const listHtml = await page.content();
    await page.goto(server.executionUrl(id));
    await waitForText(page, 'h1', 'Succeeded', 30_000);
    const executionHtml = await page.content();

    // The secret was echoed (the log shows it masked) and is nowhere in a page or an answer.
    const answers = await collectAnswers(server, id, buildId);
    expect(answers.join('\n')).toContain('token is ***');
    for (const text of [...answers, buildHtml, listHtml, executionHtml]) expect(text).not.toContain(SECRET);
  });
});
