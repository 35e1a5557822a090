// Artifact hand-off between two actions (issue #4): the engine zips an output folder into the local
// artifact store and unpacks it for the next action. Compared, pair by pair in the same run, with
// `tar` writing and reading the same tree on the same disk. Goal: within 1.5x of tar (issue #14; was 2x).
// Tree: 5,000 files, 200 MB in total; half of each file is random (incompressible, like binaries and
// images), half repeated text (like sources and maps), so deflate does real work on both kinds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { median } from './lib.mjs';

const dist = join(import.meta.dirname, '..', 'dist');
const { storeDirectory, unpackArtifact, tempFolder } = await import(join(dist, 'engine/pipeline/artifacts.js'));
const { LocalS3Store } = await import(join(dist, 'stores/s3-store.js'));
const { StateDir } = await import(join(dist, 'workspace/state-dir.js'));

const FILES = Number(process.env.BENCH_FILES ?? 5000);
const TOTAL = Number(process.env.BENCH_BYTES ?? 200 * 1024 * 1024);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// BENCH_LEVEL=0 measures store-only zips (the engine default is its ARTIFACT_COMPRESSION_LEVEL).
const LEVEL = process.env.BENCH_LEVEL === undefined ? undefined : Number(process.env.BENCH_LEVEL);
// BENCH_KEEP=1 keeps every extracted tree until the end instead of deleting it after its pair: on a
// journal-less ext4 (this machine's), creating files within seconds of deleting thousands of others
// makes the kernel check each recently deleted inode per create (docs/performance.md, "the deletion
// regime"), a cost that then lands on whichever side runs next.
const KEEP = process.env.BENCH_KEEP === '1';
const later = [];
const discard = (path) => (KEEP ? later.push(path) : rmSync(path, { recursive: true, force: true }));
const work = mkdtempSync(join(tmpdir(), 'bench-handoff-'));
const tree = join(work, 'tree');
const size = Math.floor(TOTAL / FILES);
const text = Buffer.from('export const value = "some fairly ordinary source text";\n'.repeat(Math.ceil(size / 2 / 56)));
for (let i = 0; i < FILES; i++) {
  const dir = join(tree, `d${i % 50}`, `e${i % 7}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `f${i}.bin`),
    Buffer.concat([randomBytes(Math.floor(size / 2)), text.subarray(0, size - Math.floor(size / 2))]),
  );
}
const s3 = new LocalS3Store(join(work, 's3'));
// Pipeline temp folders live in the state folder (docs/endings.md).
const state = new StateDir(join(work, 'state'));

async function zipPath(i) {
  const t0 = process.hrtime.bigint();
  const target = { bucket: 'bench-artifacts', key: `bench/Output/run${i}` };
  await storeDirectory(s3, tree, target, LEVEL === undefined ? {} : { compressionLevel: LEVEL });
  const t1 = process.hrtime.bigint();
  const dest = tempFolder(state, 'bench-in');
  await unpackArtifact(s3, { name: 'Output', ...target }, dest);
  const t2 = process.hrtime.bigint();
  discard(dest);
  return [Number(t2 - t0) / 1e6, Number(t1 - t0) / 1e6, Number(t2 - t1) / 1e6];
}

function tarPath(i) {
  const file = join(work, `run${i}.tar`);
  const dest = mkdtempSync(join(tmpdir(), 'bench-tar-'));
  const marks = [process.hrtime.bigint()];
  for (const args of [
    ['-cf', file, '-C', tree, '.'],
    ['-xf', file, '-C', dest],
  ]) {
    const r = spawnSync('tar', args);
    if (r.status !== 0) throw new Error(`tar ${args.join(' ')}: ${r.stderr}`);
    marks.push(process.hrtime.bigint());
  }
  const [a, b, c] = marks.map((m) => Number(m - marks[0]) / 1e6);
  discard(dest);
  discard(file);
  return [c - a, b - a, c - b];
}

try {
  await zipPath('warm');
  tarPath('warm');
  const zs = [];
  const ts = [];
  const ratios = [];
  for (let i = 0; i < RUNS; i++) {
    const z = await zipPath(i);
    const t = tarPath(i);
    zs.push(z);
    ts.push(t);
    ratios.push(z[0] / t[0]);
  }
  const ratio = median(ratios);
  const part = (rows, k) => Math.round(median(rows.map((r) => r[k])));
  console.log(
    `artifact hand-off (${FILES} files, deflate level ${LEVEL ?? 'default'}, ${Math.round(TOTAL / 1048576)} MB): zip to store + unpack ${part(zs, 0)} ms ` +
      `(${part(zs, 1)} + ${part(zs, 2)}), tar write + read ${part(ts, 0)} ms (${part(ts, 1)} + ${part(ts, 2)}), ` +
      `deletions ${KEEP ? 'at the end' : 'after each pair'}, ratio ${ratio.toFixed(2)}x over ${RUNS} pairs ` +
      `(goal <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'})`,
  );
} finally {
  for (const path of later) rmSync(path, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
