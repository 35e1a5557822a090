/**
 * The Docker-free steps of each item: `lint` (its findings; an error fails the item) and `plan`, the
 * plan `build --dry-run` prints for a buildspec (with its project's settings) and `pipeline plan`
 * prints for a pipeline, so check fails exactly where those commands would refuse.
 */
import { CodelocalError, ValidationError } from '../../errors.js';
import type { Finding } from '../../lint/index.js';
import { planBuild } from '../build.js';
import { planPipelineFile } from '../pipeline-plan.js';
import { pipelineRefs } from './pipeline-refs.js';
import type { CheckItem, CheckItemResult, CheckOptions, CheckStep } from './types.js';

function describe(e: unknown): string {
  if (e instanceof ValidationError) return e.problems.map((p) => p.describe()).join('\n');
  if (e instanceof CodelocalError) return e.describe();
  return (e as Error).message ?? String(e);
}

function lintStep(findings: Finding[]): { step: CheckStep; failure?: string } {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const detail = `${errors.length} error(s), ${warnings} warning(s)`;
  const failure = errors.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.ruleId}]`).join('\n');
  return {
    step: { name: 'lint', status: errors.length ? 'failed' : 'passed', durationMs: 0, detail },
    failure: errors.length ? failure : undefined,
  };
}

async function planDetail(item: CheckItem, options: CheckOptions, cwd: string): Promise<string | undefined> {
  if (item.kind === 'buildspec') {
    const plan = await planBuild({
      sourceDir: item.sourceRoot!,
      buildspec: item.buildspec,
      project: item.project,
      stateDir: options.stateDir,
      stubFiles: options.stubFiles,
      imageMap: options.imageMap,
    });
    const commands = plan.phases.reduce((n, p) => n + p.commands.length + p.finally.length, 0);
    return `${plan.phases.length} phase(s), ${commands} command(s) on ${plan.image.local}`;
  }
  const refs = pipelineRefs(item);
  if (refs.length === 0) return undefined;
  return refs
    .map((ref) => {
      const plan = planPipelineFile(ref, { cwd, stateDir: options.stateDir });
      const actions = plan.stages.reduce((n, s) => n + s.groups.reduce((m, g) => m + g.actions.length, 0), 0);
      const name = refs.length > 1 ? `${plan.pipelineName}: ` : '';
      return `${name}${plan.stages.length} stage(s), ${actions} action(s)`;
    })
    .join('; ');
}

/** Lint and plan one item; the result is final unless `--run` builds it next. */
export async function checkStatically(
  item: CheckItem,
  findings: Finding[],
  options: CheckOptions,
  cwd: string,
): Promise<CheckItemResult> {
  const start = Date.now();
  const linted = lintStep(findings);
  const result: CheckItemResult = {
    item,
    status: linted.failure ? 'failed' : 'passed',
    steps: [linted.step],
    findings,
    failure: linted.failure,
    durationMs: 0,
  };
  const planStart = Date.now();
  try {
    const detail = await planDetail(item, options, cwd);
    if (detail !== undefined)
      result.steps.push({ name: 'plan', status: 'passed', durationMs: Date.now() - planStart, detail });
  } catch (e) {
    const why = describe(e);
    result.steps.push({
      name: 'plan',
      status: 'failed',
      durationMs: Date.now() - planStart,
      detail: why.split('\n')[0],
    });
    // A lint error is usually the same problem the planner refuses: its summary is kept, not repeated.
    result.failure ??= why;
    result.status = 'failed';
  }
  result.durationMs = Date.now() - start;
  return result;
}
