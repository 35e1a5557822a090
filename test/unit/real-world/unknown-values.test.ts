/**
 * Values CloudFormation computes at deploy time and codelocal cannot (docs/fidelity.md, "Values CloudFormation
 * computes and codelocal cannot (issue 11)"): an import as a project variable or inside a project's Name, and
 * dynamic references (`{{resolve:…}}`). Unknown, not wrong: the files load, plan and lint; only a run that
 * needs the value refuses, in codelocal's words, and a secret's value never enters a template value.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runBuild } from '../../../src/api/build.js';
import { planPipelineFile, validatePipelineFile } from '../../../src/api/pipeline-plan.js';
import { refuseUnknownVariables } from '../../../src/engine/codebuild/environment.js';
import { InputError } from '../../../src/errors.js';
import { isNotEvaluated } from '../../../src/model/not-evaluated.js';
import { loadPipeline, readPipeline } from '../../../src/model/pipeline.js';
import { loadProject } from '../../../src/model/project.js';

const TEMPLATES = join(import.meta.dirname, '../../fixtures/real-world/templates');
const IMPORTS = join(TEMPLATES, 'import-value-project-name-and-variables.yaml');
const DYNAMIC = join(TEMPLATES, 'dynamic-references.yaml');

const root = mkdtempSync(join(tmpdir(), 'codelocal-unknowns-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Fn::ImportValue in a CodeBuild project (docs/fidelity.md, issue 11)', () => {
  it('a project variable from an import loads as not evaluated, with where it came from', () => {
    const p = loadProject(`${IMPORTS}#ModelBuild`);
    const vars = Object.fromEntries(p.environment.environmentVariables.map((v) => [v.name, v]));
    expect(vars.STAGE).toEqual({ name: 'STAGE', value: 'test', type: 'PLAINTEXT' });
    expect(vars.DATA_BUCKET).toEqual({
      name: 'DATA_BUCKET',
      value: '<not evaluated locally: Fn::ImportValue workshop-shared-DataBucket>',
      type: 'PLAINTEXT',
      notEvaluated: { fn: 'Fn::ImportValue', detail: 'workshop-shared-DataBucket' },
    });
    // `Fn::ImportValue: !Sub ${SharedStack}-ModelTable`: the Sub is evaluated, the import is not.
    expect(vars.MODEL_TABLE?.notEvaluated).toEqual({ fn: 'Fn::ImportValue', detail: 'workshop-shared-ModelTable' });
  });

  it('a Name built over an import is the logical id locally, and the action’s !Ref finds the project', () => {
    expect(loadProject(`${IMPORTS}#ModelBuild`).name).toBe('ModelBuild');
    const report = validatePipelineFile(IMPORTS);
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.message)).toContain(
      "the Name of ModelBuild comes from Fn::ImportValue (workshop-shared-ProjectSuffix), which codelocal does not evaluate: it is named 'ModelBuild' (its logical id) locally",
    );
    const plan = planPipelineFile(IMPORTS, { cwd: root, stateDir: join(root, 'state') });
    const action = plan.stages[1]!.groups[0]!.actions[0]!;
    expect(action.project).toMatchObject({ name: 'ModelBuild', defined: true });
    // MODEL_TABLE is given by the action's EnvironmentVariables; DATA_BUCKET is not.
    expect(action.project?.unknownVariables).toEqual([
      { name: 'DATA_BUCKET', shown: '<not evaluated locally: Fn::ImportValue workshop-shared-DataBucket>' },
    ]);
  });

  it('a build that needs the variable refuses to start, naming it and the override; an override lets it run', () => {
    const vars = loadProject(`${IMPORTS}#ModelBuild`).environment.environmentVariables;
    let refused: unknown;
    try {
      refuseUnknownVariables('ModelBuild', vars, [{ name: 'MODEL_TABLE', value: 't', type: 'PLAINTEXT' }]);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).code).toBe('VALUE_NOT_EVALUATED');
    expect((refused as InputError).message).toContain('environment variable DATA_BUCKET of project ModelBuild');
    expect((refused as InputError).message).toContain('build --env DATA_BUCKET=VALUE');
    expect((refused as InputError).message).not.toContain('MODEL_TABLE');
    const overrides = ['DATA_BUCKET', 'MODEL_TABLE'].map((name) => ({ name, value: 'x', type: 'PLAINTEXT' as const }));
    expect(() => refuseUnknownVariables('ModelBuild', vars, overrides)).not.toThrow();
  });

  it('runBuild refuses before it touches the container engine', async () => {
    const src = mkdtempSync(join(root, 'src-'));
    mkdirSync(join(src, 'ci'));
    writeFileSync(
      join(src, 'ci', 'buildspec.yml'),
      'version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n',
    );
    const info = vi.fn();
    const runtime = { info, images: {} } as never;
    await expect(
      runBuild({ sourceDir: src, project: `${IMPORTS}#ModelBuild`, stateDir: join(src, '.state'), runtime }),
    ).rejects.toMatchObject({ code: 'VALUE_NOT_EVALUATED' });
    expect(info).not.toHaveBeenCalled();
  });
});

describe('codelocal.yml `imports` gives Fn::ImportValue its value (docs/config.md)', () => {
  it('pipeline plan and build --project read it: the variables and the Name are known, nothing is refused', async () => {
    const dir = mkdtempSync(join(root, 'imports-'));
    mkdirSync(join(dir, 'ci'));
    writeFileSync(
      join(dir, 'ci', 'buildspec.yml'),
      'version: 0.2\nphases:\n  build:\n    commands:\n      - echo hi\n',
    );
    writeFileSync(
      join(dir, 'codelocal.yml'),
      [
        'imports:',
        '  workshop-shared-DataBucket: data-bucket',
        '  workshop-shared-ModelTable: model-table',
        '  workshop-shared-ProjectSuffix: models',
        '',
      ].join('\n'),
    );
    const plan = planPipelineFile(IMPORTS, { cwd: dir, stateDir: join(dir, 'state') });
    const action = plan.stages[1]!.groups[0]!.actions[0]!;
    expect(action.project?.unknownVariables ?? []).toEqual([]);
    expect(action.project?.name).not.toBe('ModelBuild');
    // The build reads the same config: the project variable is known, so the build goes on to the engine.
    const info = vi.fn(() => Promise.reject(new Error('engine reached')));
    const runtime = { info, images: {} } as never;
    await expect(
      runBuild({ sourceDir: dir, project: `${IMPORTS}#ModelBuild`, stateDir: join(dir, '.state'), runtime }),
    ).rejects.not.toMatchObject({ code: 'VALUE_NOT_EVALUATED' });
  });
});

describe('dynamic references (docs/fidelity.md, issue 11; docs/aws/codepipeline.md §6.3)', () => {
  it('an ssm reference takes a parameter stub’s value; without one it is unknown and the pipeline is still valid', () => {
    const stubs: Record<string, string> = {
      '/ci/PipelineRoleArn': 'arn:aws:iam::123456789012:role/from-stub',
      '/ci/ArtifactBucket': 'stub-artifacts',
    };
    const known = loadPipeline(DYNAMIC, { ssmParameter: (n) => stubs[n] }).pipeline;
    expect(known.roleArn).toBe('arn:aws:iam::123456789012:role/from-stub');
    expect(known.artifactStore?.location).toBe('stub-artifacts');
    const report = validatePipelineFile(DYNAMIC);
    expect(report.errors).toEqual([]);
    expect(isNotEvaluated(report.loaded!.pipeline.roleArn)).toBe(true);
    expect(String(report.loaded!.pipeline.roleArn)).toBe(
      '<not evaluated locally: dynamic reference {{resolve:ssm:/ci/PipelineRoleArn:1}}>',
    );
  });

  it('secret references are never looked up, even when a lookup would answer', () => {
    const asked: string[] = [];
    const lookup = (n: string) => (asked.push(n), `value-of-${n}`);
    // Every ssm name answers (so the role is not an ARN: a validation error, beside the point here).
    const { loaded } = readPipeline(DYNAMIC, { ssmParameter: lookup });
    const token = loaded.pipeline.stages[0]!.actions[0]!.configuration.OAuthToken;
    expect(String(token)).toBe(
      '<not evaluated locally: dynamic reference {{resolve:secretsmanager:ci/github:SecretString:token}}>',
    );
    const vars = loaded.projects.get('AppBuild')!.environment.environmentVariables;
    expect(vars.find((v) => v.name === 'REGISTRY_PASSWORD')?.notEvaluated).toEqual({
      fn: 'dynamic reference',
      detail: '{{resolve:ssm-secure:/ci/registry-password:2}}',
    });
    expect(vars.find((v) => v.name === 'DEPLOY_ENV')?.value).toBe('value-of-/ci/deploy-env');
    expect([...new Set(asked)].sort()).toEqual([
      '/ci/ArtifactBucket',
      '/ci/PipelineRoleArn',
      '/ci/build-role-name',
      '/ci/deploy-env',
    ]);
  });

  it('plan reads the stubs, shows no secret value, and lets the GitHub v1 action run without its token', () => {
    const project = mkdtempSync(join(root, 'proj-'));
    writeFileSync(
      join(project, 'codelocal.stubs.yml'),
      [
        'parameters:',
        '  /ci/PipelineRoleArn: arn:aws:iam::123456789012:role/from-stub',
        '  /ci/registry-password: { value: SECURE-hunter2, type: SecureString }',
        'secrets:',
        '  ci/github: { token: ghp_SECRET-TOKEN-VALUE }',
      ].join('\n') + '\n',
    );
    const plan = planPipelineFile(DYNAMIC, { cwd: project, stateDir: join(project, 's') });
    const text = JSON.stringify(plan);
    expect(text).not.toContain('ghp_SECRET-TOKEN-VALUE');
    expect(text).not.toContain('SECURE-hunter2');
    const [github] = plan.stages[0]!.groups[0]!.actions;
    expect(github!.access?.roleArn).toBe('arn:aws:iam::123456789012:role/from-stub');
    // OAuthToken is never read locally (the catalogue's unusedLocally): the action is not refused.
    expect(github!.local).not.toContain('cannot run locally');
  });
});
