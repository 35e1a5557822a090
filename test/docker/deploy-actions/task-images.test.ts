/**
 * The local ECS stand-in leaves no image behind in the host engine (docs/endings.md "Where a run's
 * leftovers live", docs/local-aws.md "Task images"), against the real engine's reference rules: two
 * deployments of different tags and one by digest pull from the local ECR; no loopback
 * (`127.0.0.1:<port>/…`) name survives a pull, the replaced deployment's image goes with its task, and
 * `clean --services` takes the rest; the images the user tagged themselves (a sidecar's, an ECR-named
 * one) survive it all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { packEntries } from '../../../src/archive/index.js';
import { clean } from '../../../src/api/clean.js';
import { deploy, ecrHost, ensureRegistry, type LocalRegistry } from '../../../src/local-aws/index.js';
import type { DeployEnv, DeployRequest } from '../../../src/local-aws/ecs/deployer.js';
import type { DockerRuntime } from '../../../src/runtime/docker/runtime.js';
import { describeDocker, ensureTinyImage, getRuntime, TINY_IMAGE } from '../helpers.js';

const state = mkdtempSync(join(tmpdir(), 'codelocal-task-images-'));
const run = Date.now().toString(36);
const REPO = `codelocal-test-task-images-${run}`;
const ECR = ecrHost('111111111111', 'us-east-1');
const SIDECAR = `codelocal-test/sidecar-${run}:1`;
const USERS_OWN = `${ECR}/${REPO}:users-own`;
let runtime: DockerRuntime | undefined;

afterAll(async () => {
  if (runtime) {
    await clean({ stateDir: state, runtime, services: true }).catch(() => undefined);
    for (const ref of [SIDECAR, USERS_OWN]) await runtime.images.remove(ref).catch(() => undefined);
  }
  rmSync(state, { recursive: true, force: true });
});

/** Every name (tags and digest names) the engine holds for REPO, whichever registry host prefixes it. */
async function namesOfRepo(rt: DockerRuntime): Promise<string[]> {
  const images = await rt.docker.listImages();
  return images
    .flatMap((i) => [...(i.RepoTags ?? []), ...(i.RepoDigests ?? [])])
    .filter((n) => n.includes(`/${REPO}:`) || n.includes(`/${REPO}@`))
    .sort();
}

/** Pushes a distinct image (its own label) as REPO:tag into the local ECR, as a build's docker push does. */
async function pushVersion(rt: DockerRuntime, registry: LocalRegistry, tag: string): Promise<void> {
  const ref = `${registry.loopback}/${REPO}:${tag}`;
  const context = packEntries([
    { name: 'Dockerfile', content: `FROM ${TINY_IMAGE}\nLABEL codelocal.test=${run}-${tag}\n` },
  ]);
  await rt.images.build({ context, tag: ref });
  await rt.images.push(ref);
  await rt.images.remove(ref);
}

function request(image: string, revision: number): DeployRequest {
  return {
    service: {
      account: '111111111111',
      region: 'us-east-1',
      cluster: 'images',
      name: `web-${run}`,
      stateDir: state,
      healthCheckPath: '/',
      terminationWaitSeconds: 0,
    },
    taskDefinition: {
      arn: `arn:aws:ecs:us-east-1:111111111111:task-definition/web:${revision}`,
      revision,
      definition: {
        family: 'web',
        containerDefinitions: [
          { name: 'app', image, command: ['sleep', '600'] },
          { name: 'sidecar', image: SIDECAR, command: ['sleep', '600'], essential: false },
        ],
      },
    },
    timeoutMs: 30_000,
    kind: 'ECS',
  };
}

describeDocker('ECS task images in the host engine', () => {
  it("leave no loopback name, go with their tasks and with clean --services; the user's own images stay", async () => {
    runtime = await getRuntime();
    await ensureTinyImage(runtime);
    const registry = await ensureRegistry(runtime);
    await pushVersion(runtime, registry, 'v1');
    await pushVersion(runtime, registry, 'v2');
    await runtime.images.tag(TINY_IMAGE, SIDECAR);
    await runtime.images.tag(TINY_IMAGE, USERS_OWN);
    const logs: string[] = [];
    const env: DeployEnv = {
      runtime,
      stateRoot: state,
      network: registry.network.name,
      ecrHost: ECR,
      registry: async () => registry,
      secret: () => '',
      log: (l) => logs.push(l),
    };

    expect(await deploy(env, request(`${ECR}/${REPO}:v1`, 1))).toMatchObject({ ok: true });
    expect(await namesOfRepo(runtime)).toEqual([`${ECR}/${REPO}:users-own`, `${ECR}/${REPO}:v1`]);

    expect(await deploy(env, request(`${ECR}/${REPO}:v2`, 2))).toMatchObject({ ok: true });
    expect(await namesOfRepo(runtime)).toEqual([`${ECR}/${REPO}:users-own`, `${ECR}/${REPO}:v2`]);

    const digest = (await registry.manifest(REPO, 'v1'))!.digest;
    expect(await deploy(env, request(`${ECR}/${REPO}@${digest}`, 3))).toMatchObject({ ok: true });
    // A digest cannot be a tag: the task runs from the digest name its pull left, until the task goes.
    expect(await namesOfRepo(runtime)).toEqual([`${ECR}/${REPO}:users-own`, `${registry.loopback}/${REPO}@${digest}`]);
    expect(logs).toContain(`removed the unused task image ${ECR}/${REPO}:v1`);
    expect(logs).toContain(`removed the unused task image ${ECR}/${REPO}:v2`);

    const report = await clean({ stateDir: state, runtime, services: true });
    expect(report.images).toEqual([{ ref: `${registry.loopback}/${REPO}@${digest}` }]);
    expect(await namesOfRepo(runtime)).toEqual([`${ECR}/${REPO}:users-own`]);
    expect(await runtime.images.inspect(SIDECAR)).toBeDefined();
  }, 180_000);
});
