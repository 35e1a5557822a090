// Speed goal (issue #14): a cold `codelocal images build` (base by debootstrap, then every runner image) in at most
// 90 s on a fresh machine (132 s before the issue). Cold means: a fresh image cache folder (no debootstrap tarball),
// images under a namespace of their own (CODELOCAL_IMAGE_NAMESPACE, so nothing another build or test uses is
// touched), and a freshly imported base, whose new id makes every Dockerfile step miss the engine's layer cache.
// Needs root (debootstrap) and network access to the Debian mirror and the npm registry: skipped otherwise.
// Not part of `npm run bench` by default (minutes, GBs of downloads): BENCH_IMAGES_COLD=1 includes it there.
// With CODELOCAL_BENCH_CLI_BEFORE=/path/to/old/cli.js the previous recipe is built right after, in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from './lib.mjs';

const GOAL_S = 90;
const BEFORE_S = 132;

function coldBuild(cli, label) {
  const namespace = `bench-cold-${process.pid}-${label}`;
  const cache = mkdtempSync(join(tmpdir(), 'bench-image-cache-'));
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'images', 'build'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CODELOCAL_IMAGE_NAMESPACE: namespace, CODELOCAL_IMAGE_CACHE_DIR: cache },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // The bench's own images go again (tags only under its namespace; the engine keeps shared layers).
  const ids = spawnSync('docker', [
    'images',
    '--format',
    '{{.Repository}}:{{.Tag}}',
    '--filter',
    `reference=${namespace}/*`,
  ]);
  const refs = ids.stdout.toString().split('\n').filter(Boolean);
  if (refs.length) spawnSync('docker', ['rmi', '--force', ...refs], { stdio: 'ignore' });
  rmSync(cache, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${label}: codelocal images build exited ${r.status}`);
  return seconds;
}

if (process.env.BENCH_IMAGES_COLD !== '1' && process.argv[2] !== '--run') {
  console.log(
    'cold runner-image build: skipped (minutes and GBs of downloads: BENCH_IMAGES_COLD=1 or --run to measure)',
  );
} else if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.log('cold runner-image build: skipped (debootstrap needs root)');
} else {
  const after = coldBuild(cliPath(), 'after');
  const beforeCli = process.env.CODELOCAL_BENCH_CLI_BEFORE;
  const before = beforeCli ? coldBuild(beforeCli, 'before') : undefined;
  const against =
    before === undefined
      ? `${BEFORE_S} s (issue #14's figure, not measured in this run)`
      : `${before.toFixed(1)} s (previous recipe, same run)`;
  const verdict = after <= GOAL_S ? 'met' : 'NOT met';
  console.log(
    `cold runner-image build: ${after.toFixed(1)} s, before ${against}, ratio ${(after / (before ?? BEFORE_S)).toFixed(2)}x  (goal <= ${GOAL_S} s: ${verdict})`,
  );
}
