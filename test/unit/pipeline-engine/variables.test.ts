/** Variables at run time (docs/aws/codepipeline.md §4, §8.8–8.10) and source variables without a namespace (§8.18). */
import { describe, expect, it } from 'vitest';
import { listExecutions } from '../../../src/api/executions.js';
import { buildAction, fakes, pipelineOf, project, run, sourceAction } from './helpers.js';

const env = (vars: Record<string, string>) =>
  JSON.stringify(Object.entries(vars).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' })));

describe('pipeline engine: variables', () => {
  it('docs/aws/codepipeline.md §8.8: an unresolved variable fails the action before it starts, with the AWS summary', async () => {
    const p = project(
      pipelineOf([
        {
          name: 'Build',
          actions: [
            buildAction('UsesNope', 'ok', {
              configuration: { ProjectName: 'ok', EnvironmentVariables: env({ X: '#{Nope.X}' }) },
            }),
          ],
        },
      ]),
    );
    const f = fakes();
    const r = await run(p, f);
    expect(r.execution.status).toBe('Failed');
    const d = r.execution.actionExecutionDetails.find((a) => a.actionName === 'UsesNope')!;
    expect(d.status).toBe('Failed');
    expect(d.output.executionResult.externalExecutionSummary).toBe(
      'An action in this pipeline failed because one or more variables could not be resolved: Action name=UsesNope',
    );
    expect(f.calls.get('UsesNope')).toBeUndefined();
  });

  it('docs/aws/codepipeline.md §8.9: a required pipeline variable without a value is refused before any execution exists', async () => {
    const p = project(
      pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok')] }], {
        pipelineType: 'V2',
        variables: [{ name: 'Env' }],
      }),
    );
    await expect(run(p, fakes())).rejects.toMatchObject({ code: 'PIPELINE_VARIABLES_INVALID', kind: 'input' });
    expect(listExecutions({ cwd: p.dir, stateDir: p.state })).toEqual([]);
  });

  it('docs/aws/codepipeline.md §8.9: defaults and overrides resolve #{variables.x} and are reported as {name, resolvedValue}', async () => {
    const p = project(
      pipelineOf(
        [
          {
            name: 'Build',
            actions: [
              buildAction('B', 'ok', {
                configuration: {
                  ProjectName: 'ok',
                  EnvironmentVariables: env({ E: '#{variables.Env}', R: '#{variables.Region}' }),
                },
              }),
            ],
          },
        ],
        { pipelineType: 'V2', variables: [{ name: 'Env' }, { name: 'Region', defaultValue: 'eu-west-1' }] },
      ),
    );
    const r = await run(p, fakes(), { variables: { Env: 'dev' } });
    expect(r.execution.status).toBe('Succeeded');
    expect(r.execution.variables).toEqual([
      { name: 'Env', resolvedValue: 'dev' },
      { name: 'Region', resolvedValue: 'eu-west-1' },
    ]);
    const b = r.execution.actionExecutionDetails.find((a) => a.actionName === 'B')!;
    expect(b.output.outputVariables).toEqual({ E: 'dev', R: 'eu-west-1' });
    await expect(run(p, fakes(), { variables: { Env: 'dev', Nope: '1' } })).rejects.toMatchObject({
      code: 'PIPELINE_VARIABLES_INVALID',
    });
  });

  it('docs/aws/codepipeline.md §8.10: raw and resolved configuration are both recorded; the execution id resolves, once', async () => {
    const p = project(
      pipelineOf([
        {
          name: 'Build',
          actions: [
            buildAction('First', 'ok', {
              namespace: 'FirstNS',
              configuration: {
                ProjectName: 'ok',
                EnvironmentVariables: env({ V: '#{codepipeline.PipelineExecutionId}', LIT: '#{x.y}-literal' }).replace(
                  '#{x.y}',
                  '\\u0023{x.y}',
                ),
              },
            }),
            buildAction('Second', 'ok', {
              runOrder: 2,
              configuration: {
                ProjectName: 'ok',
                EnvironmentVariables: env({ FROM_FIRST: '#{FirstNS.V}', NESTED: '#{FirstNS.LIT}' }),
              },
            }),
          ],
        },
      ]),
    );
    const r = await run(p, fakes());
    expect(r.execution.status).toBe('Succeeded');
    const id = r.execution.pipelineExecutionId;
    const first = r.execution.actionExecutionDetails.find((a) => a.actionName === 'First')!;
    expect(first.input.configuration.EnvironmentVariables).toContain('#{codepipeline.PipelineExecutionId}');
    expect(first.input.resolvedConfiguration.EnvironmentVariables).toContain(id);
    expect(first.input.namespace).toBe('FirstNS');
    const second = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Second')!;
    expect(second.output.outputVariables.FROM_FIRST).toBe(id);
    // Single pass: a resolved value that itself looks like a reference stays literal.
    expect(second.output.outputVariables.NESTED).toBe('#{x.y}-literal');
  });

  it('docs/aws/codepipeline.md §8.18: source variables are recorded even without a namespace', async () => {
    const p = project({ ...pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok')] }]) });
    const r = await run(p, fakes());
    const src = r.execution.actionExecutionDetails.find((a) => a.actionName === 'Src')!;
    expect(src.input.namespace).toBeUndefined();
    expect(src.output.outputVariables).toEqual({ ETag: 'etag-1', VersionId: 'null' });
    expect(r.execution.artifactRevisions).toEqual([{ name: 'SourceOutput', revisionId: 'rev-1' }]);
  });

  it('an un-namespaced source cannot be referenced: the consumer fails at run time', async () => {
    const p = project(
      pipelineOf([
        {
          name: 'Build',
          actions: [
            buildAction('B', 'ok', {
              configuration: { ProjectName: 'ok', EnvironmentVariables: env({ E: '#{Src.ETag}' }) },
            }),
          ],
        },
      ]),
    );
    // The validator may reject this statically; either way nothing resolves it at run time.
    try {
      const r = await run(p, fakes());
      expect(r.execution.actionExecutionDetails.find((a) => a.actionName === 'B')!.status).toBe('Failed');
    } catch (e) {
      expect((e as { kind: string }).kind).toBe('input');
    }
  });

  it('a source namespace makes its variables referenceable downstream', async () => {
    const def = pipelineOf([
      {
        name: 'Build',
        actions: [
          buildAction('B', 'ok', {
            configuration: { ProjectName: 'ok', EnvironmentVariables: env({ E: '#{SourceVariables.ETag}' }) },
          }),
        ],
      },
    ]);
    def.stages[0] = { name: 'Source', actions: [sourceAction('Src', { namespace: 'SourceVariables' })] };
    const r = await run(project(def), fakes());
    expect(r.execution.actionExecutionDetails.find((a) => a.actionName === 'B')!.output.outputVariables).toEqual({
      E: 'etag-1',
    });
  });
});
