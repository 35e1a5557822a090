/** `codelocal clean --services`: the local AWS leftovers, with a fake runtime (never the shared engine). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clean } from '../../../src/api/clean.js';
import type { ContainerRuntime, ResourceRef } from '../../../src/runtime/types.js';

const dir = mkdtempSync(join(tmpdir(), 'codelocal-clean-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeRuntime(refs: ResourceRef[]) {
  const removed: string[] = [];
  const runtime = {
    listResources: async (f?: { labels?: Record<string, string> }) =>
      refs.filter((r) => Object.entries(f?.labels ?? {}).every(([k, v]) => r.labels[k] === v)),
    getContainer: async (id: string) => ({ remove: async () => void removed.push(`container/${id}`) }),
    volumes: { remove: async (n: string) => void removed.push(`volume/${n}`) },
    networks: { remove: async (n: string) => void removed.push(`network/${n}`) },
  } as unknown as ContainerRuntime;
  return { runtime, removed };
}

const ref = (kind: ResourceRef['kind'], name: string, role: string): ResourceRef => ({
  kind,
  id: name,
  name,
  labels: { 'codelocal.role': role },
});

describe('codelocal clean --services', () => {
  const refs = [
    ref('network', 'codelocal-aws', 'local-aws'),
    ref('volume', 'codelocal-registry-data', 'registry'),
    ref('container', 'codelocal-registry', 'registry'),
    ref('container', 'codelocal-ecs-prod-app-lb', 'ecs-proxy'),
    ref('container', 'app-task', 'ecs-task'),
  ];

  it('local-aws.md: removes ECS containers, the registry and its volume, then the network (containers first)', async () => {
    const { runtime, removed } = fakeRuntime(refs);
    const report = await clean({ stateDir: dir, runtime, services: true });
    expect(removed.slice(0, 3).every((r) => r.startsWith('container/'))).toBe(true);
    expect(removed.slice(3)).toEqual(['volume/codelocal-registry-data', 'network/codelocal-aws']);
    expect(report.services).toHaveLength(5);
  });

  it('local-aws.md: --dry-run lists them and removes nothing; without --services they stay', async () => {
    const dry = fakeRuntime(refs);
    expect((await clean({ stateDir: dir, runtime: dry.runtime, services: true, dryRun: true })).services).toHaveLength(
      5,
    );
    expect(dry.removed).toEqual([]);
    const plain = fakeRuntime(refs);
    expect((await clean({ stateDir: dir, runtime: plain.runtime })).services).toEqual([]);
    expect(plain.removed).toEqual([]);
  });
});

describe('codelocal clean --services and CodeDeploy instances', () => {
  it('deploy.md: removes the instance containers of local deployment groups too', async () => {
    const { runtime, removed } = fakeRuntime([
      ref('container', 'codelocal-cd-shop-web-1a2b3c4d-1', 'codedeploy-instance'),
      ref('network', 'codelocal-aws', 'local-aws'),
    ]);
    await clean({ stateDir: dir, runtime, services: true });
    expect(removed).toEqual(['container/codelocal-cd-shop-web-1a2b3c4d-1', 'network/codelocal-aws']);
  });
});
