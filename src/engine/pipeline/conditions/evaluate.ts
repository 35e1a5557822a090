/**
 * Evaluating one stage condition (docs/aws/codepipeline.md §12.5): its rules run one after the
 * other (a Commands rule is a build; running them together would only compete for the two
 * cores), the condition fails when any rule fails and errs when a rule could not be evaluated.
 * The outcome is kept on the stage's state in the history and shown to the live view.
 */
import type { ConditionDeclaration } from '../../../model/index.js';
import type { ExecutionRun } from '../action-attempt.js';
import type { ConditionState } from '../history.js';
import { evaluateRule } from './rules.js';

export type ConditionKind = ConditionState['kind'];

export async function evaluateCondition(
  run: ExecutionRun,
  stage: string,
  kind: ConditionKind,
  condition: ConditionDeclaration,
  fallbackResult?: string,
): Promise<ConditionState> {
  const rules: ConditionState['rules'] = [];
  for (const rule of condition.rules) {
    const r = await evaluateRule(rule, run, `${stage}:${kind}`);
    rules.push({
      name: r.name,
      status: r.status,
      summary: r.summary,
      ...(r.errorCode ? { errorCode: r.errorCode } : {}),
    });
    run.emit({ type: 'notice', message: `${stage} ${kind} rule ${r.name}: ${r.status} (${r.summary})` });
  }
  const status = rules.some((r) => r.status === 'Errored')
    ? 'Errored'
    : rules.some((r) => r.status === 'Failed')
      ? 'Failed'
      : 'Succeeded';
  const result = condition.result ?? fallbackResult;
  return { kind, status, ...(result ? { result } : {}), rules };
}
