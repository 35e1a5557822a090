/**
 * The seed's pipeline, unchanged, end to end (issue #5): GitHub source → CodeBuild (privileged, ECR
 * login, docker build/push to the local ECR) → ECS deploy answering on 127.0.0.1; a second run
 * replaces the task; the blue/green variant swaps with no moment where the port answers nothing, and
 * a green task that fails its health check rolls back to blue (docs/aws/codepipeline.md §2.4, §8 items 19-20).
 *
 * The copy runs under its own account id and ports, so it never touches a demo running on 8080.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PulledImages } from '../../../src/local-aws/ecs/pulled-images.js';
import { LABEL_ROLE } from '../../../src/runtime/types.js';
import { describeDocker, getRuntime } from '../helpers.js';
import { gitRepo, removeTaskImages, runIn, type Repo } from '../pipeline/harness.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/seed-ecs/', import.meta.url));
const ACCOUNT = '111111111111';
const PORT = 18080;
const TEST_PORT = 18081;
const SERVICE_LABEL = `${ACCOUNT}/us-east-1/production/myapp`;

function get(port: number): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 3_000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function serviceContainers(): Promise<{ id: string; role: string; image: string }[]> {
  const rt = await getRuntime();
  const refs = await rt.listResources({ labels: { 'codelocal.ecs.service': SERVICE_LABEL } });
  return refs
    .filter((r) => r.kind === 'container')
    .map((r) => ({ id: r.id, role: r.labels[LABEL_ROLE] ?? '', image: r.labels['codelocal.ecs.image'] ?? '' }));
}

async function commitGreeting(repo: Repo, greeting: string, status500 = false): Promise<void> {
  const file = join(repo.dir, 'main.go');
  let text = readFileSync(file, 'utf8').replace(/const greeting = ".*"/, `const greeting = "${greeting}"`);
  if (status500) text = text.replace('fmt.Fprintf(w,', 'w.WriteHeader(500)\n\t\tfmt.Fprintf(w,');
  writeFileSync(file, text);
  const git = (...a: string[]) =>
    execa('git', ['-c', 'user.name=t', '-c', 'user.email=t@codelocal.invalid', ...a], { cwd: repo.dir });
  await git('commit', '-qam', greeting);
}

async function removeService(): Promise<void> {
  const rt = await getRuntime();
  for (const c of await serviceContainers()) await (await rt.getContainer(c.id))?.remove();
}

describeDocker('examples/seed-ecs: the seed pipeline, green on one machine', () => {
  let repo: Repo;

  beforeAll(async () => {
    await removeService();
    const rewrite = (name: string) => readFileSync(join(EXAMPLE, name), 'utf8').replaceAll('123456789012', ACCOUNT);
    repo = await gitRepo(
      {
        'codelocal.yml': rewrite('codelocal.yml')
          .replace('port: 8080', `port: ${PORT}`)
          .replace('testPort: 8081', `testPort: ${TEST_PORT}`),
        'build-project.json': rewrite('build-project.json'),
      },
      { copyFrom: EXAMPLE },
    );
  }, 60_000);

  afterAll(async () => {
    await removeService();
    await removeTaskImages(repo);
  }, 60_000);

  it('docs/aws/codepipeline.md §8.19: first run deploys; curl answers from the container built in that run', async () => {
    const { execution, log } = await runIn(repo, join(repo.dir, 'pipeline.json'));
    expect(execution.status, log).toBe('Succeeded');
    expect(log).toContain('Login Succeeded');
    expect(log).toMatch(/docker push|digest: sha256:/);
    const r = await get(PORT);
    expect(r?.body).toContain('Hello from myapp v1');
    const task = (await serviceContainers()).filter((c) => c.role === 'ecs-task');
    expect(task).toHaveLength(1);
    expect(r?.body).toContain(`(task ${task[0]!.id.slice(0, 12)})`);
  }, 900_000);

  it('a second run with a changed text deploys the new version; the old container is gone', async () => {
    const before = (await serviceContainers()).filter((c) => c.role === 'ecs-task');
    await commitGreeting(repo, 'Hello from myapp v2');
    const { execution, log } = await runIn(repo, join(repo.dir, 'pipeline.json'));
    expect(execution.status, log).toBe('Succeeded');
    expect((await get(PORT))?.body).toContain('Hello from myapp v2');
    const rt = await getRuntime();
    for (const c of before) expect(await rt.getContainer(c.id)).toBeUndefined();
    const now = (await serviceContainers()).filter((c) => c.role === 'ecs-task');
    expect(now).toHaveLength(1);
    // docs/endings.md: the replaced task's image went with it; the running one has only its ECR name.
    expect(now[0]!.image).not.toBe(before[0]!.image);
    expect(await rt.images.inspect(before[0]!.image)).toBeUndefined();
    // (Older codelocal versions' loopback names may sit on the same image when the build reproduced it: not ours.)
    const tag = now[0]!.image.slice(now[0]!.image.lastIndexOf(':'));
    const loopbackNames = (await rt.images.inspect(now[0]!.image))?.tags.filter(
      (t) => t.startsWith('127.0.0.1:') && t.endsWith(`/myapp${tag}`),
    );
    expect(loopbackNames).toEqual([]);
    expect(new PulledImages(repo.state).list().map((e) => e.ref)).toEqual([now[0]!.image]);
  }, 600_000);

  it('docs/aws/codepipeline.md §8.20: blue/green swaps with no moment where the port answers nothing', async () => {
    await commitGreeting(repo, 'Hello from myapp v3');
    const answers: string[] = [];
    let misses = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const r = await get(PORT);
        if (!r || r.status !== 200) misses++;
        else answers.push(r.body.split(' (task')[0]!);
        await new Promise((s) => setTimeout(s, 20));
      }
    })();
    const { execution, log } = await runIn(repo, join(repo.dir, 'pipeline-bluegreen.json'));
    polling = false;
    await poller;
    expect(execution.status, log).toBe('Succeeded');
    expect(log).toContain(`green task answers on the test listener http://127.0.0.1:${TEST_PORT}/`);
    expect(misses).toBe(0);
    expect(answers).toContain('Hello from myapp v2');
    expect(answers[answers.length - 1]).toBe('Hello from myapp v3');
    expect((await serviceContainers()).filter((c) => c.role === 'ecs-task')).toHaveLength(1);
  }, 600_000);

  it('a green task that fails its health check rolls back: traffic stays on blue', async () => {
    await commitGreeting(repo, 'Hello from a broken v4', true);
    const { execution, log } = await runIn(repo, join(repo.dir, 'pipeline-bluegreen.json'));
    expect(execution.status).toBe('Failed');
    const recorded = JSON.stringify(execution);
    expect(recorded).toMatch(/health checks failed: GET \/ answered HTTP 500/);
    expect(recorded).toContain('rolled back: traffic stays on the blue task');
    expect(log).toContain('answered 500');
    expect((await get(PORT))?.body).toContain('Hello from myapp v3');
    expect((await serviceContainers()).filter((c) => c.role === 'ecs-task')).toHaveLength(1);
  }, 600_000);
});
