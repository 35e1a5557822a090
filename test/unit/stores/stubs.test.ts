import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStubFile } from '../../../src/model/stub-file.js';
import { SecretMasker } from '../../../src/stores/masking.js';
import {
  parseSecretReference,
  secretArn,
  StubResolutionError,
  StubStore,
  type SecretReference,
} from '../../../src/stores/stubs.js';
import { useTempDirs } from './helpers.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/myapp-AbCdEf';

describe('secrets-manager reference parsing (docs/aws/codebuild.md §1.5)', () => {
  const ok: [string, SecretReference][] = [
    ['TestSecret', { secretId: 'TestSecret' }],
    ['TestSecret:MY_SECRET_VAR', { secretId: 'TestSecret', jsonKey: 'MY_SECRET_VAR' }],
    ['s:k:AWSPREVIOUS', { secretId: 's', jsonKey: 'k', versionStage: 'AWSPREVIOUS' }],
    ['s:k::v-123', { secretId: 's', jsonKey: 'k', versionId: 'v-123' }],
    ['s::AWSPENDING', { secretId: 's', versionStage: 'AWSPENDING' }],
    ['s:::v1', { secretId: 's', versionId: 'v1' }],
    ['s:', { secretId: 's' }],
    [ARN, { secretId: ARN }],
    [`${ARN}:api_key`, { secretId: ARN, jsonKey: 'api_key' }],
    [`${ARN}:api_key::v2`, { secretId: ARN, jsonKey: 'api_key', versionId: 'v2' }],
    [`${ARN}::AWSCURRENT`, { secretId: ARN, versionStage: 'AWSCURRENT' }],
  ];
  it.each(ok)('%s', (ref, expected) => {
    expect(parseSecretReference(ref)).toEqual(expected);
  });

  const bad: [string, RegExp][] = [
    ['s:k:AWSCURRENT:v1', /mutually exclusive/],
    ['s:k:st:id:extra', /expected secret-id/],
    [':k', /secret id is empty/],
    ['arn:aws:secretsmanager:us-east-1:123', /expected arn:/],
    ['arn:aws:ssm:us-east-1:123456789012:secret:x', /expected arn:/],
  ];
  it.each(bad)('rejects %s', (ref, message) => {
    expect(() => parseSecretReference(ref)).toThrow(StubResolutionError);
    expect(() => parseSecretReference(ref)).toThrow(message);
  });
});

