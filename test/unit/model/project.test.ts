import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError, ValidationError } from '../../../src/errors.js';
import { classifyBuildspecRef, loadProject, loadProjects, splitProjectRef } from '../../../src/model/project.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/model/${name}`, import.meta.url));
const TEMPLATE = fixture('pipeline-template.yaml');
const withRepo = { parameterOverrides: { RepoName: 'app' } };

function caught(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an error');
}

describe('project: batch-get-projects JSON', () => {
  it('picks a project by name and keeps the API fields', () => {
    const p = loadProject(fixture('projects.json'), { name: 'api-build' });
    expect(p).toMatchObject({
      name: 'api-build',
      arn: 'arn:aws:codebuild:eu-west-1:111122223333:project/api-build',
      source: { type: 'CODEPIPELINE', buildspec: 'ci/buildspec.yml' },
      artifacts: { type: 'CODEPIPELINE', name: 'api-build', packaging: 'NONE' },
      cache: { type: 'NO_CACHE', modes: [] },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_MEDIUM',
        privilegedMode: true,
        environmentVariables: [
          { name: 'STAGE', value: 'prod', type: 'PLAINTEXT' },
          { name: 'DB_PASSWORD', value: 'prod/db:password', type: 'SECRETS_MANAGER' },
        ],
      },
      timeoutInMinutes: 45,
      queuedTimeoutInMinutes: 480,
      definedIn: fixture('projects.json'),
    });
  });

  it('missing fields get the API defaults (60 minute timeout, no cache, not privileged)', () => {
    const p = loadProjects(fixture('projects.json')).get('web-build')!;
    expect(p.timeoutInMinutes).toBe(60);
    expect(p.cache).toEqual({ type: 'NO_CACHE', modes: [] });
    expect(p.environment.privilegedMode).toBe(false);
    expect(p.secondarySources).toEqual([]);
    expect(classifyBuildspecRef(p.source.buildspec).kind).toBe('inline');
  });

  it('an unknown name lists the projects and suggests the closest', () => {
    const e = caught(() => loadProject(fixture('projects.json'), { name: 'api-biuld' }));
    expect(e.code).toBe('PROJECT_NOT_FOUND');
    expect(e.message).toBe(
      `no CodeBuild project 'api-biuld' in ${fixture('projects.json')} (found: api-build, web-build); did you mean 'api-build'?`,
    );
  });

  it('several projects and no selector is an error', () => {
    expect(caught(() => loadProject(fixture('projects.json'))).message).toContain('defines 2 CodeBuild projects');
  });

  it('a single project object (not wrapped in projects) is accepted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-proj-'));
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ name: 'solo', source: { type: 'NO_SOURCE' }, environment: { image: 'img' } }));
    expect(loadProject(file)).toMatchObject({ name: 'solo', environment: { image: 'img', type: 'LINUX_CONTAINER' } });
  });

  it('invalid values are reported with JSON positions', () => {
    const e = caught(() => loadProject(fixture('bad-project.json')));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).problems.map((p) => p.describe())).toEqual([
      `${fixture('bad-project.json')}:9:71: project 'broken': invalid value 'PLAIN' for 'environment.environmentVariables.0.type': expected one of PLAINTEXT, PARAMETER_STORE, SECRETS_MANAGER`,
      `${fixture('bad-project.json')}:11:27: project 'broken': 'timeoutInMinutes' must be a whole number from 5 to 2160`,
    ]);
  });
});

