/**
 * One secret, every channel (issue 17, "build --json prints exported secret variables in clear"):
 * a secrets-manager value that is both echoed and exported must read `***` on the terminal, in
 * `build --json`, in result.json, in build.log and in the history. The secret holds a quote and a backslash, which
 * JSON escapes: masking the JSON text instead of each string would miss it.
 */
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';

const CLI = join(process.cwd(), 'dist/cli/main.js');
const SECRET = 'Tr0ub4"dor\\x';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SPEC = `version: 0.2
env:
  secrets-manager:
    TOKEN: app/token
  exported-variables:
    - TOKEN
phases:
  build:
    commands:
      - echo "token is $TOKEN"
`;

describeDocker('secret masking on every channel of a build', () => {
  it('terminal, --json, result.json, build.log and history all show *** for an exported, echoed secret', async () => {
    const src = mkdtempSync(join(tmpdir(), 'codelocal-mask-src-'));
    const state = mkdtempSync(join(tmpdir(), 'codelocal-mask-state-'));
    dirs.push(src, state);
    writeFileSync(join(src, 'buildspec.yml'), SPEC);
    const r = await execa(
      'node',
      [CLI, 'build', src, '--json', '--secret', `app/token=${SECRET}`, '--state-dir', state],
      { reject: false, stdin: 'ignore', env: { NO_COLOR: '1' } },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const { build } = JSON.parse(r.stdout) as {
      build: { id: string; exportedEnvironmentVariables: { value: string }[] };
    };
    expect(build.exportedEnvironmentVariables[0]!.value).toBe('***');
    expect(r.stdout).not.toContain('Tr0ub4');
    expect(r.stderr).toContain('token is ***');
    expect(r.stderr).not.toContain('Tr0ub4');

    const buildDirs = readdirSync(join(state, 'builds'));
    const result = readFileSync(join(state, 'builds', buildDirs[0]!, 'result.json'), 'utf8');
    expect(result).not.toContain('Tr0ub4');
    expect(result).toContain('"value": "***"');
    // The log file (what `executions logs` and the UI read) is masked the same way.
    const log = readFileSync(join(state, 'builds', buildDirs[0]!, 'build.log'), 'utf8');
    expect(log).toContain('token is ***');
    expect(log).not.toContain('Tr0ub4');

    const db = new Database(join(state, 'executions.db'), { readonly: true });
    try {
      const rows = db.prepare('SELECT result_json FROM builds').all() as { result_json: string }[];
      expect(rows.length).toBe(1);
      expect(rows[0]!.result_json).not.toContain('Tr0ub4');
    } finally {
      db.close();
    }
  });
});
