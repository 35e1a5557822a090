/**
 * Compute types as container limits (issue 17, "No build gets a memory, CPU or process limit"): the build's
 * cgroup holds its compute type's memory (capped at the machine), at most the machine's CPUs, and the
 * process limit, so a fork bomb or a leak stops inside the build (src/engine/codebuild/compute-limits.ts).
 */
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BUILD_PIDS_LIMIT } from '../../../src/engine/codebuild/compute-limits.js';
import { describeDocker } from '../helpers.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SPEC = `version: 0.2
phases:
  build:
    commands:
      - echo "pids=$(cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max)"
      - echo "mem=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"
`;

describeDocker('compute type limits', () => {
  it('a BUILD_GENERAL1_SMALL build runs with 4 GiB (or the machine), and the pids limit', async () => {
    const src = mkdtempSync(join(tmpdir(), 'codelocal-limits-src-'));
    const state = mkdtempSync(join(tmpdir(), 'codelocal-limits-state-'));
    dirs.push(src, state);
    writeFileSync(join(src, 'buildspec.yml'), SPEC);
    const r = await execa('node', [CLI, 'build', src, '--state-dir', state], {
      reject: false,
      stdin: 'ignore',
      env: { NO_COLOR: '1' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out).toContain(`pids=${BUILD_PIDS_LIMIT}`);
    const memory = Math.min(4 * 1024 ** 3, totalmem());
    // The engine reports the machine's memory as its own MemTotal: allow a page of rounding.
    const shown = Number(/mem=(\d+)/.exec(out)?.[1]);
    expect(Math.abs(shown - memory)).toBeLessThanOrEqual(4096);
  });
});
