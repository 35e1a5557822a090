/**
 * `codelocal check --run --max-parallel 2` through the real CLI over a copy of examples/ plus a generated
 * repository of 40 one-command buildspecs: the JUnit XML validates against the JUnit XSD and the SARIF
 * against the official SARIF 2.1.0 schema (issue 12, "Done when"); fail-fast stops running builds and
 * leaves no container of the run behind.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { junitProblems, sarifProblems } from '../support/check-validators.js';
import { describeDocker } from './helpers.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number;
}

function runCli(cwd: string, args: string[]): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, GITHUB_ACTIONS: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr, pid: child.pid! }));
  });
}

/** Containers (running or not) labelled as created by that codelocal process. */
function containersOf(pid: number): string[] {
  const out = execFileSync('docker', ['ps', '-aq', '--filter', `label=codelocal.pid=${pid}`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

/**
 * The same, once the engine has finished removing what ended with the run: builds and network holders are
 * AutoRemove containers, which the engine removes a moment after they end (docs/endings.md).
 */
async function containersLeft(pid: number, ms = 15_000): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = containersOf(pid);
    if (!left.length || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function writeBuildspec(root: string, rel: string, commands: string[]): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  const list = commands.map((c) => `      - ${c}\n`).join('');
  writeFileSync(join(root, rel), `version: 0.2\nphases:\n  build:\n    commands:\n${list}`);
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'check-docker-'));
  cpSync(join(process.cwd(), 'examples'), join(root, 'examples'), { recursive: true });
  for (let i = 0; i < 40; i++)
    writeBuildspec(root, `gen/svc-${String(i).padStart(2, '0')}/buildspec.yml`, [`echo hi ${i}`]);
  execFileSync('git', ['init', '-q'], { cwd: root });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeDocker('codelocal check --run', () => {
  it('examples/ + 40 generated buildspecs at --max-parallel 2: JUnit and SARIF validate', async () => {
    const r = await runCli(root, [
      'check',
      '--run',
      '--max-parallel',
      '2',
      '--junit',
      'out/junit.xml',
      '--sarif',
      'out/check.sarif',
    ]);
    // examples/pipeline-two-builds/buildspec-verify.yml reads the secondary source its pipeline hands it: outside the pipeline it fails.
    expect(r.stderr).not.toMatch(/internal error/);
    const junit = readFileSync(join(root, 'out/junit.xml'), 'utf8');
    expect(junitProblems(junit)).toBeUndefined();
    // The 16 items of examples/ (buildspecs, pipelines, project files, templates) + the 40 generated buildspecs.
    expect(junit.match(/<testcase /g)).toHaveLength(56);
    for (let i = 0; i < 40; i++) {
      const name = `gen/svc-${String(i).padStart(2, '0')}/buildspec.yml`;
      expect(junit).toMatch(new RegExp(`<testcase name="${name}"[^>]*>\\s*<system-out>step lint: passed`));
    }
    expect(junit).toContain('step BUILD: passed');
    const sarif = JSON.parse(readFileSync(join(root, 'out/check.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    expect(sarifProblems(sarif)).toEqual([]);
    const failed = [...junit.matchAll(/<testcase name="([^"]+)"[^>]*>\s*<failure/g)].map((m) => m[1]);
    expect(failed).toEqual(['examples/pipeline-two-builds/buildspec-verify.yml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/55 passed, 1 failed, 0 skipped/);
    expect(await containersLeft(r.pid)).toEqual([]);
  }, 600_000);

  it('--fail-fast stops the running builds, skips the rest and leaves no container', async () => {
    const ff = mkdtempSync(join(tmpdir(), 'check-ff-'));
    try {
      execFileSync('git', ['init', '-q'], { cwd: ff });
      writeBuildspec(ff, 'a-fails/buildspec.yml', ['sleep 1', 'exit 3']);
      for (const n of ['b', 'c', 'd', 'e', 'f']) writeBuildspec(ff, `${n}-slow/buildspec.yml`, ['sleep 60']);
      const start = Date.now();
      const r = await runCli(ff, ['check', '--run', '--max-parallel', '2', '--fail-fast', '--json']);
      expect(Date.now() - start).toBeLessThan(45_000);
      expect(r.code).toBe(1);
      const items = JSON.parse(r.stdout).items as {
        file: string;
        status: string;
        skipped?: string;
        buildStatus?: string;
      }[];
      expect(items[0]).toMatchObject({ file: 'a-fails/buildspec.yml', status: 'failed', buildStatus: 'FAILED' });
      expect(items[1]).toMatchObject({ status: 'skipped', buildStatus: 'STOPPED' });
      expect(items[1]!.skipped).toContain('--fail-fast after a-fails/buildspec.yml failed');
      expect(items.slice(2).every((i) => i.status === 'skipped' && i.buildStatus === undefined)).toBe(true);
      expect(await containersLeft(r.pid)).toEqual([]);
    } finally {
      rmSync(ff, { recursive: true, force: true });
    }
  }, 120_000);
});
