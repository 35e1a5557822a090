/**
 * When a git source action starts its pipeline on its own (docs/aws/codepipeline.md §10.1–§10.5):
 * the default change detection on the action's branch, the V2 `triggers` that replace it (push and
 * pull-request filters: OR across filters, AND across criteria, includes AND NOT excludes) and the
 * switches that turn automatic starts off (`DetectChanges`, `PollForSourceChanges`).
 */
import type { ActionDeclaration, PipelineDeclaration } from '../../model/index.js';
import { globMatches } from './glob.js';

export interface FilterCriteria {
  includes?: string[];
  excludes?: string[];
}
export interface PushFilter {
  branches?: FilterCriteria;
  tags?: FilterCriteria;
  filePaths?: FilterCriteria;
}
export type PullRequestEvent = 'OPEN' | 'UPDATED' | 'CLOSED';
export interface PullRequestFilter {
  events?: PullRequestEvent[];
  branches?: FilterCriteria;
  filePaths?: FilterCriteria;
}
export interface GitTrigger {
  sourceActionName: string;
  push?: PushFilter[];
  pullRequest?: PullRequestFilter[];
}

/** A local repository event, already read from its refs. */
export type GitEvent =
  | { kind: 'branch'; name: string; commit: string; before?: string; changedFiles: string[] }
  | { kind: 'tag'; name: string; commit: string; before?: string }
  | {
      kind: 'pullRequest';
      event: PullRequestEvent;
      id: string;
      targetBranch: string;
      commit: string;
      changedFiles: string[];
    };

/** How one git source action reacts, decided once from the pipeline. */
export interface GitStartRule {
  actionName: string;
  provider: string;
  branch?: string;
  /** false: no automatic start (the reason says why). */
  automatic: boolean;
  trigger?: GitTrigger;
  reason: string;
}

export const GIT_PROVIDERS = new Set(['CodeStarSourceConnection', 'CodeCommit', 'GitHub']);

/** Reads a key in either case (API JSON is camelCase; a template's Triggers may stay PascalCase). */
function field(o: unknown, key: string): unknown {
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  return r[key] ?? r[key[0]!.toUpperCase() + key.slice(1)];
}

function criteria(o: unknown): FilterCriteria | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const list = (k: string) => {
    const v = field(o, k);
    return Array.isArray(v) ? v.map(String) : undefined;
  };
  return { includes: list('includes'), excludes: list('excludes') };
}

function list(o: unknown, key: string): unknown[] | undefined {
  const v = field(o, key);
  return Array.isArray(v) ? v : undefined;
}

/** The pipeline's `triggers` in a typed form (invalid entries are the validator's business: skipped). */
export function gitTriggers(pipeline: PipelineDeclaration): GitTrigger[] {
  const out: GitTrigger[] = [];
  for (const t of pipeline.triggers ?? []) {
    const git = field(t, 'gitConfiguration');
    const name = field(git, 'sourceActionName');
    if (typeof name !== 'string') continue;
    const push = list(git, 'push')?.map((p) => ({
      branches: criteria(field(p, 'branches')),
      tags: criteria(field(p, 'tags')),
      filePaths: criteria(field(p, 'filePaths')),
    }));
    const pullRequest = list(git, 'pullRequest')?.map((p) => ({
      events: list(p, 'events')?.map(String) as PullRequestEvent[] | undefined,
      branches: criteria(field(p, 'branches')),
      filePaths: criteria(field(p, 'filePaths')),
    }));
    out.push({ sourceActionName: name, ...(push ? { push } : {}), ...(pullRequest ? { pullRequest } : {}) });
  }
  return out;
}

/** §10.2: (no includes, or one include matches) AND no exclude matches. Absent criteria pass. */
export function criteriaMatch(c: FilterCriteria | undefined, value: string): boolean {
  if (!c) return true;
  if (c.includes && c.includes.length > 0 && !c.includes.some((g) => globMatches(g, value))) return false;
  return !(c.excludes ?? []).some((g) => globMatches(g, value));
}

/** §10.2: file paths match when at least one changed file passes the criteria. */
export function filePathsMatch(c: FilterCriteria | undefined, files: string[]): boolean {
  if (!c) return true;
  return files.some((f) => criteriaMatch(c, f));
}

function pushMatches(f: PushFilter, e: GitEvent): boolean {
  // §10.2 (UNCERTAIN): each criterion applies to the event kind it names.
  if (e.kind === 'tag') return f.tags !== undefined && criteriaMatch(f.tags, e.name);
  if (e.kind !== 'branch' || (f.tags !== undefined && f.branches === undefined)) return false;
  return criteriaMatch(f.branches, e.name) && filePathsMatch(f.filePaths, e.changedFiles);
}

function pullRequestMatches(f: PullRequestFilter, e: GitEvent): boolean {
  if (e.kind !== 'pullRequest') return false;
  const events = f.events && f.events.length > 0 ? f.events : ['OPEN', 'UPDATED', 'CLOSED'];
  return (
    events.includes(e.event) && criteriaMatch(f.branches, e.targetBranch) && filePathsMatch(f.filePaths, e.changedFiles)
  );
}

/** Whether `event` starts the pipeline through this action's rule. */
export function gitEventStarts(rule: GitStartRule, event: GitEvent): boolean {
  if (!rule.automatic) return false;
  const t = rule.trigger;
  if (!t || (!t.push && !t.pullRequest)) {
    // §10.1: default change detection (or a trigger with no filter) = a push to BranchName.
    return event.kind === 'branch' && event.name === rule.branch;
  }
  return (
    (t.push ?? []).some((f) => pushMatches(f, event)) || (t.pullRequest ?? []).some((f) => pullRequestMatches(f, event))
  );
}

function isFalse(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'false';
}

/** §10.4, §10.5: the start rule of one git source action (undefined for other providers). */
export function gitStartRule(pipeline: PipelineDeclaration, action: ActionDeclaration): GitStartRule | undefined {
  const provider = action.actionTypeId.provider;
  if (action.actionTypeId.category !== 'Source' || !GIT_PROVIDERS.has(provider)) return undefined;
  const c = action.configuration;
  const branch = provider === 'GitHub' ? c.Branch : c.BranchName;
  const base = { actionName: action.name, provider, ...(branch ? { branch } : {}) };
  if (provider === 'CodeStarSourceConnection') {
    if (isFalse(c.DetectChanges)) {
      return { ...base, automatic: false, reason: 'DetectChanges is false: started only by hand' };
    }
    const trigger = gitTriggers(pipeline).find((t) => t.sourceActionName === action.name);
    if (trigger) return { ...base, automatic: true, trigger, reason: 'V2 trigger filters' };
    return { ...base, automatic: true, reason: `a push to ${branch ?? '(no BranchName)'}` };
  }
  if (isFalse(c.PollForSourceChanges)) {
    return {
      ...base,
      automatic: false,
      reason: 'PollForSourceChanges is false: started only by an EventBridge rule (AWS::Events::Rule) or by hand',
    };
  }
  return { ...base, automatic: true, reason: `a push to ${branch ?? '(no branch)'} (PollForSourceChanges)` };
}
