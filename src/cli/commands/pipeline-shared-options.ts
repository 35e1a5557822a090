/**
 * The options `pipeline run`, `retry` and `watch` share, declared once (vitest's cli-config is the
 * model: one row per option): each row is generic over the command's options object, which only needs
 * the field the row fills. `scope` words the help for one execution or for every execution of a watch.
 */
import type { ApprovalDecision } from '../../engine/pipeline/index.js';
import type { CliOption } from '../option-table.js';
import { assignmentRecord as parsePairs, parseMaxParallel } from '../option-values.js';

interface PipelineFields {
  variables?: Record<string, string>;
  projectFiles?: string[];
  parameterOverrides?: Record<string, string>;
  region?: string;
  maxParallel?: number;
  approvals?: Record<string, ApprovalDecision>;
  stateDir?: string;
}

export type Scope = 'run' | 'watch';
const every = (scope: Scope, one: string, all: string) => (scope === 'watch' ? all : one);

/** `--variable`, `--projects`, `--parameter-overrides`, `--region`: what a pipeline definition is read with. */
export function definitionOptions<O extends PipelineFields>(scope: Scope): CliOption<O>[] {
  return [
    {
      flags: '--variable <name=value>',
      description: `pipeline-level variable value${every(scope, '', ' for every execution')} (repeatable)`,
      repeatable: true,
      fill: (out, raw: string[]) => (out.variables = parsePairs(raw, '--variable')),
    },
    {
      flags: '--projects <file>',
      description: 'CodeBuild projects: batch-get-projects JSON or a template (repeatable)',
      repeatable: true,
      fill: (out, raw: string[]) => (out.projectFiles = raw),
    },
    {
      flags: '--parameter-overrides <K=V>',
      description: 'CloudFormation parameter value (repeatable)',
      repeatable: true,
      fill: (out, raw: string[]) => (out.parameterOverrides = parsePairs(raw, '--parameter-overrides')),
    },
    {
      flags: '--region <region>',
      description: `the ${every(scope, 'pipeline', 'pipelines')} region (default: config, else us-east-1)`,
      fill: (out, raw: string | undefined) => (out.region = raw),
    },
  ];
}

export function maxParallelOption<O extends PipelineFields>(description: string, defaultValue?: string): CliOption<O> {
  return {
    flags: '--max-parallel <n>',
    description,
    defaultValue,
    fill: (out, raw: string | undefined) => {
      if (raw !== undefined) out.maxParallel = parseMaxParallel(raw);
    },
  };
}

/** `--approve`, `--reject`, `--state-dir`. */
export function decisionOptions<O extends PipelineFields>(scope: Scope): CliOption<O>[] {
  return [
    {
      flags: '--approve <all|Stage.Action>',
      description: `approve Manual approvals ${every(scope, 'without asking', 'of every execution')} (repeatable)`,
      repeatable: true,
      fill: (out, raw: string[]) => (out.approvals = { ...out.approvals, ...parseApprovals(raw, []) }),
    },
    {
      flags: '--reject <Stage.Action>',
      description: `reject a Manual approval ${every(scope, 'without asking', 'of every execution')} (repeatable)`,
      repeatable: true,
      fill: (out, raw: string[]) => (out.approvals = { ...out.approvals, ...parseApprovals([], raw) }),
    },
    {
      flags: '--state-dir <dir>',
      description: 'state folder (default .codelocal in the project root)',
      fill: (out, raw: string | undefined) => (out.stateDir = raw),
    },
  ];
}

/** `--approve`/`--reject` values: a Stage.Action or `all` (any approval) → the decision taken without asking. */
export function parseApprovals(approve: string[], reject: string[]): Record<string, ApprovalDecision> {
  const out: Record<string, ApprovalDecision> = {};
  for (const a of approve) out[a === 'all' ? '*' : a] = { status: 'Approved', summary: 'approved with --approve' };
  for (const r of reject) out[r === 'all' ? '*' : r] = { status: 'Rejected', summary: 'rejected with --reject' };
  return out;
}
