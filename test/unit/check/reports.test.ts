/**
 * check's report writers: JUnit XML valid against the JUnit XSD (xmllint), one test case per item with
 * its steps and failure summary; SARIF valid against the official SARIF 2.1.0 schema; GitLab code
 * quality issues; GitHub annotations escaped as the runner requires.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runCheck,
  toCodeQuality,
  toGithubAnnotations,
  toJunit,
  type CheckResult,
} from '../../../src/api/check/index.js';
import { toSarif } from '../../../src/lint/index.js';
import { junitProblems, sarifProblems } from '../../support/check-validators.js';
import { writeFiles, writeRepo } from './fixture-repo.js';

let root: string;
let result: CheckResult;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'check-reports-'));
  writeRepo(root);
  writeFiles(root, {
    'bad/buildspec.yml': 'version: 0.3\nphases:\n  build:\n    commands:\n      - echo "<&>"\n',
    'warn/buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commandz:\n      - echo\n',
  });
  result = await runCheck({ cwd: root });
  // A build's log can hold control characters XML 1.0 cannot carry even escaped.
  const alpha = result.items.find((r) => r.item.file === 'alpha/buildspec.yml')!;
  alpha.log = 'colour \u001b[31mred\u001b[0m & <tags> "quotes"\n';
  alpha.steps.push({ name: 'BUILD', status: 'passed', durationMs: 1234, detail: 'SUCCEEDED' });
  result.items.find((r) => r.item.file === 'delta/buildspec.yml')!.status = 'skipped';
  result.items.find((r) => r.item.file === 'delta/buildspec.yml')!.skipped = 'not run: --fail-fast after x failed';
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('JUnit report', () => {
  it('validates against the JUnit XSD', () => {
    expect(junitProblems(toJunit(result))).toBeUndefined();
  });

  it('the XSD is not a rubber stamp: a test case without a name is refused', () => {
    expect(junitProblems(toJunit(result).replace(/<testcase name="[^"]*"/, '<testcase'))).toMatch(/name/);
  });

  it('one test case per item, steps in system-out, failure text = the failure summary', () => {
    const xml = toJunit(result);
    expect(xml.match(/<testcase /g)).toHaveLength(result.items.length);
    expect(xml).toContain('<testcase name="alpha/buildspec.yml" classname="codelocal.buildspec"');
    expect(xml).toContain('step BUILD: passed (1.234s) SUCCEEDED');
    expect(xml).toContain('colour [31mred[0m &amp; &lt;tags&gt; &quot;quotes&quot;');
    expect(xml).toMatch(/<failure message="bad\/buildspec.yml:1:10: unsupported buildspec version '0.3'[^"]*"/);
    expect(xml).toContain('<skipped message="not run: --fail-fast after x failed"/>');
    expect(xml).toMatch(/<testsuites name="codelocal check" tests="8" failures="1" errors="0" skipped="1"/);
  });
});

describe('SARIF report', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const sarif = toSarif(result.lint, '0.1.0');
    expect((sarif as any).runs[0].results.length).toBeGreaterThan(0);
    expect(sarifProblems(sarif)).toEqual([]);
  });

  it('the schema is not a rubber stamp: a result without a message is refused', () => {
    const sarif = toSarif(result.lint, '0.1.0') as any;
    delete sarif.runs[0].results[0].message;
    expect(sarifProblems(sarif).length).toBeGreaterThan(0);
  });
});

describe('GitLab code quality', () => {
  it('one issue per finding plus one per failed plan or build, with stable fingerprints', () => {
    const issues = toCodeQuality(result);
    expect(issues.length).toBe(result.lint.findings.length + 1);
    expect(issues.find((i) => i.check_name === 'unknown-key')).toMatchObject({
      severity: 'minor',
      location: { path: 'warn/buildspec.yml', lines: { begin: 4 } },
    });
    expect(issues.find((i) => i.check_name === 'codelocal-check')).toMatchObject({
      severity: 'critical',
      location: { path: 'bad/buildspec.yml' },
    });
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(toCodeQuality(result).map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
  });
});

describe('GitHub annotations', () => {
  it('a workflow command per finding, with file, line and column; newlines and % escaped', () => {
    const text = toGithubAnnotations(result);
    expect(text).toContain('::warning file=warn/buildspec.yml,line=4,col=5,title=codelocal unknown-key::');
    expect(text).toMatch(/^::error file=bad\/buildspec.yml,title=codelocal check%3A bad\/buildspec.yml::.*$/m);
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning|notice) /);
  });
});
