import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ValidationError } from '../../../src/errors.js';
import { loadPipeline, validatePipeline } from '../../../src/model/pipeline.js';
import { basePipeline, check, checkFile, CODEBUILD, expectValid, fixture, valuePos, writeTemp } from './helpers.js';

describe('pipeline structure (docs/aws/codepipeline.md §1.2)', () => {
  it('docs/aws/codepipeline.md §8.1: a one-stage pipeline is rejected with the AWS message', () => {
    const p = basePipeline();
    p.stages = [p.stages[0]];
    const c = check(p);
    expect(c.errors).toContain('Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline');
    expect(c.located[0]).toBe(
      `${valuePos(c.text, 'stages')}: Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline`,
    );
  });

  it('docs/aws/codepipeline.md §8.1: two stages are enough', () => {
    expectValid(check(basePipeline()));
  });

  it('docs/aws/codepipeline.md §1.2: a missing stages list is reported as 0 stage(s)', () => {
    const p = basePipeline();
    delete p.stages;
    expect(check(p).errors).toContain(
      'Pipeline has only 0 stage(s). There should be a minimum of 2 stages in a pipeline',
    );
  });

  it('docs/aws/codepipeline.md §8.1: a build action in the first stage is rejected', () => {
    const p = basePipeline();
    p.stages[0].actions.push({
      name: 'Early',
      actionTypeId: { ...CODEBUILD },
      configuration: { ProjectName: 'x' },
      inputArtifacts: [{ name: 'SourceOutput' }],
    });
    const c = check(p);
    expect(c.errors).toContain(
      "Stage 'Source' is the first stage and can contain only source actions, but action Early has category Build",
    );
  });

  it('docs/aws/codepipeline.md §1.2: a source action outside the first stage is rejected', () => {
    const p = basePipeline();
    const src = structuredClone(p.stages[0].actions[0]);
    src.name = 'Late';
    src.namespace = undefined;
    src.outputArtifacts = [{ name: 'Other' }];
    p.stages[1].actions.push(src);
    const c = check(p);
    expect(c.errors).toContain(
      "Action Late in stage 'Build' is a source action; source actions can only be in the first stage",
    );
    expect(c.located.find((l) => l.includes('Late in stage'))).toMatch(
      new RegExp(`^${valuePos(c.text, 'category', 2)}: `),
    );
  });

  it('docs/aws/codepipeline.md §1.2: the first stage must contain a source action', () => {
    const p = basePipeline();
    p.stages[0].actions = [
      {
        name: 'Build0',
        actionTypeId: { ...CODEBUILD },
        configuration: { ProjectName: 'x' },
        inputArtifacts: [{ name: 'X' }],
      },
    ];
    expect(check(p).errors).toContain("The first stage 'Source' must contain at least one source action");
  });

  it('docs/aws/codepipeline.md §1.2: a pipeline of only source actions needs a non-source stage', () => {
    const p = basePipeline();
    const second = structuredClone(p.stages[0]);
    second.name = 'Source2';
    p.stages = [p.stages[0], second];
    expect(check(p).errors).toContain('Pipeline must have at least one stage that contains a non-source action');
  });

  it('docs/aws/codepipeline.md §1.2: duplicate stage names are rejected, distinct ones accepted', () => {
    const p = basePipeline();
    p.stages[1].name = 'Source';
    const c = check(p);
    expect(c.errors).toContain(
      "Stage name 'Source' is used by more than one stage; stage names must be unique in a pipeline",
    );
    expect(c.located.find((l) => l.includes('Stage name'))).toMatch(new RegExp(`^${valuePos(c.text, 'name', 4)}: `));
  });

  it('docs/aws/codepipeline.md §1.3: duplicate action names in one stage are rejected; across stages they are fine', () => {
    const p = basePipeline();
    p.stages[1].actions[0].name = 'Src';
    expectValid(check(p));
    const q = basePipeline();
    const twin = structuredClone(q.stages[1].actions[0]);
    twin.outputArtifacts = [];
    q.stages[1].actions.push(twin);
    expect(check(q).errors).toContain(
      "Action name 'Build' is used by more than one action in stage 'Build'; action names must be unique in a stage",
    );
  });

  it('docs/aws/codepipeline.md §1.2: a stage needs 1 to 50 actions', () => {
    const p = basePipeline();
    p.stages.push({ name: 'Empty', actions: [] });
    expect(check(p).errors).toContain(
      "1 validation error detected: Value at 'pipeline.stages.3.member.actions' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('docs/aws/codepipeline.md §1.1: names must match [A-Za-z0-9.@\\-_]+ and be at most 100 characters', () => {
    const p = basePipeline();
    p.name = 'my pipeline';
    p.stages[1].name = 'B'.repeat(101);
    const c = check(p);
    expect(c.errors).toContain(
      "1 validation error detected: Value 'my pipeline' at 'pipeline.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9.@\\-_]+",
    );
    expect(c.errors).toContain(
      `1 validation error detected: Value '${'B'.repeat(101)}' at 'pipeline.stages.2.member.name' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
    const ok = basePipeline();
    ok.name = 'a.b@c-d_e';
    expectValid(check(ok));
  });

  it('docs/aws/codepipeline.md §1.1: roleArn is required and must be an IAM role ARN', () => {
    const p = basePipeline();
    p.roleArn = 'not-an-arn';
    expect(check(p).errors[0]).toContain(
      "at 'pipeline.roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
    delete p.roleArn;
    expect(check(p).errors).toContain(
      "1 validation error detected: Value null at 'pipeline.roleArn' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('artifact stores (docs/aws/codepipeline.md §1.1)', () => {
  it('docs/aws/codepipeline.md §1.11: artifactStore and artifactStores together are rejected', () => {
    const p = basePipeline();
    p.artifactStores = { 'us-east-1': { type: 'S3', location: 'b1' + 'x' } };
    expect(check(p).errors).toContain(
      'Pipeline cannot have both artifactStore and artifactStores; use artifactStores for cross-region actions, otherwise artifactStore',
    );
  });

  it('docs/aws/codepipeline.md §1.1: no artifact store is only a warning (codelocal stores artifacts locally)', () => {
    const p = basePipeline();
    delete p.artifactStore;
    const c = check(p);
    expectValid(c);
    expect(c.warnings[0]).toMatch(/neither artifactStore nor artifactStores/);
  });

  it("docs/aws/codepipeline.md §1.1: artifactStores needs the pipeline's region and every action region", () => {
    const p = basePipeline();
    delete p.artifactStore;
    p.artifactStores = { 'eu-west-1': { type: 'S3', location: 'bucket-eu' } };
    expect(check(p).errors).toContain(
      "artifactStores has no artifact store for the pipeline's region 'us-east-1' (the stores are for eu-west-1: if the pipeline runs in one of them, give it with --region; pipeline plan and run also take region: from codelocal.yml)",
    );
    expectValid(check(p, { region: 'eu-west-1' }));
    p.stages[1].actions[0].region = 'us-west-2';
    expect(check(p, { region: 'eu-west-1' }).errors).toContain(
      "Action Build runs in region 'us-west-2', which needs an entry for 'us-west-2' in artifactStores (cross-region actions require artifactStores)",
    );
  });

  it('docs/aws/codepipeline.md §1.1: the store location is a bucket name', () => {
    const p = basePipeline();
    p.artifactStore.location = 'bucket/folder';
    expect(check(p).errors).toContain(
      "1 validation error detected: Value 'bucket/folder' at 'pipeline.artifactStore.location' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9\\-\\.]+",
    );
  });
});

describe('input shapes and defaults (docs/aws/codepipeline.md §1.1, §1.3)', () => {
  it('docs/aws/codepipeline.md §1.3: get-pipeline defaults are applied (runOrder 1, configuration {}, artifacts [])', () => {
    const p = basePipeline();
    p.stages.push({
      name: 'Approve',
      actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }],
    });
    const c = check(p);
    expectValid(c);
    expect(c.loaded.pipeline.stages[2]!.actions[0]).toEqual({
      name: 'Ok',
      actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
      runOrder: 1,
      configuration: {},
      inputArtifacts: [],
      outputArtifacts: [],
    });
  });

  it('docs/aws/codepipeline.md §1.1: get-pipeline output with metadata and a bare declaration load the same', () => {
    const p = basePipeline();
    const wrapped = JSON.stringify({ pipeline: p, metadata: { pipelineArn: 'arn:x', created: 1 } }, null, 2);
    const bare = JSON.stringify(p, null, 2);
    const a = checkFile(writeTemp(wrapped), wrapped);
    const b = checkFile(writeTemp(bare), bare);
    expectValid(a);
    expect(a.loaded.pipeline).toEqual(b.loaded.pipeline);
    expect(a.loaded.format).toBe('api');
  });

  it('positions: each value of the declaration maps to file:line:column in the original file', () => {
    const file = fixture('positions.json');
    const c = checkFile(file, readFileSync(file, 'utf8'));
    expectValid(c);
    const pos = c.loaded.positions;
    expect(pos.get('stages/1/actions/0/configuration/ProjectName')).toEqual({ file, line: 23, column: 45 });
    expect(pos.get('stages/1/name')).toEqual({ file, line: 18, column: 17 });
    // A default has no text of its own: it points at its action.
    expect(pos.get('stages/1/actions/0/runOrder')).toEqual({ file, line: 20, column: 9 });
  });

  it('a list where an object list is expected is a shape error at that value', () => {
    const p = basePipeline();
    p.stages[1].actions[0].inputArtifacts = 'SourceOutput';
    const c = check(p);
    expect(c.located).toContain(
      `${valuePos(c.text, 'inputArtifacts')}: 'inputArtifacts' must be a list, found a string`,
    );
  });

  it('an unknown field is a warning with a suggestion', () => {
    const p = basePipeline();
    p.stages[1].actions[0].runorder = 2;
    const c = check(p);
    expectValid(c);
    expect(c.warnings).toContain("unknown action field 'runorder' is ignored; did you mean 'runOrder'?");
  });

  it('loadPipeline throws one ValidationError carrying every problem', () => {
    const p = basePipeline();
    p.stages = [p.stages[0]];
    p.name = 'bad name';
    const file = writeTemp(JSON.stringify(p, null, 2));
    let thrown: unknown;
    try {
      loadPipeline(file);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).problems.length).toBeGreaterThanOrEqual(3);
  });
});

describe('validatePipeline on a loaded pipeline', () => {
  it('re-validates a declaration changed after loading, with positions from the original file', () => {
    const c = check(basePipeline());
    c.loaded.pipeline.stages[1]!.actions[0]!.runOrder = 0;
    const { errors, warnings } = validatePipeline(c.loaded);
    expect(warnings).toEqual([]);
    expect(errors).toHaveLength(1);
    // runOrder was a default, so the position is the action's own.
    expect(errors[0]!.position).toEqual(c.loaded.positions.get('stages/1/actions/0'));
    expect(errors[0]!.message).toBe(
      "1 validation error detected: Value '0' at 'pipeline.stages.2.member.actions.1.member.runOrder' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});
