// The seed pipeline twice from a fresh git repository: the first run with a cold Docker layer cache
// (the project's LOCAL_DOCKER_LAYER_CACHE volume removed), the second with a changed response text and
// the cache warm. Goal (issue #5): the second run takes at most 50% of the first.
// Needs `npm run build` and the runner images (scripts/setup.sh). Removes the service it deployed.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliPath, timeCommand } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = cliPath();
const repo = mkdtempSync(join(tmpdir(), 'codelocal-bench-seed-'));
const state = mkdtempSync(join(tmpdir(), 'codelocal-bench-seed-state-'));
const git = (...a) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@codelocal.invalid', ...a], { cwd: repo });
try {
  cpSync(join(root, 'examples/seed-ecs'), repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'v1');
  // The inner engine's layers live in this volume (src/stores/cache-store.ts dockerLayerCacheVolume).
  execFileSync('docker', ['volume', 'rm', '-f', 'codelocal-dlc-myapp-build'], { stdio: 'ignore' });
  const run = () => timeCommand('node', [cli, '-C', repo, 'pipeline', 'run', 'pipeline.json', '--state-dir', state]);
  const first = run();
  const main = join(repo, 'main.go');
  writeFileSync(
    main,
    readFileSync(main, 'utf8').replace(/const greeting = ".*"/, 'const greeting = "Hello from the bench, second run"'),
  );
  git('commit', '-qam', 'v2');
  const second = run();
  const ratio = second / first;
  console.log(
    JSON.stringify({
      name: 'seed-pipeline',
      firstMs: Math.round(first),
      secondMs: Math.round(second),
      ratio: Number(ratio.toFixed(3)),
      goal: '<= 0.5',
      met: ratio <= 0.5,
    }),
  );
  if (ratio > 0.5) process.exitCode = 1;
} finally {
  // The deployed service keeps running after a pipeline (as on AWS): remove it with its state folder.
  spawnSync('node', [cli, 'clean', '--services', '--state-dir', state], { stdio: 'ignore' });
  rmSync(repo, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
}
