/**
 * `runCheck({ run: true })` on the fake runtime (test/support/fake-runtime.ts): builds go through the same
 * API as `codelocal build`, at most `maxParallel` at once, with the linked project's variables; a failed
 * build's summary names phase, command and exit status; fail-fast stops the running build and skips the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../../src/api/check/index.js';
import type { ImageClient, ImageInfo } from '../../../src/runtime/index.js';
import { FakeRuntime, type CommandCall, type FakeRuntimeOptions } from '../../support/fake-runtime.js';
import { buildspec, writeFiles, writeRepo } from './fixture-repo.js';

/** The fake runtime with every image present: the build resolves its image before starting a container. */
class RuntimeWithImages extends FakeRuntime {
  override readonly images = {
    inspect: async (ref: string): Promise<ImageInfo> => ({
      id: `sha256:${ref}`,
      tags: [ref],
      labels: {},
      created: '',
      sizeBytes: 1,
    }),
  } as unknown as ImageClient;
  constructor(options: FakeRuntimeOptions) {
    super(options);
  }
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'check-run-'));
  writeRepo(root);
  // A pipeline-run buildspec gets the local AWS stand-ins, which the fake runtime does not model (no networks).
  rmSync(join(root, 'pipelines'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('check --run (fake runtime)', () => {
  it('runs every buildspec, at most maxParallel at once, with its project settings', async () => {
    let running = 0;
    let peak = 0;
    const seen: CommandCall[] = [];
    const runtime = new RuntimeWithImages({
      commands: (call) => {
        seen.push(call);
        running++;
        peak = Math.max(peak, running);
        setTimeout(() => running--, 40);
        return { durationMs: 40, output: 'ok\n' };
      },
    });
    const result = await runCheck({ cwd: root, run: true, maxParallel: 2, runtime, stateDir: join(root, '.state') });
    const builds = result.items.filter((r) => r.item.kind === 'buildspec');
    expect(builds.map((r) => [r.item.file, r.status, r.buildStatus])).toEqual([
      ['alpha/buildspec.yml', 'passed', 'SUCCEEDED'],
      ['beta/ci/buildspec.yml', 'passed', 'SUCCEEDED'],
      ['delta/buildspec.yml', 'passed', 'SUCCEEDED'],
      ['gamma/buildspec.yml', 'passed', 'SUCCEEDED'],
    ]);
    expect(peak).toBeLessThanOrEqual(2);
    const beta = seen.find((c) => c.command.startsWith('echo beta'))!;
    expect(beta.env.get('FROM_PROJECT')).toBe('yes');
    expect(builds[0]!.steps.map((s) => s.name)).toContain('BUILD');
  });

  it('a failing build fails its item with the failure summary; fail-fast skips what did not run', async () => {
    writeFiles(root, { 'aaa/buildspec.yml': buildspec('exit 3') });
    const runtime = new RuntimeWithImages({
      commands: (call) => (call.command === 'exit 3' ? { exitCode: 3 } : { durationMs: 200 }),
    });
    const result = await runCheck({ cwd: root, run: true, maxParallel: 1, failFast: true, runtime });
    const [first, ...rest] = result.items.filter((r) => r.item.kind === 'buildspec');
    expect(first).toMatchObject({ status: 'failed', buildStatus: 'FAILED' });
    expect(first!.failure).toMatch(/^phase BUILD, command `exit 3`, exit status 3/);
    expect(rest.every((r) => r.status === 'skipped' && r.buildStatus === undefined)).toBe(true);
    expect(rest[0]!.skipped).toBe('not run: --fail-fast after aaa/buildspec.yml failed');
  });
});
