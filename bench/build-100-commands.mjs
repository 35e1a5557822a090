// Speed goal (build issue): a buildspec of 100 trivial commands within 2x of the same commands run
// by one `sh` inside one `docker run`. Per-command overhead decides this (see agent-script.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pairs, report, timeCommand } from './lib.mjs';

const IMAGE = process.env.CODELOCAL_BENCH_IMAGE ?? 'codelocal/standard:latest';
const commands = Array.from({ length: 100 }, (_, i) => `echo step ${i}`);
const src = mkdtempSync(join(tmpdir(), 'bench-100-'));
const state = mkdtempSync(join(tmpdir(), 'bench-state-'));
writeFileSync(
  join(src, 'buildspec.yml'),
  `version: 0.2\nphases:\n  build:\n    commands:\n${commands.map((c) => `      - ${c}\n`).join('')}`,
);
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
try {
  const r = pairs(
    '100-command buildspec vs one sh in docker run',
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
    () => timeCommand('docker', ['run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', commands.join('; ')]),
    Number(process.env.BENCH_RUNS ?? 5),
  );
  report(r, 2);
} finally {
  rmSync(src, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
