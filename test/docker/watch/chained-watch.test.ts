/**
 * examples/chained-pipelines under `pipeline watch` (issue 15): a commit on main starts pipeline A
 * (build + push to the local registry); the registry's push notification starts pipeline B (ECR
 * source), which deploys the digest A pushed to a local ECS service. Once with the JSON pair (V2
 * trigger + the console's ECR rule), once with the template wired only by AWS::Events::Rule
 * resources (docs/aws/codepipeline.md §10.1, §10.6, §10.8).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { watchPipelines } from '../../../src/api/triggers/watch-pipelines.js';
import type { PipelineRunResult } from '../../../src/api/pipeline.js';
import { ensureRegistry } from '../../../src/local-aws/index.js';
import { describeDocker, getRuntime } from '../helpers.js';
import { gitRepo, removeTaskImages, type Repo } from '../pipeline/harness.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/chained-pipelines/', import.meta.url));
const ACCOUNT = '222222222222';
const PORT = 18090;
const SERVICE_LABEL = `${ACCOUNT}/us-east-1/chained/chained-web`;

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

async function commitVersion(repo: Repo, version: string): Promise<void> {
  writeFileSync(join(repo.dir, 'VERSION'), `${version}\n`);
  await execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@codelocal.invalid', 'commit', '-qam', version], {
    cwd: repo.dir,
  });
}

/** Watches `files`, commits `version`, and returns once the deploy pipeline (named `deployName`) ended. */
async function chain(repo: Repo, files: string[], version: string, deployName: string) {
  const ac = new AbortController();
  const ended: { pipeline: string; result?: PipelineRunResult; error?: Error }[] = [];
  const triggers: Record<string, string> = {};
  let log = '';
  let watching = false;
  const done = watchPipelines({
    files: files.map((f) => join(repo.dir, f)),
    cwd: repo.dir,
    stateDir: repo.state,
    runtime: await getRuntime(),
    signal: ac.signal,
    onWatching: () => (watching = true),
    onExecutionStart: (s) => (triggers[s.pipeline] = s.trigger.triggerType),
    onExecutionEnd: (e) => ended.push(e),
    onPipelineEvent: (_x, e) => {
      if (e.type === 'log') log += `[${e.stage}.${e.action}] ${e.text}`;
    },
  });
  try {
    while (!watching) await new Promise((r) => setTimeout(r, 50));
    await commitVersion(repo, version);
    const deadline = Date.now() + 840_000;
    while (!ended.some((e) => e.pipeline === deployName) && Date.now() < deadline) {
      if (ended.some((e) => e.result?.execution.status !== 'Succeeded')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    ac.abort();
    await done;
  }
  return { ended, triggers, log };
}

function ecrRevision(result: PipelineRunResult | undefined): string | undefined {
  return result?.execution.artifactRevisions?.find((r) => r.revisionId.startsWith('sha256:'))?.revisionId;
}

describeDocker('examples/chained-pipelines under pipeline watch', () => {
  let repo: Repo;

  beforeAll(async () => {
    await removeService();
    const rewrite = (name: string) => readFileSync(join(EXAMPLE, name), 'utf8').replaceAll('123456789012', ACCOUNT);
    repo = await gitRepo(
      {
        'codelocal.yml': rewrite('codelocal.yml').replace('port: 8090', `port: ${PORT}`),
        'projects.json': rewrite('projects.json'),
      },
      { copyFrom: EXAMPLE },
    );
  }, 60_000);

  afterAll(async () => {
    await removeService();
    await removeTaskImages(repo);
  }, 60_000);

  it('§10.1/§10.6: a commit starts A; A’s push starts B; B deploys the digest A pushed', async () => {
    const { ended, triggers, log } = await chain(repo, ['pipeline-a.json', 'pipeline-b.json'], 'v2', 'chained-deploy');
    const statuses = ended.map((e) => `${e.pipeline}:${e.result?.execution.status ?? e.error?.message}`);
    expect(statuses, log).toEqual(['chained-build:Succeeded', 'chained-deploy:Succeeded']);
    expect(triggers).toEqual({ 'chained-build': 'WebhookV2', 'chained-deploy': 'CloudWatchEvent' });
    const registry = await ensureRegistry(await getRuntime());
    const pushed = await registry.manifest('chained-app', 'latest');
    expect(pushed?.digest).toMatch(/^sha256:/);
    expect(log).toContain(`digest: ${pushed!.digest}`);
    expect(ecrRevision(ended[1]!.result)).toBe(pushed!.digest);
    expect(await get(PORT)).toContain('chained-app v2');
  }, 900_000);

  it('§10.8: the same chain wired only by AWS::Events::Rule resources', async () => {
    const { ended, triggers, log } = await chain(
      repo,
      ['template.yaml#BuildPipeline', 'template.yaml#DeployPipeline'],
      'v3',
      'chained-deploy-rules',
    );
    const statuses = ended.map((e) => `${e.pipeline}:${e.result?.execution.status ?? e.error?.message}`);
    expect(statuses, log).toEqual(['chained-build-rules:Succeeded', 'chained-deploy-rules:Succeeded']);
    expect(triggers).toEqual({ 'chained-build-rules': 'CloudWatchEvent', 'chained-deploy-rules': 'CloudWatchEvent' });
    const pushed = await (await ensureRegistry(await getRuntime())).manifest('chained-app', 'latest');
    expect(ecrRevision(ended[1]!.result)).toBe(pushed!.digest);
    expect(await get(PORT)).toContain('chained-app v3');
  }, 900_000);
});
