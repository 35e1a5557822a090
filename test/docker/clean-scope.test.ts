/**
 * `codelocal clean --services` on a real engine (issue 17): the runtime stamps each resource with the
 * state folder it works for, and a clean run for one project removes that project's kept service
 * containers only: another project's, and the shared ones, stay. (The host-wide `--all-projects` is
 * covered with a fake runtime: on a shared engine it would remove other users' registry.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { clean } from '../../src/api/clean.js';
import { createDockerRuntime } from '../../src/runtime/docker/runtime.js';
import { LABEL_STATE_DIR } from '../../src/runtime/types.js';
import { describeDocker, ensureTinyImage, getRuntime } from './helpers.js';

const a = mkdtempSync(join(tmpdir(), 'codelocal-scope-a-'));
const b = mkdtempSync(join(tmpdir(), 'codelocal-scope-b-'));
const ids: string[] = [];
afterAll(async () => {
  const rt = await getRuntime();
  for (const id of ids) await (await rt.getContainer(id))?.remove();
  [a, b].forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describeDocker('clean --services: one state folder at a time', () => {
  it("removes this project's kept service containers, leaves another project's and shared ones", async () => {
    const image = await ensureTinyImage(await getRuntime());
    const make = async (stateDir: string, role: string, shared = false) => {
      const rt = await createDockerRuntime({ stateDir });
      const c = await rt.createContainer({
        image,
        cmd: ['sleep', '60'],
        keep: true,
        labels: { 'codelocal.role': role, ...(shared ? { 'codelocal.shared': 'true' } : {}) },
      });
      ids.push(c.id);
      return c;
    };
    const mine = await make(a, 'ecs-task');
    const theirs = await make(b, 'ecs-task');
    const shared = await make(a, 'test-shared', true);
    expect((await mine.inspect()).labels[LABEL_STATE_DIR]).toBe(a);
    expect((await shared.inspect()).labels[LABEL_STATE_DIR]).toBeUndefined();

    const runtime = await getRuntime();
    const dry = await clean({ stateDir: a, runtime, services: true, dryRun: true });
    expect(dry.services.map((s) => s.name)).toEqual([mine.name]);
    const report = await clean({ stateDir: a, runtime, services: true });
    expect(report.services).toEqual([{ kind: 'container', name: mine.name }]);
    expect(await runtime.getContainer(mine.id)).toBeUndefined();
    expect(await runtime.getContainer(theirs.id)).toBeDefined();
    expect(await runtime.getContainer(shared.id)).toBeDefined();
    expect(report.sharedLeft.map((s) => s.name)).toContain(shared.name);
  }, 60_000);
});
