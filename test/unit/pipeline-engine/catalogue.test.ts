/**
 * The action-type catalogue (src/model/action-types.ts) and the provider modules in
 * src/engine/pipeline/actions/ must name the same types, since the registry loads providers by the
 * catalogue's module names; and a real type without a local stand-in fails its own action with
 * codelocal's code (issue 11), while `pipeline plan`, `--dry-run` and the run share one sentence.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, actionTypeKey, isEmulated } from '../../../src/model/action-types.js';
import { loadBuiltinProvider } from '../../../src/engine/pipeline/actions/index.js';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { dryRunPipeline } from '../../../src/api/pipeline-dry-run.js';
import { planPipelineFile } from '../../../src/api/pipeline-plan.js';
import { planJson } from '../../../src/plan/render-plan.js';
import { buildAction, fakes, pipelineOf, project, run } from './helpers.js';

const ACTIONS_DIR = join(import.meta.dirname, '../../../src/engine/pipeline/actions');

function isProvider(v: unknown): v is ActionProvider {
  const p = v as Partial<ActionProvider> | undefined;
  return typeof p?.run === 'function' && Array.isArray(p.types);
}

/** `key -> module` for every provider exported by a module of the actions folder. */
async function providerModules(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of readdirSync(ACTIONS_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const exports = (await import(join(ACTIONS_DIR, file))) as Record<string, unknown>;
    for (const p of Object.values(exports).filter(isProvider)) {
      for (const t of p.types) out.set(actionTypeKey(t), file.replace(/\.ts$/, ''));
    }
  }
  return out;
}

const ELASTIC_BEANSTALK = { category: 'Deploy', owner: 'AWS', provider: 'ElasticBeanstalk', version: '1' };

function beanstalkPipeline() {
  return pipelineOf([
    { name: 'Build', actions: [buildAction('Build', 'ok', { outputArtifacts: [{ name: 'App' }] })] },
    {
      name: 'Deploy',
      actions: [
        {
          name: 'Beanstalk',
          actionTypeId: ELASTIC_BEANSTALK,
          configuration: { ApplicationName: 'app', EnvironmentName: 'prod' },
          inputArtifacts: [{ name: 'App' }],
        },
      ],
    },
  ]);
}

describe('action-type catalogue and provider registry', () => {
  it('the provider modules and the catalogue name the same runnable types, module for module', async () => {
    const modules = await providerModules();
    const catalogue = new Map(ACTION_TYPES.filter(isEmulated).map((t) => [actionTypeKey(t), t.module]));
    expect([...modules.keys()].sort()).toEqual([...catalogue.keys()].sort());
    for (const [key, module] of catalogue) expect(modules.get(key), key).toBe(module);
  });

  it('the built-in registry loads each runnable type from the module the catalogue names', async () => {
    for (const t of ACTION_TYPES.filter(isEmulated)) {
      const provider = await loadBuiltinProvider(actionTypeKey(t));
      expect(provider?.types.map(actionTypeKey), actionTypeKey(t)).toContain(actionTypeKey(t));
    }
    for (const t of ACTION_TYPES.filter((x) => !isEmulated(x))) {
      expect(await loadBuiltinProvider(actionTypeKey(t))).toBeUndefined();
    }
  });

  it('every type has one sentence of what runs locally; types without a stand-in say they cannot run', () => {
    const action = { name: 'A', runOrder: 1, configuration: {}, inputArtifacts: [], outputArtifacts: [] };
    for (const t of ACTION_TYPES) {
      const text = t.local({ ...action, actionTypeId: t }, {});
      expect(text.length, actionTypeKey(t)).toBeGreaterThan(10);
      expect(text.includes('cannot run locally'), actionTypeKey(t)).toBe(!isEmulated(t));
    }
  });
});

describe('a real action type codelocal cannot run (issue 11)', () => {
  it('fails that action with ACTION_NOT_EMULATED after the earlier stages ran, never with AWS wording', async () => {
    const p = project(beanstalkPipeline());
    const r = await run(p, fakes());
    expect(r.execution.status).toBe('Failed');
    const stages = Object.fromEntries(r.execution.codelocal.stages.map((s) => [s.name, s.status]));
    expect(stages).toMatchObject({ Source: 'Succeeded', Build: 'Succeeded', Deploy: 'Failed' });
    const deploy = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Beanstalk')!;
    expect(deploy.status).toBe('Failed');
    expect(deploy.output.executionResult.errorDetails?.code).toBe('ACTION_NOT_EMULATED');
    expect(deploy.output.executionResult.externalExecutionSummary).toContain(
      'codelocal cannot run action Beanstalk (Deploy/AWS/ElasticBeanstalk/1) locally',
    );
    expect(deploy.output.executionResult.externalExecutionSummary).not.toContain('not available in region');
  });

  it('--dry-run shows the same plan and sentences, and marks the action as not runnable', () => {
    const p = project(beanstalkPipeline());
    const d = dryRunPipeline({ file: p.file, cwd: p.dir, stateDir: p.state });
    const planned = d.plan.stages.flatMap((s) => s.groups.flatMap((g) => g.actions));
    expect(d.actions.map((a) => a.local)).toEqual(planned.map((a) => a.local));
    const beanstalk = d.actions.find((a) => a.action === 'Beanstalk')!;
    expect(beanstalk.runnable).toBe(false);
    expect(beanstalk.local).toContain('cannot run locally');
    expect(d.missingProviders).toEqual(['Deploy.Beanstalk (Deploy/AWS/ElasticBeanstalk/1)']);
  });

  it('`pipeline plan` and `--dry-run` print the same plan', () => {
    const p = project(beanstalkPipeline());
    const plan = planPipelineFile(p.file, { cwd: p.dir, stateDir: p.state });
    const d = dryRunPipeline({ file: p.file, cwd: p.dir, stateDir: p.state });
    expect(planJson(plan)).toEqual(planJson(d.plan));
  });
});
