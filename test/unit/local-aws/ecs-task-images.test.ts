/**
 * The local ECS stand-in leaves no image behind (docs/endings.md "Where a run's leftovers live",
 * docs/local-aws.md "Task images"): the loopback name of a pull goes at once, the ECR names a deploy
 * pulled go once no task uses them (after each deployment, and with `clean --services`), never by force
 * and never an image the user had. Against the fake runtime's image store, which refuses, like Docker, to
 * take an image's last name while a container uses it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clean } from '../../../src/api/clean.js';
import { renderCleanReport } from '../../../src/cli/commands/clean.js';
import { deploy, type DeployEnv, type DeployRequest } from '../../../src/local-aws/ecs/deployer.js';
import { holdImages, removeUnusedTaskImages } from '../../../src/local-aws/ecs/image-cleanup.js';
import { PulledImages } from '../../../src/local-aws/ecs/pulled-images.js';
import { legacyNames } from '../../../src/local-aws/ecs/legacy-images.js';
import { ensureTaskImage } from '../../../src/local-aws/ecs/task-images.js';
import type { LocalRegistry } from '../../../src/local-aws/registry/registry.js';
import { FakeRuntime } from '../../support/fake-runtime.js';
import type { FakeImages, FakeImagesSeed } from '../../support/fake-images.js';

const ECR = '111111111111.dkr.ecr.us-east-1.amazonaws.com';
const LOOP = '127.0.0.1:40883';
const registryServes = {
  [`${LOOP}/myapp:v1`]: 'sha256:aaa1',
  [`${LOOP}/myapp:v2`]: 'sha256:bbb2',
  [`${LOOP}/myapp@sha256:ddd4`]: 'sha256:ddd4',
};

let state: string;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'codelocal-ecs-images-'));
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

function setup(seed: FakeImagesSeed = {}) {
  const runtime = new FakeRuntime({ images: { registry: registryServes, ...seed } });
  const images = runtime.images as FakeImages;
  const logs: string[] = [];
  const env: DeployEnv = {
    runtime,
    stateRoot: state,
    network: 'codelocal-aws',
    ecrHost: ECR,
    registry: async () => ({ loopback: LOOP }) as LocalRegistry,
    secret: () => '',
    log: (l) => logs.push(l),
  };
  const names = () => [...images.store.values()].flatMap((i) => [...i.tags, ...i.digests]).sort();
  return { runtime, images, env, logs, names };
}

function request(image: string, revision: number, extra: { image: string } | undefined = undefined): DeployRequest {
  return {
    service: {
      account: '111111111111',
      region: 'us-east-1',
      cluster: 'c',
      name: 'web',
      stateDir: state,
      healthCheckPath: '/',
      terminationWaitSeconds: 0,
    },
    taskDefinition: {
      arn: `arn:aws:ecs:us-east-1:111111111111:task-definition/web:${revision}`,
      revision,
      definition: {
        family: 'web',
        containerDefinitions: [{ name: 'app', image }, ...(extra ? [{ name: 'side', image: extra.image }] : [])],
      },
    },
    timeoutMs: 10_000,
    kind: 'ECS',
  };
}

describe('pulling a task image from the local ECR', () => {
  it('keeps only the ECR name: the loopback tag and the digest name its pull left are removed', async () => {
    const { env, names } = setup();
    expect(await ensureTaskImage(env, `${ECR}/myapp:v1`)).toEqual({ ok: true, ref: `${ECR}/myapp:v1` });
    expect(names()).toEqual([`${ECR}/myapp:v1`]);
    expect(new PulledImages(state).list().map((e) => [e.ref, e.imageId])).toEqual([[`${ECR}/myapp:v1`, 'sha256:aaa1']]);
  });

  it('a digest reference runs from the loopback digest name, recorded so that it goes with its task', async () => {
    const { env, names } = setup();
    const r = await ensureTaskImage(env, `${ECR}/myapp@sha256:ddd4`);
    expect(r).toEqual({ ok: true, ref: `${LOOP}/myapp@sha256:ddd4` });
    expect(names()).toEqual([`${LOOP}/myapp@sha256:ddd4`]);
    expect(new PulledImages(state).list().map((e) => e.ref)).toEqual([`${LOOP}/myapp@sha256:ddd4`]);
    expect(await removeUnusedTaskImages({ runtime: env.runtime, stateRoot: state })).toEqual([
      { ref: `${LOOP}/myapp@sha256:ddd4` },
    ]);
    expect(names()).toEqual([]);
  });

  it("an ECR name the engine had before the pull is the user's: not recorded, never removed", async () => {
    const { env, names } = setup({ local: { 'sha256:aaa1': [`${ECR}/myapp:v1`] } });
    await ensureTaskImage(env, `${ECR}/myapp:v1`);
    expect(new PulledImages(state).list()).toEqual([]);
    expect(await removeUnusedTaskImages({ runtime: env.runtime, stateRoot: state })).toEqual([]);
    expect(names()).toEqual([`${ECR}/myapp:v1`]);
  });

  it('a non-ECR image is used as the engine has it and never recorded', async () => {
    const { env } = setup({ local: { 'sha256:user': ['nginx:1.25'] } });
    expect(await ensureTaskImage(env, 'nginx:1.25')).toEqual({ ok: true, ref: 'nginx:1.25' });
    expect(new PulledImages(state).list()).toEqual([]);
  });
});

describe('removing pulled images no task uses', () => {
  it("after each deployment: the replaced task's image goes, the running one stays", async () => {
    const { env, runtime, names, logs } = setup();
    expect((await deploy(env, request(`${ECR}/myapp:v1`, 1))).ok).toBe(true);
    expect(names()).toEqual([`${ECR}/myapp:v1`]);
    expect((await deploy(env, request(`${ECR}/myapp:v2`, 2))).ok).toBe(true);
    expect(names()).toEqual([`${ECR}/myapp:v2`]);
    expect(logs).toContain(`removed the unused task image ${ECR}/myapp:v1`);
    expect(runtime.containers.filter((c) => !c.removed).map((c) => c.spec.image)).toEqual([`${ECR}/myapp:v2`]);
    expect(new PulledImages(state).list().map((e) => e.ref)).toEqual([`${ECR}/myapp:v2`]);
  });

  it('a failed deployment removes the new image its task never ran from (the old one keeps serving)', async () => {
    const { env, names } = setup();
    await deploy(env, request(`${ECR}/myapp:v1`, 1));
    // The second container names an image nowhere to be found: the deploy fails after pulling v2.
    const outcome = await deploy(env, request(`${ECR}/myapp:v2`, 2, { image: `${ECR}/missing:v9` }));
    expect(outcome.ok).toBe(false);
    expect(names()).toEqual([`${ECR}/myapp:v1`]);
  });

  it('never forces: an image some other container uses keeps its name and stays recorded for a later pass', async () => {
    const { env, runtime, names } = setup();
    await ensureTaskImage(env, `${ECR}/myapp:v1`);
    const user = await runtime.createContainer({ image: `${ECR}/myapp:v1` }); // not a codelocal task: no label
    expect(await removeUnusedTaskImages({ runtime, stateRoot: state })).toEqual([
      { ref: `${ECR}/myapp:v1`, error: 'a container uses the image' },
    ]);
    expect(names()).toEqual([`${ECR}/myapp:v1`]);
    await user.remove();
    expect(await removeUnusedTaskImages({ runtime, stateRoot: state })).toEqual([{ ref: `${ECR}/myapp:v1` }]);
    expect(names()).toEqual([]);
    expect(new PulledImages(state).list()).toEqual([]);
  });

  it('a recorded name the user re-tagged onto another image is forgotten, not removed', async () => {
    const { env, runtime, images, names } = setup({ local: { 'sha256:mine': ['mine:1'] } });
    await ensureTaskImage(env, `${ECR}/myapp:v1`);
    await images.tag('mine:1', `${ECR}/myapp:v1`);
    expect(await removeUnusedTaskImages({ runtime, stateRoot: state })).toEqual([]);
    expect(names()).toEqual([`${ECR}/myapp:v1`, 'mine:1']);
    expect(new PulledImages(state).list()).toEqual([]);
  });

  it('a newer pull of the same tag leaves the older image nameless: it goes once its task is gone', async () => {
    const serves = { ...registryServes };
    const { env, runtime, images } = setup({ registry: serves });
    await deploy(env, request(`${ECR}/myapp:v1`, 1));
    serves[`${LOOP}/myapp:v1`] = 'sha256:ccc3'; // v1 pushed again with new content
    await deploy(env, request(`${ECR}/myapp:v1`, 2));
    expect([...images.store.keys()]).toEqual(['sha256:ccc3']);
    expect((await images.inspect(`${ECR}/myapp:v1`))?.id).toBe('sha256:ccc3');
    expect(runtime.containers.filter((c) => !c.removed).map((c) => c.imageId)).toEqual(['sha256:ccc3']);
  });

  it('waits for a deploy of this process that has pulled but not yet started its task', async () => {
    const { env, runtime, names } = setup();
    await ensureTaskImage(env, `${ECR}/myapp:v1`);
    const hold = holdImages();
    hold.add(`${ECR}/myapp:v1`);
    expect(await removeUnusedTaskImages({ runtime, stateRoot: state })).toEqual([]);
    hold.release();
    expect(await removeUnusedTaskImages({ runtime, stateRoot: state })).toEqual([{ ref: `${ECR}/myapp:v1` }]);
    expect(names()).toEqual([]);
  });

  it("waits for another live process's pull unless clean says otherwise", async () => {
    const { env, runtime } = setup();
    await ensureTaskImage(env, `${ECR}/myapp:v1`);
    const store = new PulledImages(state);
    store.put({ ...store.list()[0]!, pid: process.ppid }); // the test runner's parent: alive, not us
    expect(await removeUnusedTaskImages({ runtime, stateRoot: state })).toEqual([]);
    expect(await removeUnusedTaskImages({ runtime, stateRoot: state, evenOtherProcesses: true })).toEqual([
      { ref: `${ECR}/myapp:v1` },
    ]);
  });
});

describe('codelocal clean --services removes the task images with the services', () => {
  it("lists them with --dry-run (as if the task were gone), removes them, and leaves the user's image", async () => {
    const { env, runtime, names } = setup({ local: { 'sha256:user': ['nginx:1.25'] } });
    await deploy(env, request(`${ECR}/myapp:v1`, 1, { image: 'nginx:1.25' }));
    const dry = await clean({ stateDir: state, runtime, services: true, dryRun: true });
    expect(dry.images).toEqual([{ ref: `${ECR}/myapp:v1` }]);
    expect(names()).toEqual([`${ECR}/myapp:v1`, 'nginx:1.25']);
    expect(renderCleanReport(dry)).toContain(`would remove image ${ECR}/myapp:v1 (pulled for ECS tasks)\n`);

    const report = await clean({ stateDir: state, runtime, services: true });
    expect(report.services.map((s) => s.error)).toEqual([undefined, undefined]);
    expect(report.images).toEqual([{ ref: `${ECR}/myapp:v1` }]);
    expect(names()).toEqual(['nginx:1.25']);
    expect(renderCleanReport(report)).toMatch(/removed .*2 service resource\(s\), 1 task image name\(s\)\n$/);
  });

  it('without --services the images stay with the services that use them', async () => {
    const { env, runtime, names } = setup();
    await deploy(env, request(`${ECR}/myapp:v1`, 1));
    const report = await clean({ stateDir: state, runtime });
    expect(report.images).toEqual([]);
    expect(names()).toEqual([`${ECR}/myapp:v1`]);
  });
});

describe('names an older codelocal left (before pulls were recorded): only the host-wide clean', () => {
  const local = {
    'sha256:a': [`${LOOP}/myapp:t1`, `${ECR}/myapp:t1`], // a pull's pair
    'sha256:b': ['127.0.0.1:36509/myapp:latest'], // its tag pulled again later, through another port
    'sha256:c': [`${ECR}/myapp:latest`, `${LOOP}/myapp:latest`],
    'sha256:d': ['127.0.0.1:5000/own:1'], // the user's own loopback registry: no ECR twin
    'sha256:e': [`${ECR}/myapp:mine`], // an ECR name with no loopback twin
  };

  it('recognises a loopback name by its ECR twin, and an ECR name by its loopback twin on the same image', () => {
    const images = Object.entries(local).map(([id, tags]) => ({ id, tags, labels: {}, created: '', sizeBytes: 1 }));
    expect(legacyNames(images)).toEqual([
      `${LOOP}/myapp:t1`,
      '127.0.0.1:36509/myapp:latest',
      `${LOOP}/myapp:latest`,
      `${ECR}/myapp:t1`,
      `${ECR}/myapp:latest`,
    ]);
  });

  it('clean --services --all-projects removes them (listed first with --dry-run); the lone names stay', async () => {
    const { runtime, names } = setup({ local });
    const all = names();
    const dry = await clean({ stateDir: state, runtime, services: true, allProjects: true, dryRun: true });
    expect(dry.images.map((i) => [i.ref, i.legacy])).toContainEqual([`${ECR}/myapp:t1`, true]);
    expect(names()).toEqual(all);
    expect(renderCleanReport(dry)).toContain(`would remove image ${ECR}/myapp:t1 (pulled for ECS tasks by an older`);
    const report = await clean({ stateDir: state, runtime, services: true, allProjects: true });
    expect(report.images).toHaveLength(5);
    expect(names()).toEqual([`${ECR}/myapp:mine`, '127.0.0.1:5000/own:1']);
  });

  it('a project clean leaves them alone', async () => {
    const { runtime, names } = setup({ local });
    const all = names();
    expect((await clean({ stateDir: state, runtime, services: true })).images).toEqual([]);
    expect(names()).toEqual(all);
  });
});
