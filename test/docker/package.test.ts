/**
 * The packed tarball works on a clean prefix (issue 12 item 3): `npm pack`, `npm install -g --prefix TMP
 * ./codelocal-*.tgz` (dependencies from the npm cache when present, else the registry), then the installed
 * `codelocal doctor`, `codelocal images build` (a no-op when the images are current) and `codelocal build`
 * on examples/hello, all from outside the repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDocker } from './helpers.js';

let tmp: string;
let bin: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'codelocal-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', tmp], { cwd: process.cwd(), stdio: 'ignore' });
  const tgz = readdirSync(tmp).find((f) => /^codelocal-.*\.tgz$/.test(f))!;
  execFileSync(
    'npm',
    ['install', '-g', '--prefix', join(tmp, 'prefix'), '--prefer-offline', '--no-audit', '--no-fund', `./${tgz}`],
    { cwd: tmp, stdio: 'ignore', timeout: 900_000 },
  );
  bin = join(tmp, 'prefix', 'bin', 'codelocal');
}, 900_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function codelocal(cwd: string, ...args: string[]) {
  // The machine's environment (its CA and proxy settings reach the image build), minus npm's node_modules/.bin.
  const PATH = process.env
    .PATH!.split(':')
    .filter((p) => !p.includes('node_modules'))
    .join(':');
  return spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, PATH }, timeout: 600_000 });
}

describeDocker('the npm package', () => {
  it('installs into a clean prefix and runs doctor, images build and a build of examples/hello', () => {
    expect(existsSync(bin)).toBe(true);
    expect(codelocal(tmp, '--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const doctor = codelocal(tmp, 'doctor');
    expect(doctor.status, doctor.stdout + doctor.stderr).toBe(0);
    const images = codelocal(tmp, 'images', 'build', '-q');
    expect(images.status, images.stderr).toBe(0);
    const hello = join(tmp, 'hello');
    cpSync(join(process.cwd(), 'examples/hello'), hello, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: hello });
    const build = codelocal(hello, 'build', '--json');
    expect(build.status, build.stderr).toBe(0);
    expect(JSON.parse(build.stdout).build.buildStatus).toBe('SUCCEEDED');
  }, 900_000);
});
