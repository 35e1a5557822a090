/** Buildspecs written inside project definitions are linted with the project linked, at their place. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFixture, RULE_FIXTURES } from './helpers.js';

const dir = join(RULE_FIXTURES, 'docker-without-privileged');

describe('inline buildspecs', () => {
  it('a template project without PrivilegedMode: the inline docker build is an error at its line', () => {
    const f = lintFixture(join(dir, 'bad-inline-template')).findings.filter(
      (x) => x.ruleId === 'docker-without-privileged',
    );
    expect(f).toEqual([
      expect.objectContaining({
        file: 'template.yaml',
        severity: 'error',
        line: 26,
        column: 19,
        message: expect.stringMatching(
          /^inline buildspec of project 'orders-image': 'docker build' needs the Docker daemon, but project 'orders-image' \(template.yaml#ImageBuild\)/,
        ),
      }),
    ]);
  });

  it('project JSON: a `\\n`-escaped inline buildspec is reported at the start of its string', () => {
    const f = lintFixture(join(dir, 'bad-inline-projects-json')).findings.filter(
      (x) => x.ruleId === 'docker-without-privileged',
    );
    expect(f).toEqual([expect.objectContaining({ file: 'projects.json', severity: 'error', line: 9, column: 22 })]);
  });

  it('the privileged project is clean', () => {
    expect(lintFixture(join(dir, 'good-inline-template')).findings).toEqual([]);
  });
});