describe('stub files and resolution', () => {
  const tmp = useTempDirs();

  function project(stubs: string): string {
    const root = tmp();
    writeFileSync(join(root, 'codelocal.stubs.yml'), stubs);
    return root;
  }

  const STUBS = `
parameters:
  /codebuild/docker-password: s3cr3t
  /app/list: { value: [a, b], type: StringList }
  /app/version: 3.10
secrets:
  github-token: ghp_abcdef
  prod/myapp:
    api_key: abc
    port: 5432
  not-json: plain text
  rotated:
    versions:
      - { id: v1, stages: [AWSPREVIOUS], value: old }
      - { id: v2, stages: [AWSCURRENT], value: { api_key: new } }
`;

  it('resolves parameters with their text as written', () => {
    const s = StubStore.load({ projectRoot: project(STUBS) });
    expect(s.resolveParameter('/codebuild/docker-password')).toBe('s3cr3t');
    expect(s.resolveParameter('/app/list')).toBe('a,b');
    expect(s.resolveParameter('/app/version')).toBe('3.10');
    expect(s.resolveParameter('arn:aws:ssm:us-east-1:123456789012:parameter/app/version')).toBe('3.10');
  });

  it('docs/aws/codebuild.md §8.18: a missing parameter fails with the DOWNLOAD_SOURCE context text', () => {
    const s = StubStore.load({ projectRoot: project(STUBS) });
    const err = (() => {
      try {
        s.resolveParameter('/nope');
      } catch (e) {
        return e as StubResolutionError;
      }
      throw new Error('expected a failure');
    })();
    expect(err).toBeInstanceOf(StubResolutionError);
    expect(err.context).toEqual({
      statusCode: 'Decrypted Variables Error',
      message: 'parameter does not exist: /nope',
    });
    expect(err.contextLine).toBe('Decrypted Variables Error Message: parameter does not exist: /nope');
    expect(s.resolveValue('PARAMETER_STORE', '/nope')).toEqual({ error: err.context });
  });

  it('resolves secrets: whole value, json key, stage, version id, ARN with and without suffix', () => {
    const s = StubStore.load({ projectRoot: project(STUBS) });
    expect(s.resolveSecret('github-token')).toBe('ghp_abcdef');
    expect(JSON.parse(s.resolveSecret('prod/myapp'))).toEqual({ api_key: 'abc', port: 5432 });
    expect(s.resolveSecret('prod/myapp:api_key')).toBe('abc');
    expect(s.resolveSecret('prod/myapp:port')).toBe('5432');
    expect(s.resolveSecret(`${ARN}:api_key`)).toBe('abc');
    expect(s.resolveSecret('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/myapp:api_key')).toBe('abc');
    expect(s.resolveSecret('rotated:api_key')).toBe('new');
    expect(s.resolveSecret('rotated::AWSPREVIOUS')).toBe('old');
    expect(s.resolveSecret('rotated:::v1')).toBe('old');
    expect(s.resolveSecret('rotated:api_key::v2')).toBe('new');
  });

  it('docs/aws/codebuild.md §8.18: a missing secret fails with ResourceNotFoundException', () => {
    const s = StubStore.load({ projectRoot: project(STUBS) });
    expect(s.resolveValue('SECRETS_MANAGER', 'nope:key')).toEqual({
      error: {
        statusCode: 'Secrets Manager Error',
        message: "ResourceNotFoundException: Secrets Manager can't find the specified secret.",
      },
    });
    // a different 6-character suffix is still the same name; a different name is not
    expect(() => s.resolveSecret('arn:aws:secretsmanager:us-east-1:1:secret:prod/other-AbCdEf')).toThrow(/can't find/);
  });

  it('fails on a missing json key, a json key on a non-JSON secret, and an unknown stage or version', () => {
    const s = StubStore.load({ projectRoot: project(STUBS) });
    const code = (ref: string) => {
      try {
        s.resolveSecret(ref);
      } catch (e) {
        return [(e as StubResolutionError).code, (e as StubResolutionError).statusCode];
      }
      return undefined;
    };
    expect(code('prod/myapp:missing')).toEqual(['SECRET_JSON_KEY_NOT_FOUND', 'Secrets Manager Error']);
    expect(code('not-json:key')).toEqual(['SECRET_NOT_JSON', 'Secrets Manager Error']);
    expect(code('rotated::AWSPENDING')).toEqual(['SECRET_VERSION_NOT_FOUND', 'Secrets Manager Error']);
    expect(code('rotated:::v9')).toEqual(['SECRET_VERSION_NOT_FOUND', 'Secrets Manager Error']);
  });

  it('flags override files, later files override earlier ones, and resolved values reach the masker', () => {
    const root = project(STUBS);
    mkdirSync(join(root, '.codelocal'));
    writeFileSync(join(root, '.codelocal', 'stubs.yml'), 'parameters:\n  /codebuild/docker-password: from-state\n');
    writeFileSync(join(root, 'extra.json'), JSON.stringify({ secrets: { 'github-token': 'from-json' } }));
    const masker = new SecretMasker();
    const s = StubStore.load({
      projectRoot: root,
      files: ['extra.json'],
      parameters: ['/flag/only=a=b'],
      secrets: ['prod/myapp={"api_key":"from-flag"}'],
      masker,
    });
    expect(s.resolveParameter('/codebuild/docker-password')).toBe('from-state');
    expect(s.resolveSecret('github-token')).toBe('from-json');
    expect(s.resolveParameter('/flag/only')).toBe('a=b');
    expect(s.resolveSecret('prod/myapp:api_key')).toBe('from-flag');
    expect(masker.mask('x from-state from-flag a=b')).toBe('x *** *** ***');
    expect(s.resolveValue('PLAINTEXT', 'literal')).toEqual({ value: 'literal' });
    expect(() => StubStore.load({ projectRoot: root, parameters: ['novalue'] })).toThrow(/NAME=VALUE/);
    expect(() => StubStore.load({ projectRoot: root, files: ['missing.yml'] })).toThrow(/missing\.yml/);
  });

  it('stub file errors carry file:line:column and suggestions', () => {
    const root = tmp();
    const f = join(root, 'bad.yml');
    writeFileSync(
      f,
      [
        'parameter:',
        '  a: b',
        'secrets:',
        '  s:',
        '    versions:',
        '      - { id: v1, stages: [AWSCURRENT], value: x }',
        '      - { id: v1, stages: [AWSCURRENT], valu: y }',
      ].join('\n'),
    );
    try {
      parseStubFile(f);
      throw new Error('expected a failure');
    } catch (e) {
      const all = [(e as Error & { describe(): string }).describe(), ...(e as { details: string[] }).details].join(
        '\n',
      );
      expect(all).toContain(`${f}:1:1: unknown key "parameter" in stub file; did you mean 'parameters'?`);
      expect(all).toMatch(/:7:\d+: secret "s" version 2: unknown key "valu"; did you mean 'value'\?/);
    }
  });

  it('secretArn is stable and looks like a real one', () => {
    expect(secretArn('prod/myapp', 'eu-west-1', '123456789012')).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod\/myapp-[A-Za-z0-9]{6}$/,
    );
    expect(secretArn('x', 'r', 'a')).toBe(secretArn('x', 'r', 'a'));
  });
});
