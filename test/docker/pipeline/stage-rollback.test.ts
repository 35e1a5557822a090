/**
 * ROLLBACK end to end (docs/aws/codepipeline.md §12.7, §8.29): the seed's ECS pipeline, made V2
 * with a smoke test after the deploy and `onFailure: ROLLBACK` on the Deploy stage. Execution 1
 * deploys v1 and succeeds; execution 2 deploys v2, its smoke test fails, so the stage fails; the
 * automatic ROLLBACK execution re-runs Deploy with execution 1's artifacts and revisions, and the
 * service answers with v1 again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExecutionStore } from '../../../src/stores/execution-store.js';
import { describeDocker, getRuntime } from '../helpers.js';
import { gitRepo, removeTaskImages, runIn, type Repo } from './harness.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/seed-ecs/', import.meta.url));
const ACCOUNT = '222222222222';
const PORT = 18095;
const SERVICE_LABEL = `${ACCOUNT}/us-east-1/production/myapp`;

function get(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 3_000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function removeService(): Promise<void> {
  const rt = await getRuntime();
  const refs = await rt.listResources({ labels: { 'codelocal.ecs.service': SERVICE_LABEL } });
  for (const r of refs.filter((x) => x.kind === 'container')) await (await rt.getContainer(r.id))?.remove();
}

/** The seed pipeline, V2, with a smoke test that passes only for v1 and ROLLBACK on Deploy failure. */
function rollbackPipeline(): string {
  const doc = JSON.parse(readFileSync(join(EXAMPLE, 'pipeline.json'), 'utf8')) as {
    pipeline: { pipelineType?: string; stages: { name: string; actions: unknown[]; onFailure?: unknown }[] };
  };
  doc.pipeline.pipelineType = 'V2';
  const deploy = doc.pipeline.stages.find((s) => s.name === 'Deploy')!;
  deploy.onFailure = { result: 'ROLLBACK' };
  deploy.actions.push({
    name: 'Smoke',
    runOrder: 2,
    actionTypeId: { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    inputArtifacts: [{ name: 'SourceOutput' }],
    configuration: { ProjectName: 'smoke' },
  });
  return JSON.stringify(doc);
}

const SMOKE_PROJECT = JSON.stringify({
  projects: [
    {
      name: 'smoke',
      source: {
        type: 'CODEPIPELINE',
        buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - grep -q 'myapp v1' main.go\n",
      },
      artifacts: { type: 'CODEPIPELINE' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
      },
    },
  ],
});

describeDocker('stage rollback with the local ECS stand-in', () => {
  let repo: Repo;

  beforeAll(async () => {
    await removeService();
    const rewrite = (name: string) => readFileSync(join(EXAMPLE, name), 'utf8').replaceAll('123456789012', ACCOUNT);
    repo = await gitRepo(
      {
        'codelocal.yml': rewrite('codelocal.yml')
          .replace('port: 8080', `port: ${PORT}`)
          .replace('testPort: 8081', `testPort: ${PORT + 1}`)
          .replace('  - build-project.json', '  - build-project.json\n  - smoke-project.json'),
        'build-project.json': rewrite('build-project.json'),
        'smoke-project.json': SMOKE_PROJECT,
        'pipeline-rollback.json': rollbackPipeline(),
      },
      { copyFrom: EXAMPLE },
    );
  }, 60_000);

  afterAll(async () => {
    await removeService();
    await removeTaskImages(repo);
  }, 60_000);

  it('§12.7: execution 2 fails in Deploy; the ROLLBACK execution redeploys execution 1 and the service answers v1', async () => {
    const file = join(repo.dir, 'pipeline-rollback.json');
    const first = await runIn(repo, file);
    expect(first.execution.status, first.log).toBe('Succeeded');
    expect(await get(PORT)).toContain('Hello from myapp v1');

    const main = join(repo.dir, 'main.go');
    writeFileSync(main, readFileSync(main, 'utf8').replace('Hello from myapp v1', 'Hello from myapp v2'));
    await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@codelocal.invalid', 'commit', '-qam', 'v2'], {
      cwd: repo.dir,
    });
    const second = await runIn(repo, file);
    expect(second.execution.status).toBe('Failed');
    const smoke = second.execution.actionExecutionDetails.find((a) => a.actionName === 'Smoke');
    expect(smoke?.status).toBe('Failed');

    const store = ExecutionStore.open(join(repo.state, 'executions.db'));
    try {
      const rollback = store.listPipelineExecutions({ pipeline: 'myapp-pipeline', limit: 5 })[0]!;
      const result = rollback.result as {
        executionType: string;
        rollbackMetadata: { rollbackTargetPipelineExecutionId: string };
      };
      expect(result.executionType).toBe('ROLLBACK');
      expect(result.rollbackMetadata.rollbackTargetPipelineExecutionId).toBe(first.execution.pipelineExecutionId);
      expect(rollback.trigger).toMatchObject({ triggerType: 'AutomatedRollback' });
      expect(rollback.status).toBe('Succeeded');
    } finally {
      store.close();
    }
    expect(await get(PORT)).toContain('Hello from myapp v1');
  }, 1_200_000);
});
