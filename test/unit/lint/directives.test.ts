/** Turning rules off: disable comments in YAML files and `lint.rules` in codelocal.yml. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/lint.js';
import { noSettings } from './helpers.js';

function lintText(files: Record<string, string>, withConfig = false) {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-lint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  // A .git folder marks the temp dir as the project root, so only its own codelocal.yml is read.
  writeFileSync(join(dir, '.git'), '');
  return lint({ cwd: dir, ...(withConfig ? {} : { settings: noSettings() }) });
}

const DOCKER = (extra = '') =>
  `${extra}version: 0.2\nphases:\n  build:\n    commands:\n      - docker build -t app .\n      - helm install app ./chart\n`;

describe('disable comments', () => {
  it('docker-without-privileged: `# codelocal-lint-disable RULE` turns one rule off for the file', () => {
    const r = lintText({ 'buildspec.yml': DOCKER('# codelocal-lint-disable docker-without-privileged\n') });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['helm-without-wait']);
  });

  it('a list of rules, comma separated, and a bare directive for every rule', () => {
    const two = lintText({
      'buildspec.yml': DOCKER('# codelocal-lint-disable docker-without-privileged,helm-without-wait\n'),
    });
    expect(two.findings).toEqual([]);
    const all = lintText({ 'buildspec.yml': DOCKER('# codelocal-lint-disable\n') });
    expect(all.findings).toEqual([]);
  });

  it('helm-without-wait: -next-line and -line directives only cover their line', () => {
    const text =
      'version: 0.2\nphases:\n  build:\n    commands:\n' +
      '      # codelocal-lint-disable-next-line helm-without-wait\n' +
      '      - helm install a ./chart\n' +
      '      - helm install b ./chart  # codelocal-lint-disable-line helm-without-wait\n' +
      '      - helm install c ./chart\n';
    const r = lintText({ 'buildspec.yml': text });
    expect(r.findings.map((f) => `${f.ruleId}@${f.line}`)).toEqual(['helm-without-wait@8']);
  });

  it('unknown-rule: a misspelt id in a directive is reported with a suggestion, and turns nothing off', () => {
    const r = lintText({ 'buildspec.yml': DOCKER('# codelocal-lint-disable helm-without-wiat\n') });
    expect(r.findings.map((f) => f.ruleId).sort()).toEqual([
      'docker-without-privileged',
      'helm-without-wait',
      'unknown-rule',
    ]);
    expect(r.findings.find((f) => f.ruleId === 'unknown-rule')?.message).toBe(
      "unknown rule 'helm-without-wiat' in disable comment; did you mean 'helm-without-wait'?",
    );
  });
});

describe('codelocal.yml lint.rules', () => {
  it('off removes a rule, error/warning/info change its severity', () => {
    const config = 'lint:\n  rules:\n    docker-without-privileged: off\n    helm-without-wait: error\n';
    const r = lintText({ 'buildspec.yml': DOCKER(), 'codelocal.yml': config }, true);
    expect(r.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['helm-without-wait:error']);
  });

  it('applies to JSON files, which cannot carry comments', () => {
    const pipeline = {
      pipeline: {
        name: 'p',
        roleArn: 'arn:aws:iam::111111111111:role/r',
        stages: [
          {
            name: 'Source',
            actions: [
              {
                name: 'S',
                actionTypeId: { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' },
                configuration: { Owner: 'o', Repo: 'r', Branch: 'main', OAuthToken: 'x' },
                outputArtifacts: [{ name: 'Src' }],
              },
            ],
          },
          {
            name: 'Build',
            actions: [
              {
                name: 'B',
                actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
                configuration: { ProjectName: 'b' },
                inputArtifacts: [{ name: 'Src' }],
              },
            ],
          },
        ],
      },
    };
    const files = { 'pipeline.json': JSON.stringify(pipeline) };
    expect(
      lintText(files)
        .findings.map((f) => f.ruleId)
        .sort(),
    ).toEqual(['github-v1-source', 'pipeline-no-artifact-store']);
    const config = 'lint:\n  rules:\n    github-v1-source: off\n    pipeline-no-artifact-store: info\n';
    const r = lintText({ ...files, 'codelocal.yml': config }, true);
    expect(r.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['pipeline-no-artifact-store:info']);
  });

  it('config-invalid: a bad setting is reported against codelocal.yml and the run goes on', () => {
    const r = lintText(
      { 'buildspec.yml': DOCKER(), 'codelocal.yml': 'lint:\n  rules:\n    helm-without-wait: loud\n' },
      true,
    );
    const bad = r.findings.find((f) => f.ruleId === 'config-invalid');
    expect(bad).toMatchObject({ file: 'codelocal.yml', line: 3, column: 5, severity: 'error' });
    expect(r.findings.map((f) => f.ruleId)).toContain('helm-without-wait');
  });
});

describe('unknown-rule in a file with nothing else to report', () => {
  it('unknown-rule: still reported when the file is otherwise clean', () => {
    const r = lintText({
      'buildspec.yml':
        '# codelocal-lint-disable helm-wihout-wait\n' + 'version: 0.2\nphases:\n  build:\n    commands: [make]\n',
    });
    expect(r.findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(['unknown-rule@1:3']);
  });
});
