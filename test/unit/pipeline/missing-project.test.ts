/**
 * A CodeBuild action whose ProjectName is not among the projects given fails, as on AWS; defaults
 * apply only when no project is defined anywhere, and then said once per run (issue 17).
 */
import { describe, expect, it } from 'vitest';
import { codeBuildProvider } from '../../../src/engine/pipeline/actions/codebuild.js';
import type { ActionContext } from '../../../src/engine/pipeline/types.js';
import { defaultProject } from '../../../src/model/index.js';
import { basePipeline, check } from './helpers.js';
import { planPipeline, renderPlanText } from '../../../src/plan/index.js';

function ctxFor(projectName: string, projects: Map<string, unknown>, services: Record<string, unknown> = {}) {
  const notices: string[] = [];
  const lines: string[] = [];
  const ctx = {
    actionName: 'Build',
    configuration: { ProjectName: projectName },
    inputs: [],
    outputs: [],
    log: (l: string) => lines.push(l),
    notice: (l: string) => notices.push(l),
    services: Object.assign(services, { projects, region: 'eu-west-1', accountId: '111122223333' }),
  } as unknown as ActionContext;
  return { ctx, notices, lines };
}

describe('CodeBuild action: project resolution', () => {
  it('a mistyped name fails with the missing-project message when projects were given', async () => {
    const { ctx } = ctxFor('demo-bulid', new Map([['demo-build', defaultProject('demo-build')]]));
    const r = await codeBuildProvider.run(ctx);
    expect(r.status).toBe('Failed');
    expect(r.errorCode).toBe('PROJECT_NOT_FOUND');
    expect(r.summary).toMatch(
      /^Project cannot be found: arn:aws:codebuild:eu-west-1:111122223333:project\/demo-bulid \(the projects given are: demo-build;/,
    );
  });

  it('no project anywhere: defaults, said once per run as a notice (later actions only log it)', async () => {
    const services = {};
    const first = ctxFor('a', new Map(), services);
    const second = ctxFor('b', new Map(), services);
    // The build itself cannot start on these fake services; only what is said before matters.
    await codeBuildProvider.run(first.ctx).catch(() => undefined);
    await codeBuildProvider.run(second.ctx).catch(() => undefined);
    expect(first.notices).toHaveLength(1);
    expect(first.notices[0]).toMatch(/project a is defined nowhere: running with DEFAULTS/);
    expect(second.notices).toEqual([]);
    expect(second.lines.some((l) => l.includes('project b is defined nowhere'))).toBe(true);
  });
});

describe('plan: the same resolution', () => {
  it('a name missing among given projects: the plan says the action fails', () => {
    const { loaded } = check(basePipeline());
    const other = { ...defaultProject('other'), definedIn: 'projects.json' };
    const plan = planPipeline(loaded, { projects: new Map([['other', other]]) });
    const b = plan.stages[1]!.groups[0]!.actions[0]!;
    expect(b.project?.missing).toBe(true);
    expect(b.local).toMatch(/^fails: project demo-build is not among the projects given/);
    expect(plan.warnings).toContain(
      "project 'demo-build' (action Build) is not among the projects given (other): the action will fail, as on AWS",
    );
    expect(renderPlanText(plan)).toContain('not found: the action fails');
  });
});

describe('pipeline plan and run --dry-run: one resolution, codelocal.yml projects: included', () => {
  it('a typo fails in both; the defined project is found in both', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { planPipelineFile } = await import('../../../src/api/pipeline-plan.js');
    const { dryRunPipeline } = await import('../../../src/api/pipeline-dry-run.js');
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-projects-'));
    try {
      writeFileSync(join(dir, 'codelocal.yml'), 'projects:\n  - projects.json\n');
      writeFileSync(
        join(dir, 'projects.json'),
        JSON.stringify({
          projects: [
            {
              name: 'demo-build',
              source: { type: 'CODEPIPELINE' },
              artifacts: { type: 'CODEPIPELINE' },
              environment: {
                type: 'LINUX_CONTAINER',
                image: 'aws/codebuild/standard:7.0',
                computeType: 'BUILD_GENERAL1_SMALL',
              },
            },
          ],
        }),
      );
      const good = basePipeline();
      const typo = basePipeline();
      typo.stages[1].actions[0].configuration.ProjectName = 'demo-bulid';
      writeFileSync(join(dir, 'good.json'), JSON.stringify({ pipeline: good }));
      writeFileSync(join(dir, 'typo.json'), JSON.stringify({ pipeline: typo }));
      const project = (p: { stages: { groups: { actions: { project?: unknown }[] }[] }[] }) =>
        p.stages[1]!.groups[0]!.actions[0]!.project as { defined: boolean; missing?: boolean };
      for (const [file, defined, missing] of [
        ['good.json', true, undefined],
        ['typo.json', false, true],
      ] as const) {
        const planned = project(planPipelineFile(join(dir, file), { cwd: dir }));
        const dry = project(dryRunPipeline({ file: join(dir, file), cwd: dir }).plan);
        expect(planned.defined).toBe(defined);
        expect(planned.missing).toBe(missing);
        expect(dry).toEqual(planned);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
