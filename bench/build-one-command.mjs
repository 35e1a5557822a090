// Speed goal (build issue): a one-command buildspec, CLI start to exit, within 1.5x of a plain
// `docker run --rm IMAGE sh -c 'CMD'` on the same image, measured pair by pair in the same run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairs, report, timeCommand } from './lib.mjs';

const IMAGE = process.env.CODELOCAL_BENCH_IMAGE ?? 'codelocal/standard:latest';
const CMD = 'echo hello';
const src = mkdtempSync(join(tmpdir(), 'bench-one-'));
const state = mkdtempSync(join(tmpdir(), 'bench-state-'));
writeFileSync(join(src, 'buildspec.yml'), `version: 0.2\nphases:\n  build:\n    commands:\n      - ${CMD}\n`);
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
try {
  const r = pairs(
    'one-command buildspec vs docker run',
    () =>
      timeCommand('node', [
        cli,
        'build',
        src,
        '--state-dir',
        state,
        '--image-map',
        `aws/codebuild/standard:7.0=${IMAGE}`,
      ]),
    // --entrypoint sh: the runner image's entrypoint tries to start dockerd first; the baseline should not pay for that.
    () => timeCommand('docker', ['run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', CMD]),
    Number(process.env.BENCH_RUNS ?? 5),
  );
  report(r, 1.5);
} finally {
  rmSync(src, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
