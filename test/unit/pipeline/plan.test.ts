import { describe, expect, it } from 'vitest';
import { planPipeline } from '../../../src/plan/pipeline-plan.js';
import { planJson, renderPlanJson, renderPlanText } from '../../../src/plan/render-plan.js';
import { defaultProject } from '../../../src/model/project-types.js';
import { basePipeline, check, CODEBUILD, expectValid } from './helpers.js';

/** Build stage: Build (runOrder 1), Lint (runOrder 1), Package (runOrder 3) consuming Build's output. */
function parallelPipeline(): any {
  const p = basePipeline();
  p.pipelineType = 'V2';
  p.variables = [{ name: 'env', defaultValue: 'dev' }, { name: 'release' }];
  p.stages[1].actions[0].namespace = 'BuildVars';
  p.stages[1].actions.push(
    {
      name: 'Lint',
      actionTypeId: { ...CODEBUILD, category: 'Test' },
      configuration: { ProjectName: 'demo-lint' },
      inputArtifacts: [{ name: 'SourceOutput' }],
    },
    {
      name: 'Package',
      actionTypeId: { ...CODEBUILD },
      runOrder: 3,
      configuration: {
        ProjectName: 'demo-package',
        EnvironmentVariables:
          '[{"name":"V","value":"#{BuildVars.VERSION}"},{"name":"C","value":"#{SourceVariables.CommitId}"},{"name":"E","value":"#{variables.env}"},{"name":"X","value":"#{codepipeline.PipelineExecutionId}"}]',
      },
      inputArtifacts: [{ name: 'BuildOutput' }],
      outputArtifacts: [{ name: 'Package' }],
    },
  );
  return p;
}

function plan(p: any, options = {}) {
  const c = check(p);
  expectValid(c);
  return planPipeline(c.loaded, options);
}

