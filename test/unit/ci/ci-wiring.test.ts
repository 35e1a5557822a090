/**
 * The ready-made CI wiring (issue 12 item 2): action.yml's steps are the scripts in ci/github/, wired to
 * the action's inputs, and those scripts run here against examples/ as they run on GitHub (reports
 * written, annotations printed, the exit code handed on); the GitLab template's script lines run the
 * same way and produce the report files its `artifacts:reports` names.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { junitProblems, sarifProblems } from '../../support/check-validators.js';

const ROOT = process.cwd();
const CLI = join(ROOT, 'dist/cli/main.js');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
const gitlab = parse(readFileSync(join(ROOT, 'ci/gitlab/codelocal.gitlab-ci.yml'), 'utf8'));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ci-wiring-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runCheckScript(dir: string, env: Record<string, string>) {
  const output = join(dir, 'github-output');
  writeFileSync(output, '');
  const r = spawnSync('bash', [join(ROOT, 'ci/github/run-check.sh')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CODELOCAL_BIN: `node ${CLI}`, GITHUB_OUTPUT: output, GITHUB_ACTIONS: 'true', ...env },
  });
  return { ...r, output: readFileSync(output, 'utf8') };
}

describe('action.yml', () => {
  const steps = action.runs.steps as { run?: string; env?: Record<string, string>; uses?: string }[];

  it('is a composite action whose shell steps are executable scripts in ci/github/', () => {
    expect(action.runs.using).toBe('composite');
    const scripts = steps
      .filter((s) => s.run?.includes('ci/github/'))
      .map((s) => /ci\/github\/[\w-]+\.sh/.exec(s.run!)![0]);
    expect(scripts).toEqual(['ci/github/install.sh', 'ci/github/run-check.sh']);
    for (const s of scripts) accessSync(join(ROOT, s), constants.X_OK);
    expect(steps.map((s) => s.uses).filter(Boolean)).toEqual([
      'actions/setup-node@v4',
      'github/codeql-action/upload-sarif@v3',
      'actions/upload-artifact@v4',
    ]);
  });

  it('every input reaches a step, and every INPUT_ variable run-check.sh reads is set from an input', () => {
    const env = steps.flatMap((s) => Object.entries(s.env ?? {}));
    const inputsUsed = new Set(
      JSON.stringify(action.runs.steps)
        .match(/inputs\.[\w-]+/g)!
        .map((m) => m.slice('inputs.'.length)),
    );
    expect([...Object.keys(action.inputs)].filter((i) => !inputsUsed.has(i))).toEqual([]);
    const script = readFileSync(join(ROOT, 'ci/github/run-check.sh'), 'utf8');
    const read = new Set(script.match(/INPUT_[A-Z_]+/g));
    const set = new Map(env.filter(([k]) => k.startsWith('INPUT_')));
    for (const name of read) expect(set.get(name), name).toMatch(/^\$\{\{ inputs\.[\w-]+ \}\}$/);
  });

  it('run-check.sh against examples/: JUnit and SARIF written and valid, annotations printed, exit code 0 handed on', () => {
    const dir = join(tmp, 'ok');
    mkdirSync(dir);
    const r = runCheckScript(dir, {
      INPUT_PATHS: 'examples',
      INPUT_JUNIT: join(dir, 'junit.xml'),
      INPUT_SARIF: join(dir, 'check.sarif'),
    });
    expect(r.status).toBe(0);
    expect(r.output).toBe('exit-code=0\n');
    expect(r.stdout).toMatch(/^::warning file=examples\/[^,]+,line=\d+,col=\d+,title=codelocal /m);
    // Every item of examples/ passes lint + plan, however many examples there are.
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed, 0 skipped/m);
    expect(junitProblems(readFileSync(join(dir, 'junit.xml'), 'utf8'))).toBeUndefined();
    expect(sarifProblems(JSON.parse(readFileSync(join(dir, 'check.sarif'), 'utf8')))).toEqual([]);
  });

  it('a failing check: the script still succeeds (so reports upload) and hands exit code 1 to the last step', () => {
    const dir = join(tmp, 'fail');
    mkdirSync(join(dir, 'repo/bad'), { recursive: true });
    writeFileSync(
      join(dir, 'repo/bad/buildspec.yml'),
      'version: 0.3\nphases:\n  build:\n    commands:\n      - echo\n',
    );
    const r = runCheckScript(dir, { INPUT_PATHS: join(dir, 'repo'), INPUT_JUNIT: join(dir, 'junit.xml') });
    expect(r.status).toBe(0);
    expect(r.output).toBe('exit-code=1\n');
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<failure message=');
    const last = execFileSync('bash', ['-c', steps.at(-1)!.run!], { env: { EXIT_CODE: '0' } });
    expect(last.toString()).toBe('');
    expect(spawnSync('bash', ['-c', steps.at(-1)!.run!], { env: { EXIT_CODE: '1' } }).status).toBe(1);
  });
});

describe('GitLab template', () => {
  const job = gitlab['.codelocal-check'];

  it('reports junit and codequality, always', () => {
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports).toEqual({ junit: 'codelocal-junit.xml', codequality: 'gl-code-quality-report.json' });
  });

  it('its script lines, run against examples/, write the two reports it declares', () => {
    const dir = join(tmp, 'gitlab');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'bin/codelocal'), `#!/bin/sh\nexec node ${CLI} "$@"\n`, { mode: 0o755 });
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    const r = spawnSync('bash', ['-ec', (job.script as string[]).join('\n')], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        CODELOCAL_CHECK_ARGS: 'examples',
        GITHUB_ACTIONS: '',
      },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(junitProblems(readFileSync(join(dir, 'codelocal-junit.xml'), 'utf8'))).toBeUndefined();
    const issues = JSON.parse(readFileSync(join(dir, 'gl-code-quality-report.json'), 'utf8'));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toEqual(
      expect.objectContaining({ check_name: expect.any(String), fingerprint: expect.any(String), severity: 'minor' }),
    );
  });
});
