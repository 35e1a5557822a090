/** `codelocal lint` on the command line: formats, exit codes, --max-warnings, --explain, --list-rules. */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { RULE_FIXTURES } from './helpers.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'codelocal', 'lint', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

const fixture = (p: string) => join(RULE_FIXTURES, p);

describe('codelocal lint CLI', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('text output: file:line:column, severity, message and rule id; exit 1 on an error', async () => {
    const r = await run(fixture('commands-not-list/bad.yml'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /commands-not-list\/bad\.yml:5:7: error Expected Commands to be of list type: found subkeys instead at line 5 .*\[commands-not-list\]/,
    );
    expect(r.out).toMatch(/1 file checked: 1 error, \d+ warnings?, 0 notes/);
  });

  it('an unknown key is a warning with its did-you-mean (CodeBuild ignores it): exit 0', async () => {
    const r = await run(fixture('unknown-key/bad.yml'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /unknown-key\/bad\.yml:4:5: warning unknown key 'Commands' in 'phases\.build'; did you mean 'commands'\? \[unknown-key\]/,
    );
  });

  it('exit 0 when there are only warnings; --max-warnings turns too many warnings into exit 1', async () => {
    const file = fixture('env-value-type/bad.yml'); // three warnings
    expect((await run(file)).code).toBe(0);
    expect((await run(file, '--max-warnings', '3')).code).toBe(0);
    expect((await run(file, '--max-warnings', '2')).code).toBe(1);
  });

  it('--format json: the findings as data', async () => {
    const r = await run(fixture('helm-without-wait/bad.yml'), '--format', 'json');
    const doc = JSON.parse(r.out);
    expect(doc.version).toBe(1);
    expect(doc.files).toEqual([{ file: expect.stringMatching(/helm-without-wait\/bad\.yml$/), kind: 'buildspec' }]);
    expect(doc.findings).toEqual([
      expect.objectContaining({ ruleId: 'helm-without-wait', severity: 'warning', line: 6, column: 9 }),
    ]);
    expect(doc.counts).toEqual({ error: 0, warning: 1, info: 0 });
  });

  it('--format sarif: a SARIF 2.1.0 log', async () => {
    const r = await run(fixture('ecr-get-login/bad.yml'), '--format', 'sarif');
    const doc = JSON.parse(r.out);
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0].results[0]).toMatchObject({ ruleId: 'ecr-get-login', level: 'error' });
    expect(r.code).toBe(1);
  });

  it('--explain prints the rule, its fix and how to turn it off', async () => {
    const r = await run('--explain', 'docker-without-privileged');
    expect(r.code).toBe(0);
    expect(r.out).toContain('PrivilegedMode: true');
    expect(r.out).toContain('# codelocal-lint-disable docker-without-privileged');
  });

  it('--explain with an unknown rule is a usage error with a suggestion (exit 2)', async () => {
    const r = await run('--explain', 'helm-wihtout-wait');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown rule 'helm-wihtout-wait'; did you mean 'helm-without-wait'\?/);
  });

  it('--list-rules lists every rule with its severity', async () => {
    const r = await run('--list-rules');
    expect(r.out).toMatch(/^yaml-number-changed +warning +/m);
    expect(r.out).toMatch(/^crlf-line-endings +info +/m);
  });

  it('a path that does not exist is an input error (exit 2); a bad --format too', async () => {
    expect((await run(fixture('no-such-file.yml'))).code).toBe(2);
    expect((await run('--format', 'xml', fixture('unknown-key/good.yml'))).code).toBe(2);
  });
});
