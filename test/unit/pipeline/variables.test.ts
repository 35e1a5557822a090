import { describe, expect, it } from 'vitest';
import {
  findConfigurationReferences,
  findVariableReferences,
  resolveConfiguration,
  resolveString,
  unresolvedVariablesMessage,
} from '../../../src/model/variables.js';

describe('variable references (docs/aws/codepipeline.md §4.1)', () => {
  it('docs/aws/codepipeline.md §4.1: finds #{namespace.name} references with their offsets', () => {
    expect(findVariableReferences('commit #{SourceVariables.CommitId} in #{codepipeline.PipelineExecutionId}')).toEqual(
      [
        { text: '#{SourceVariables.CommitId}', namespace: 'SourceVariables', name: 'CommitId', index: 7 },
        {
          text: '#{codepipeline.PipelineExecutionId}',
          namespace: 'codepipeline',
          name: 'PipelineExecutionId',
          index: 38,
        },
      ],
    );
  });

  it('docs/aws/codepipeline.md §4.1: text that is not a reference stays literal (${x}, #{x}, #{a b.c})', () => {
    expect(findVariableReferences('${AWS::Region} #{novar} #{a b.c} #{ns.}')).toEqual([]);
  });

  it('finds references in every configuration value with its key', () => {
    expect(
      findConfigurationReferences({ ProjectName: 'p', EnvironmentVariables: '[{"value":"#{variables.env}"}]' }),
    ).toEqual([
      { text: '#{variables.env}', namespace: 'variables', name: 'env', index: 11, key: 'EnvironmentVariables' },
    ]);
  });
});

describe('resolution (docs/aws/codepipeline.md §4.3, §4.4)', () => {
  const table = {
    SourceVariables: { CommitId: 'abc123', Loop: '#{SourceVariables.CommitId}' },
    variables: { env: 'prod', empty: '' },
  };

  it('docs/aws/codepipeline.md §4.3: each reference is replaced once', () => {
    expect(resolveString('v-#{SourceVariables.CommitId}-#{variables.env}', table)).toEqual({
      value: 'v-abc123-prod',
      unresolved: [],
    });
  });

  it('docs/aws/codepipeline.md §4.3: resolution is single-pass: a value containing #{...} is not expanded again', () => {
    expect(resolveString('#{SourceVariables.Loop}', table).value).toBe('#{SourceVariables.CommitId}');
  });

  it('an empty value is a resolved value', () => {
    expect(resolveString('[#{variables.empty}]', table)).toEqual({ value: '[]', unresolved: [] });
  });

  it('docs/aws/codepipeline.md §8.8: unresolved references are reported and left as written', () => {
    const r = resolveConfiguration({ A: '#{Nope.X}', B: '#{SourceVariables.Missing} #{variables.env}' }, table);
    expect(r.resolved).toEqual({ A: '#{Nope.X}', B: '#{SourceVariables.Missing} prod' });
    expect(r.unresolved.map((u) => `${u.key}:${u.text}`)).toEqual(['A:#{Nope.X}', 'B:#{SourceVariables.Missing}']);
    expect(unresolvedVariablesMessage('Build')).toBe(
      'An action in this pipeline failed because one or more variables could not be resolved: Action name=Build',
    );
  });

  it('inherited object properties are not variables', () => {
    expect(resolveString('#{variables.toString}', table).unresolved).toHaveLength(1);
  });
});
