import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/workspace/config.js';
import { ValidationError } from '../../../src/errors.js';
import { useTempDirs } from '../stores/helpers.js';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map((p) => p.describe());
    throw e;
  }
  throw new Error('expected a failure');
}

describe('codelocal.yml', () => {
  const tmp = useTempDirs();

  it('no file: defaults', () => {
    const root = tmp();
    const loaded = loadConfig(root);
    expect(loaded.file).toBeUndefined();
    expect(loaded.config).toMatchObject({ accountId: '123456789012', region: 'us-east-1', images: {}, stubs: [] });
  });

  it('reads every documented key', () => {
    const root = tmp();
    writeFileSync(
      join(root, 'codelocal.yml'),
      `stateDir: .state
accountId: 012345678901
region: eu-west-1
images:
  aws/codebuild/standard:7.0: codelocal/standard:latest
stubs: [stubs/dev.yml]
projects:
  - infra/template.yml
env:
  STAGE: dev
  RETRIES: 3
imports:
  shared-WebBucket: web-bucket
  shared-Port: 8080
ecs:
  services:
    myapp: { cluster: production, port: 8080 }
    worker:
`,
    );
    const { config, file, positions } = loadConfig(root);
    expect(file).toBe(join(root, 'codelocal.yml'));
    expect(config).toEqual({
      stateDir: join(root, '.state'),
      accountId: '012345678901',
      region: 'eu-west-1',
      images: { 'aws/codebuild/standard:7.0': 'codelocal/standard:latest' },
      stubs: [join(root, 'stubs/dev.yml')],
      projects: [join(root, 'infra/template.yml')],
      env: { STAGE: 'dev', RETRIES: '3' },
      imports: { 'shared-WebBucket': 'web-bucket', 'shared-Port': '8080' },
      ecs: { services: { myapp: { cluster: 'production', port: 8080 }, worker: { cluster: 'default' } } },
    });
    expect(positions.get('region')).toMatchObject({ line: 3, column: 1 });
  });

  it('an unknown key is an error at its line:column with a suggestion', () => {
    const root = tmp();
    const file = join(root, '.codelocal.yml');
    writeFileSync(
      file,
      'region: us-east-1\n  # comment\nstub:\n  - a.yml\necs:\n  services:\n    app: { clustr: x }\n',
    );
    expect(problems(() => loadConfig(root))).toEqual([
      `${file}:3:1: unknown key "stub" in ${file}; did you mean 'stubs'?`,
      `${file}:7:12: unknown key "ecs.services.app.clustr"; did you mean 'cluster'?`,
    ]);
  });

  it('rejects bad values with positions', () => {
    const root = tmp();
    const file = join(root, 'codelocal.yml');
    writeFileSync(file, 'accountId: 1234\nregion: Virginia\nstubs: one.yml\n');
    const all = problems(() => loadConfig(root));
    expect(all[0]).toMatch(/codelocal\.yml:1:1: accountId must be 12 digits/);
    expect(all[1]).toMatch(/codelocal\.yml:2:1: region must look like us-east-1/);
    expect(all[2]).toMatch(/codelocal\.yml:3:1: stubs must be a list of file paths/);
  });

  it('two config files are ambiguous', () => {
    const root = tmp();
    writeFileSync(join(root, 'codelocal.yml'), '');
    writeFileSync(join(root, '.codelocal.yml'), '');
    expect(() => loadConfig(root)).toThrow(expect.objectContaining({ code: 'CONFIG_AMBIGUOUS' }));
  });
});