describe('pipeline plan (docs/aws/codepipeline.md §1.4, §8.5)', () => {
  it('docs/aws/codepipeline.md §8.5: runOrders 1,1,3 make two groups: the runOrder-1 pair in parallel, then runOrder 3', () => {
    const pl = plan(parallelPipeline(), { variables: { release: 'r1' } });
    const stage = pl.stages[1]!;
    expect(
      stage.groups.map((g) => ({ runOrder: g.runOrder, parallel: g.parallel, actions: g.actions.map((a) => a.name) })),
    ).toEqual([
      { runOrder: 1, parallel: true, actions: ['Build', 'Lint'] },
      { runOrder: 3, parallel: false, actions: ['Package'] },
    ]);
    expect(pl.stages[0]!.groups).toHaveLength(1);
  });

  it('docs/aws/codepipeline.md §1.5: each input names its producer and each output its consumers', () => {
    const pl = plan(parallelPipeline(), { variables: { release: 'r1' } });
    const [build, lint] = pl.stages[1]!.groups[0]!.actions;
    expect(build!.inputs).toEqual([{ name: 'SourceOutput', producer: { stage: 'Source', action: 'Src' } }]);
    expect(build!.outputs).toEqual([{ name: 'BuildOutput', consumers: [{ stage: 'Build', action: 'Package' }] }]);
    expect(lint!.outputs).toEqual([]);
    expect(pl.artifacts.find((a) => a.name === 'SourceOutput')!.consumers).toEqual([
      { stage: 'Build', action: 'Build' },
      { stage: 'Build', action: 'Lint' },
    ]);
  });

  it('docs/aws/codepipeline.md §4.2: variable references name their producing action, pipeline variable or the execution', () => {
    const pl = plan(parallelPipeline(), { variables: { release: 'r1' } });
    const pkg = pl.stages[1]!.groups[1]!.actions[0]!;
    expect(pkg.variableReferences.map((v) => [v.text, v.from, v.producer ?? v.value])).toEqual([
      ['#{BuildVars.VERSION}', 'action', { stage: 'Build', action: 'Build' }],
      ['#{SourceVariables.CommitId}', 'action', { stage: 'Source', action: 'Src' }],
      ['#{variables.env}', 'pipeline', 'dev'],
      ['#{codepipeline.PipelineExecutionId}', 'execution', undefined],
    ]);
    expect(pkg.variableReferences[0]!.field).toBe('configuration.EnvironmentVariables');
    const src = pl.stages[0]!.groups[0]!.actions[0]!;
    expect(src.namespace).toBe('SourceVariables');
    expect(src.providesVariables).toContain('CommitId');
  });

  it('docs/aws/codepipeline.md §1.8: pipeline variables come from the run, else the default; a missing one is flagged', () => {
    const pl = plan(parallelPipeline());
    expect(pl.variables).toEqual([
      { name: 'env', value: 'dev', source: 'default' },
      { name: 'release', source: 'missing' },
    ]);
    expect(pl.warnings).toContain(
      "pipeline variable 'release' has no default and no value was given: the run will be refused",
    );
    const given = plan(parallelPipeline(), { variables: { env: 'prod', release: 'r2', other: 'x' } });
    expect(given.variables).toEqual([
      { name: 'env', value: 'prod', source: 'override' },
      { name: 'release', value: 'r2', source: 'override' },
    ]);
    expect(given.warnings).toContain(
      "variable 'other' is not declared by the pipeline: starting the run will be refused",
    );
  });

  it('a CodeBuild project defined nowhere runs with defaults, and the plan says so', () => {
    const pl = plan(basePipeline());
    const b = pl.stages[1]!.groups[0]!.actions[0]!;
    expect(b.project).toEqual({
      name: 'demo-build',
      defined: false,
      definedIn: undefined,
      image: 'aws/codebuild/standard:7.0',
      privilegedMode: false,
      primarySource: 'SourceOutput',
      buildspec: 'buildspec.yml',
    });
    expect(b.local).toBe(
      'runs buildspec.yml from SourceOutput with the defaults (project demo-build is defined nowhere) in image aws/codebuild/standard:7.0',
    );
    expect(pl.warnings.some((w) => w.includes("project 'demo-build' (action Build) is defined nowhere"))).toBe(true);
  });

  it('a project passed in is used for the plan', () => {
    const project = {
      ...defaultProject('demo-build', 'aws/codebuild/amazonlinux2-x86_64-standard:5.0'),
      definedIn: 'projects.json',
    };
    project.source = { type: 'CODEPIPELINE', buildspec: 'ci/buildspec.yml' };
    const b = plan(basePipeline(), { projects: new Map([['demo-build', project]]) }).stages[1]!.groups[0]!.actions[0]!;
    expect(b.project).toMatchObject({ defined: true, definedIn: 'projects.json', buildspec: 'ci/buildspec.yml' });
  });

  it('a source override changes what the source action reads', () => {
    const pl = plan(basePipeline(), { sourceOverrides: { Src: { path: '../app', revision: 'abc123' } } });
    expect(pl.stages[0]!.groups[0]!.actions[0]!.local).toBe(
      'reads the local git repository at ../app (commit abc123) in place of org/repo',
    );
  });
});

describe('plan rendering', () => {
  it('text: stages, groups marked in parallel, artifact and variable arrows', () => {
    const text = renderPlanText(plan(parallelPipeline(), { variables: { release: 'r1' } }));
    expect(text).toContain('stage 2  Build\n  runOrder 1 (2 actions in parallel)\n    Build  Build/AWS/CodeBuild/1\n');
    expect(text).toContain('        in   SourceOutput ← Source.Src\n');
    expect(text).toContain('        out  BuildOutput → Build.Package\n');
    expect(text).toContain('        uses #{BuildVars.VERSION} ← Build.Build  (configuration.EnvironmentVariables)\n');
    expect(text).toContain('        uses #{variables.env} ← pipeline variable = "dev"');
    expect(text).toContain('  runOrder 3\n    Package');
    expect(text).toContain('variables: env="dev" (default), release="r1" (override)');
  });

  it('JSON: the plan object itself, without the declarations it carries for the engine', () => {
    const pl = plan(parallelPipeline(), { variables: { release: 'r1' } });
    const json = JSON.parse(renderPlanJson(pl));
    expect(json).toEqual(planJson(pl));
    expect(json.definition).toBeUndefined();
    expect(json.stages[1].groups[0].actions[0].declaration).toBeUndefined();
    expect(json.stages[1].groups[0].actions[0].local).toBe(pl.stages[1]!.groups[0]!.actions[0]!.local);
  });
});
