/** The two-builds example end to end (issue #4 Done-when) and source revisions (docs/aws/codepipeline.md §8.18). */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { gitRepo, runIn, type Repo } from './harness.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/pipeline-two-builds', import.meta.url));

describeDocker('pipeline: examples/pipeline-two-builds', () => {
  let repo: Repo;
  let run: Awaited<ReturnType<typeof runIn>>;
  beforeAll(async () => {
    repo = await gitRepo({}, { copyFrom: EXAMPLE });
    run = await runIn(repo, join(repo.dir, 'pipeline.json'), { projectFiles: [join(repo.dir, 'projects.json')] });
  });

  it('runs green end to end: source from the local repository, two CodeBuild actions', () => {
    if (run.execution.status !== 'Succeeded') console.error(run.log);
    expect(run.execution.status).toBe('Succeeded');
    expect(
      run.execution.actionExecutionDetails.map((a) => `${a.stageName}.${a.actionName}:${a.status}`).reverse(),
    ).toEqual(['Source.GitHubSource:Succeeded', 'Build.CodeBuild:Succeeded', 'Verify.VerifyBuild:Succeeded']);
    expect(run.log).toContain('hello, pipeline (myapp 1.0.');
  });

  it('docs/aws/codepipeline.md §8.18: the build sees the source commit as CODEBUILD_RESOLVED_SOURCE_VERSION; source variables are recorded', () => {
    const head = repo.commits[repo.commits.length - 1]!;
    const src = run.execution.actionExecutionDetails.find((a) => a.actionName === 'GitHubSource')!;
    expect(src.output.outputVariables).toMatchObject({
      CommitId: head,
      BranchName: 'main',
      RepositoryName: 'myapp',
      CommitUrl: `https://github.com/myorg/myapp/commit/${head}`,
    });
    expect(src.output.outputVariables.CommitMessage).toBe('second commit\n\nwith a body');
    expect(run.log).toContain(`Building myapp at ${head}`);
    expect(run.execution.artifactRevisions[0]).toMatchObject({ name: 'SourceOutput', revisionId: head });
    const build = run.execution.actionExecutionDetails.find((a) => a.actionName === 'CodeBuild')!;
    expect(build.output.outputVariables.APP_VERSION).toBe(`1.0.${head.slice(0, 7)}`);
    expect(build.output.executionResult.externalExecutionId).toMatch(/^myapp-build:/);
  });

  it('docs/aws/codepipeline.md §8.18: --source Action=@COMMIT runs an older revision, and the build sees that SHA', async () => {
    const first = repo.commits[0]!;
    const again = await runIn(repo, join(repo.dir, 'pipeline.json'), {
      projectFiles: [join(repo.dir, 'projects.json')],
      sourceOverrides: { GitHubSource: { revision: first } },
    });
    expect(again.execution.status).toBe('Succeeded');
    expect(again.log).toContain(`Building myapp at ${first}`);
    expect(again.execution.pipelineExecutionId).not.toBe(run.execution.pipelineExecutionId);
  });
});
