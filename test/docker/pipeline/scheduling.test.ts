/**
 * runOrder scheduling, failure semantics and retry with real builds (docs/aws/codepipeline.md §5.2, §5.5,
 * §8 items 5, 6 and 24). The unit tests pin the same rules with fake providers; these show the
 * containers really overlap and really stop.
 */
import { expect, it } from 'vitest';
import { retryPipeline } from '../../../src/api/pipeline.js';
import { describeDocker, getRuntime } from '../helpers.js';
import { CODEBUILD, connectionSource, gitRepo, pipelineFile, projectsFile, runIn } from './harness.js';

const sleeper = (s: number) => `version: 0.2\nphases:\n  build:\n    commands:\n      - sleep ${s}\n`;
const action = (name: string, project: string, runOrder: number) => ({
  name,
  actionTypeId: CODEBUILD,
  runOrder,
  inputArtifacts: [{ name: 'Code' }],
  configuration: { ProjectName: project },
});

describeDocker('pipeline: scheduling with real builds', () => {
  it('docs/aws/codepipeline.md §8.5, §8.6: runOrder 1,1,3 — the two runOrder-1 builds overlap; after a failure the running sibling finishes and runOrder 3 never starts', async () => {
    const repo = await gitRepo({ 'README.md': '# app\n' });
    // The project's FAIL variable decides whether the "flaky" build fails (yes on the first run).
    const flaky = `version: 0.2\nphases:\n  build:\n    commands:\n      - '[ "$FAIL" != yes ]'\n`;
    const projects = projectsFile(repo.state, {
      slow: { buildspec: sleeper(3) },
      flaky: { buildspec: flaky, env: { FAIL: 'yes' } },
      later: { buildspec: sleeper(0) },
    });
    const file = pipelineFile(repo.state, [
      { name: 'Source', actions: [connectionSource('Code', 'Code')] },
      { name: 'Build', actions: [action('Slow', 'slow', 1), action('Flaky', 'flaky', 1), action('Later', 'later', 3)] },
    ]);
    const r = await runIn(repo, file, { projectFiles: [projects] });
    const byName = Object.fromEntries(r.execution.actionExecutionDetails.map((a) => [a.actionName, a]));
    expect(r.execution.status).toBe('Failed');
    expect(byName.Flaky.status).toBe('Failed');
    expect(byName.Slow.status).toBe('Succeeded'); // §5.2: running siblings finish
    expect(byName.Later).toBeUndefined(); // later groups never start
    // Overlap: the flaky build started before the slow one ended.
    expect(Date.parse(byName.Flaky.startTime)).toBeLessThan(Date.parse(byName.Slow.lastUpdateTime));
    expect(Date.parse(byName.Slow.startTime)).toBeLessThan(Date.parse(byName.Flaky.lastUpdateTime));

    // §8.24: retry FAILED_ACTIONS re-runs only the failed action, in the same execution id, then the
    // later group runs. The project is fixed between runs (as a user would fix a flaky dependency).
    projectsFile(repo.state, {
      slow: { buildspec: sleeper(3) },
      flaky: { buildspec: flaky, env: { FAIL: 'no' } },
      later: { buildspec: sleeper(0) },
    });
    const retried = await retryPipeline({
      executionId: r.execution.pipelineExecutionId,
      retryMode: 'FAILED_ACTIONS',
      stateDir: repo.state,
      cwd: repo.dir,
      runtime: await getRuntime(),
    });
    expect(retried.execution.pipelineExecutionId).toBe(r.execution.pipelineExecutionId);
    expect(retried.execution.status).toBe('Succeeded');
    const attempts = retried.execution.actionExecutionDetails.filter((a) => a.actionName === 'Slow');
    expect(attempts).toHaveLength(1); // the succeeded sibling is not re-run
    expect(
      retried.execution.actionExecutionDetails.some((a) => a.actionName === 'Later' && a.status === 'Succeeded'),
    ).toBe(true);
  });
});
