/**
 * `codelocal clean --services` (issue 17): scoped to the state folder it runs for, host-wide only with
 * --all-projects, and a report that counts exactly what went. A fake runtime, never the shared engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clean } from '../../../src/api/clean.js';
import { renderCleanReport } from '../../../src/cli/commands/clean.js';
import { resourceLabels, stateDirTag } from '../../../src/runtime/labels.js';
import type { ContainerRuntime, ResourceRef } from '../../../src/runtime/types.js';
import { serviceNamePrefix } from '../../../src/local-aws/ecs/proxy.js';

const dir = mkdtempSync(join(tmpdir(), 'codelocal-clean-'));
const other = mkdtempSync(join(tmpdir(), 'codelocal-clean-other-'));
afterAll(() => [dir, other].forEach((d) => rmSync(d, { recursive: true, force: true })));

function fakeRuntime(refs: ResourceRef[], refuse: string[] = []) {
  const removed: string[] = [];
  const gone = (what: string) => {
    if (refuse.includes(what)) throw new Error('in use');
    removed.push(what);
  };
  const runtime = {
    listResources: async (f?: { labels?: Record<string, string> }) =>
      refs.filter((r) => Object.entries(f?.labels ?? {}).every(([k, v]) => r.labels[k] === v)),
    getContainer: async (id: string) => ({ remove: async () => gone(`container/${id}`) }),
    volumes: { remove: async (n: string) => gone(`volume/${n}`) },
    networks: { remove: async (n: string) => gone(`network/${n}`) },
    // No task images here (test/unit/local-aws/ecs-task-images.test.ts covers them).
    images: { list: async () => [] },
  } as unknown as ContainerRuntime;
  return { runtime, removed };
}

/** A resource as the runtime labels it: created for `stateDir` (or none), kept, with `extra` labels. */
function ref(kind: ResourceRef['kind'], name: string, extra: Record<string, string>, stateDir?: string): ResourceRef {
  const labels = resourceLabels({ runId: 'r', pid: 1, host: 'h', stateDir }, { keep: true, extra });
  return { kind, id: name, name, labels };
}
const shared = { 'codelocal.shared': 'true' };

describe('codelocal clean --services: one state folder at a time', () => {
  const refs = [
    ref('network', 'codelocal-aws', { 'codelocal.role': 'local-aws', ...shared }, dir),
    ref('volume', 'codelocal-registry-data', { 'codelocal.role': 'registry', ...shared }, dir),
    ref('container', 'codelocal-registry', { 'codelocal.role': 'registry', ...shared }, dir),
    ref('container', 'mine-lb', { 'codelocal.role': 'ecs-proxy' }, dir),
    ref('container', 'mine-task', { 'codelocal.role': 'ecs-task' }, dir),
    // A provider this file does not know (CodeDeploy EC2 instances, say): found by label all the same.
    ref('container', 'mine-instance', { 'codelocal.role': 'codedeploy-instance' }, dir),
    ref('container', 'theirs-lb', { 'codelocal.role': 'ecs-proxy' }, other),
    ref('container', 'theirs-task', { 'codelocal.role': 'ecs-task' }, other),
    // Made before state folders were labelled: only a host-wide clean knows whose it is.
    ref('container', 'legacy-task', { 'codelocal.role': 'ecs-task' }),
  ];

  it("removes only this state folder's services; the shared registry, volume and network stay", async () => {
    const { runtime, removed } = fakeRuntime(refs);
    const report = await clean({ stateDir: dir, runtime, services: true });
    expect(removed.sort()).toEqual(['container/mine-instance', 'container/mine-lb', 'container/mine-task']);
    expect(report.services.map((s) => s.name).sort()).toEqual(['mine-instance', 'mine-lb', 'mine-task']);
    expect(report.sharedLeft.map((s) => s.name).sort()).toEqual([
      'codelocal-aws',
      'codelocal-registry',
      'codelocal-registry-data',
    ]);
    expect(report.scope).toBe('project');
    const text = renderCleanReport(report);
    expect(text).toContain('removed 0 container(s), 0 build folder(s), 3 service resource(s)\n');
    expect(text).toContain('--all-projects removes them');
  });

  it('--all-projects takes every project, the legacy ones and the shared ones, containers first', async () => {
    const { runtime, removed } = fakeRuntime(refs);
    const report = await clean({ stateDir: dir, runtime, services: true, allProjects: true });
    expect(removed).toHaveLength(refs.length);
    expect(removed.slice(0, 7).every((r) => r.startsWith('container/'))).toBe(true);
    expect(removed.slice(7)).toEqual(['volume/codelocal-registry-data', 'network/codelocal-aws']);
    expect(report.sharedLeft).toEqual([]);
    expect(renderCleanReport(report)).toContain(`removed 0 container(s), 0 build folder(s), ${refs.length} service`);
  });

  it('--dry-run lists exactly what a clean would remove and removes nothing; without --services nothing', async () => {
    const dry = fakeRuntime(refs);
    const report = await clean({ stateDir: dir, runtime: dry.runtime, services: true, dryRun: true });
    expect(report.services).toHaveLength(3);
    expect(dry.removed).toEqual([]);
    expect(renderCleanReport(report)).toContain(
      'would remove 0 container(s), 0 build folder(s), 3 service resource(s)',
    );
    const plain = fakeRuntime(refs);
    expect((await clean({ stateDir: dir, runtime: plain.runtime })).services).toEqual([]);
    expect(plain.removed).toEqual([]);
  });

  it('a refusal is reported and not counted as removed', async () => {
    const { runtime } = fakeRuntime(refs, ['container/mine-lb']);
    const report = await clean({ stateDir: dir, runtime, services: true });
    const text = renderCleanReport(report);
    expect(text).toContain('kept container mine-lb: in use');
    expect(text).toContain('2 service resource(s); 1 could not be removed');
  });
});

describe('resource labels and ECS names per state folder', () => {
  it('the runtime stamps the state folder on every resource except shared ones', () => {
    const ctx = { runId: 'r', stateDir: dir };
    expect(resourceLabels(ctx)['codelocal.state-dir']).toBe(dir);
    expect(resourceLabels(ctx, { extra: shared })['codelocal.state-dir']).toBeUndefined();
    expect(resourceLabels({ runId: 'r' })['codelocal.state-dir']).toBeUndefined();
  });

  it('two projects deploying the same cluster/service get different container names', () => {
    const svc = { account: '123456789012', region: 'us-east-1', cluster: 'prod', name: 'app' };
    const a = serviceNamePrefix({ ...svc, stateDir: dir });
    const b = serviceNamePrefix({ ...svc, stateDir: other });
    expect(a).not.toBe(b);
    expect(a).toBe(`codelocal-ecs-${stateDirTag(dir)}-prod-app`);
    expect(stateDirTag(dir)).toMatch(/^[0-9a-f]{8}$/);
    expect(serviceNamePrefix(svc)).toBe('codelocal-ecs-prod-app');
  });
});