describe('project: CloudFormation resources', () => {
  it('docs/aws/codepipeline.md §6.2: file#LogicalId converts PascalCase properties to the API shape', () => {
    const p = loadProject(`${TEMPLATE}#BuildProject`, withRepo);
    expect(p).toEqual({
      name: 'codelocal-build',
      arn: 'arn:aws:codebuild:us-east-1:123456789012:project/codelocal-build',
      source: { type: 'CODEPIPELINE', buildspec: 'buildspecs/build.yml' },
      secondarySources: [],
      artifacts: { type: 'CODEPIPELINE' },
      secondaryArtifacts: [],
      cache: { type: 'LOCAL', modes: ['LOCAL_DOCKER_LAYER_CACHE', 'LOCAL_CUSTOM_CACHE'] },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
        privilegedMode: true,
        environmentVariables: [
          { name: 'STAGE', value: 'dev', type: 'PLAINTEXT' },
          { name: 'PY', value: '3.1', type: 'PLAINTEXT' },
          { name: 'TOKEN', value: '/ci/token', type: 'PARAMETER_STORE' },
        ],
      },
      timeoutInMinutes: 30,
      definedIn: `${TEMPLATE}#BuildProject`,
    });
  });

  it('docs/aws/codepipeline.md §6.3: parameters and conditions apply to the project (prod: LARGE, no privileged, extra var)', () => {
    const p = loadProject(`${TEMPLATE}#BuildProject`, { parameterOverrides: { RepoName: 'app', Env: 'prod' } });
    expect(p.environment.computeType).toBe('BUILD_GENERAL1_LARGE');
    expect(p.environment.privilegedMode).toBe(false);
    expect(p.environment.environmentVariables.map((v) => v.name)).toEqual(['STAGE', 'PROD_ONLY', 'PY', 'TOKEN']);
  });

  it('docs/aws/codepipeline.md §6.2: unnamed projects take the logical id; secondary sources and artifacts convert', () => {
    const p = loadProject(`${TEMPLATE}#TestProject`, withRepo);
    expect(p.name).toBe('TestProject');
    expect(p.secondarySources).toEqual([
      {
        type: 'S3',
        sourceIdentifier: 'extra_src',
        location: expect.stringMatching(/^codelocal-artifactbucket-[0-9a-f]{12}\/extra\.zip$/),
      },
    ]);
    expect(p.secondaryArtifacts).toEqual([
      { type: 'S3', artifactIdentifier: 'reports', location: expect.stringMatching(/^codelocal-artifactbucket-/) },
    ]);
    expect(classifyBuildspecRef(p.source.buildspec)).toEqual({
      kind: 'inline',
      text: 'version: 0.2\nphases:\n  build:\n    commands:\n      - npm test\n',
    });
  });

  it('loadProjects returns every project of a template by project name', () => {
    expect([...loadProjects(TEMPLATE, withRepo).keys()]).toEqual(['codelocal-build', 'TestProject']);
  });

  it('a project can be picked by its Name as well as its logical id', () => {
    expect(loadProject(TEMPLATE, { ...withRepo, name: 'codelocal-build' }).definedIn).toBe(`${TEMPLATE}#BuildProject`);
  });

  it('the only project of a template needs no selector; JSON templates work; "true" strings are booleans', () => {
    const p = loadProject(fixture('template.json'));
    expect(p.name).toBe('Only');
    expect(p.environment.privilegedMode).toBe(true);
    expect(p.environment.environmentVariables).toEqual([{ name: 'N', value: '3', type: 'PLAINTEXT' }]);
    expect(classifyBuildspecRef(p.source.buildspec).kind).toBe('inline');
  });

  it('invalid template properties point at the template line (camelCase paths mapped back)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-proj-'));
    const file = join(dir, 't.yaml');
    writeFileSync(
      file,
      [
        'Resources:',
        '  P:',
        '    Type: AWS::CodeBuild::Project',
        '    Properties:',
        '      Source: { Type: NO_SOURCE }',
        '      Environment:',
        '        Image: img',
        '        PrivilegedMode: maybe',
        '      TimeoutInMinutes: 3',
        '',
      ].join('\n'),
    );
    const e = caught(() => loadProject(file)) as ValidationError;
    expect(e.problems.map((p) => p.describe())).toEqual([
      `${file}:8:25: project 'P': 'environment.privilegedMode' must be true or false`,
      `${file}:9:25: project 'P': 'timeoutInMinutes' must be a whole number from 5 to 2160`,
    ]);
  });

  it('CloudFormation reads `Value: 3.10` as a number, so the variable is "3.1" (unlike buildspecs)', () => {
    const p = loadProject(`${TEMPLATE}#BuildProject`, withRepo);
    expect(p.environment.environmentVariables.find((v) => v.name === 'PY')?.value).toBe('3.1');
  });

  it('an unknown logical id is PROJECT_NOT_FOUND', () => {
    const e = caught(() => loadProject(`${TEMPLATE}#BuildProjekt`, withRepo));
    expect(e.code).toBe('PROJECT_NOT_FOUND');
    expect(e.message).toContain("did you mean 'BuildProject'?");
  });
});

describe('project: buildspec references', () => {
  it.each([
    [undefined, { kind: 'default', path: 'buildspec.yml' }],
    ['', { kind: 'default', path: 'buildspec.yml' }],
    ['arn:aws:s3:::bucket/buildspec.yml', { kind: 's3', arn: 'arn:aws:s3:::bucket/buildspec.yml' }],
    ['ci/buildspec.yml', { kind: 'path', path: 'ci/buildspec.yml' }],
    ['version: 0.2', { kind: 'inline', text: 'version: 0.2' }],
    [
      '{version: 0.2, phases: {build: {commands: [ls]}}}',
      { kind: 'inline', text: '{version: 0.2, phases: {build: {commands: [ls]}}}' },
    ],
    ['version: 0.2\nphases: {}\n', { kind: 'inline', text: 'version: 0.2\nphases: {}\n' }],
    ['buildspec: with colon.yml', { kind: 'path', path: 'buildspec: with colon.yml' }],
  ])('docs/aws/codepipeline.md §6.2 (UNCERTAIN rule): %j', (value, expected) => {
    expect(classifyBuildspecRef(value)).toEqual(expected);
  });

  it('splitProjectRef separates file#LogicalId', () => {
    expect(splitProjectRef('infra/t.yaml#Build')).toEqual({ file: 'infra/t.yaml', logicalId: 'Build' });
    expect(splitProjectRef('infra/t.yaml')).toEqual({ file: 'infra/t.yaml' });
  });
});
