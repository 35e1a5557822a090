import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadPipeline } from '../../../src/model/pipeline.js';
import { planPipeline } from '../../../src/plan/pipeline-plan.js';

const example = (name: string) => fileURLToPath(new URL(`../../../examples/seed-ecs/${name}`, import.meta.url));

describe('examples/seed-ecs (the seed pipeline)', () => {
  it('pipeline.json (GitHub v1 -> CodeBuild -> ECS) validates and plans', () => {
    const loaded = loadPipeline(example('pipeline.json'));
    expect(loaded.warnings.map((w) => w.code)).toEqual(['PIPELINE_NO_ARTIFACT_STORE']);
    const plan = planPipeline(loaded);
    expect(plan.stages.map((s) => s.groups.map((g) => g.actions.map((a) => a.actionType)))).toEqual([
      [['Source/ThirdParty/GitHub/1']],
      [['Build/AWS/CodeBuild/1']],
      [['Deploy/AWS/ECS/1']],
    ]);
    expect(plan.stages[1]!.groups[0]!.actions[0]!.project?.defined).toBe(false);
  });

  it('pipeline-template.yaml (CodeStar connection -> CodeBuild) validates with its BuildProject', () => {
    const loaded = loadPipeline(example('pipeline-template.yaml'));
    expect(loaded.warnings).toEqual([]);
    expect(loaded.pipeline.name).toBe('myapp-pipeline');
    const build = planPipeline(loaded).stages[1]!.groups[0]!.actions[0]!;
    expect(build.project).toMatchObject({
      name: 'myapp-build',
      defined: true,
      image: 'aws/codebuild/amazonlinux2-x86_64-standard:5.0',
      privilegedMode: true,
    });
    const project = loaded.projects.get('myapp-build')!;
    expect(project.environment.environmentVariables.map((v) => v.name)).toEqual(['REPOSITORY_URI', 'AWS_ACCOUNT_ID']);
    expect(project.cache.modes).toEqual(['LOCAL_DOCKER_LAYER_CACHE', 'LOCAL_SOURCE_CACHE']);
  });
});
