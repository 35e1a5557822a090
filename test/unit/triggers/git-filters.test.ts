/**
 * Trigger filters of V2 pipelines (docs/aws/codepipeline.md §10.1–§10.5): the glob rules, how
 * includes and excludes combine, OR across filters and AND across criteria, and the switches
 * that turn automatic starts off.
 */
import { describe, expect, it } from 'vitest';
import { globMatches } from '../../../src/api/triggers/glob.js';
import { criteriaMatch, gitEventStarts, gitStartRule, type GitEvent } from '../../../src/api/triggers/git-triggers.js';
import type { ActionDeclaration, PipelineDeclaration } from '../../../src/model/index.js';

describe('codepipeline.md §10.3: trigger globs', () => {
  it.each([
    ['main', 'main', true],
    ['main*', 'main-2', true],
    ['feature/*', 'feature/a', true],
    ['feature/*', 'feature/a/b', false],
    ['feature/**', 'feature/a/b', true],
    ['src/**', 'src/app/main.go', true],
    ['**/*.md', 'docs/readme.md', true],
    ['*.md', 'docs/readme.md', false],
    ['release-?', 'release-1', true],
    ['release-?', 'release-10', false],
    ['v[0-9].*', 'v1.2', true],
    ['v[!0-9]*', 'v1', false],
    ['{main,develop}', 'develop', true],
    ['{main,develop}', 'dev', false],
    ['docs/\\*', 'docs/*', true],
    ['docs/\\*', 'docs/a', false],
    ['a.b', 'axb', false],
  ])('%s vs %s → %s', (glob, value, expected) => {
    expect(globMatches(glob, value)).toBe(expected);
  });
});

describe('codepipeline.md §10.2: includes AND NOT excludes', () => {
  it('any include matches, no exclude matches', () => {
    expect(criteriaMatch({ includes: ['main', 'release/*'] }, 'release/1')).toBe(true);
    expect(criteriaMatch({ includes: ['main'], excludes: ['main'] }, 'main')).toBe(false);
    expect(criteriaMatch({ includes: ['feature/**'], excludes: ['feature/wip/**'] }, 'feature/wip/a')).toBe(false);
  });
  it('excludes only: everything not excluded', () => {
    expect(criteriaMatch({ excludes: ['docs/**'] }, 'src/a')).toBe(true);
    expect(criteriaMatch({ excludes: ['docs/**'] }, 'docs/a')).toBe(false);
  });
});

const connection = (config: Record<string, string> = {}): ActionDeclaration =>
  ({
    name: 'Source',
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
    runOrder: 1,
    configuration: { ConnectionArn: 'arn:c', FullRepositoryId: 'o/r', BranchName: 'main', ...config },
    inputArtifacts: [],
    outputArtifacts: [{ name: 'Src' }],
  }) as ActionDeclaration;

const pipelineWith = (action: ActionDeclaration, triggers?: unknown[]): PipelineDeclaration =>
  ({
    name: 'p',
    roleArn: 'r',
    stages: [{ name: 'Source', actions: [action] }],
    ...(triggers ? { triggers } : {}),
  }) as PipelineDeclaration;

const branch = (name: string, files: string[] = ['src/a.ts']): GitEvent => ({
  kind: 'branch',
  name,
  commit: 'c1',
  changedFiles: files,
});
const tag = (name: string): GitEvent => ({ kind: 'tag', name, commit: 'c1' });

describe('codepipeline.md §10.1, §10.4: default change detection and its switches', () => {
  it('no trigger: a push to BranchName starts, other branches and tags do not', () => {
    const rule = gitStartRule(pipelineWith(connection()), connection())!;
    expect(gitEventStarts(rule, branch('main'))).toBe(true);
    expect(gitEventStarts(rule, branch('dev'))).toBe(false);
    expect(gitEventStarts(rule, tag('v1'))).toBe(false);
  });
  it('DetectChanges false: nothing starts, triggers or not', () => {
    const a = connection({ DetectChanges: 'false' });
    const p = pipelineWith(a, [
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: { sourceActionName: 'Source', push: [{ tags: { includes: ['*'] } }] },
      },
    ]);
    const rule = gitStartRule(p, a)!;
    expect(rule.automatic).toBe(false);
    expect(gitEventStarts(rule, branch('main'))).toBe(false);
    expect(gitEventStarts(rule, tag('v1'))).toBe(false);
  });
  it('CodeCommit PollForSourceChanges false: no automatic start; default true polls BranchName', () => {
    const cc = (extra: Record<string, string>) =>
      ({
        ...connection(),
        actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: 'r', BranchName: 'main', ...extra },
      }) as ActionDeclaration;
    expect(gitStartRule(pipelineWith(cc({})), cc({}))!.automatic).toBe(true);
    const off = cc({ PollForSourceChanges: 'false' });
    expect(gitEventStarts(gitStartRule(pipelineWith(off), off)!, branch('main'))).toBe(false);
  });
});

describe('codepipeline.md §10.2: push and pull-request filters', () => {
  const ruleOf = (git: Record<string, unknown>) =>
    gitStartRule(
      pipelineWith(connection(), [
        { providerType: 'CodeStarSourceConnection', gitConfiguration: { sourceActionName: 'Source', ...git } },
      ]),
      connection(),
    )!;

  it('a trigger replaces BranchName: its branches decide', () => {
    const rule = ruleOf({ push: [{ branches: { includes: ['release/**'] } }] });
    expect(gitEventStarts(rule, branch('main'))).toBe(false);
    expect(gitEventStarts(rule, branch('release/2.0'))).toBe(true);
  });
  it('branches AND file paths inside one filter', () => {
    const rule = ruleOf({ push: [{ branches: { includes: ['main'] }, filePaths: { excludes: ['docs/**', '*.md'] } }] });
    expect(gitEventStarts(rule, branch('main', ['src/a.ts', 'docs/x.md']))).toBe(true);
    expect(gitEventStarts(rule, branch('main', ['docs/x.md', 'README.md']))).toBe(false);
  });
  it('OR between filters: a tag filter and a branch filter', () => {
    const rule = ruleOf({ push: [{ tags: { includes: ['v*'] } }, { branches: { includes: ['main'] } }] });
    expect(gitEventStarts(rule, tag('v1.0'))).toBe(true);
    expect(gitEventStarts(rule, tag('nightly'))).toBe(false);
    expect(gitEventStarts(rule, branch('main'))).toBe(true);
  });
  it('a tag-only filter does not start on branch pushes', () => {
    const rule = ruleOf({ push: [{ tags: { includes: ['*'] } }] });
    expect(gitEventStarts(rule, branch('main'))).toBe(false);
  });
  it('PascalCase keys (a template kept as written) read the same', () => {
    const rule = ruleOf({ Push: [{ Tags: { Includes: ['v*'] } }] });
    expect(gitEventStarts(rule, tag('v2'))).toBe(true);
  });
  it('pull requests: events and target branches', () => {
    const rule = ruleOf({ pullRequest: [{ events: ['OPEN'], branches: { includes: ['main'] } }] });
    const pr = (event: 'OPEN' | 'UPDATED', target: string): GitEvent => ({
      kind: 'pullRequest',
      event,
      id: '7',
      targetBranch: target,
      commit: 'c',
      changedFiles: ['a'],
    });
    expect(gitEventStarts(rule, pr('OPEN', 'main'))).toBe(true);
    expect(gitEventStarts(rule, pr('UPDATED', 'main'))).toBe(false);
    expect(gitEventStarts(rule, pr('OPEN', 'dev'))).toBe(false);
    expect(gitEventStarts(rule, branch('main'))).toBe(false);
  });
});
