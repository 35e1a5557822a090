/** Small constructors so each rule file reads as data plus its check. */
import type { BuildspecRule, FileKind, PassiveRule, PipelineRule, RuleMeta } from '../types.js';

type Meta = Omit<RuleMeta, 'origin'> & { origin?: RuleMeta['origin'] };

export function passive(meta: Meta): PassiveRule {
  return { origin: 'validator', ...meta, target: 'none' };
}

/** With `checkTemplate`, the rule also reports on CloudFormation templates (their CodeBuild projects). */
export function buildspecRule(
  meta: Omit<Meta, 'kinds'>,
  check: BuildspecRule['check'],
  checkTemplate?: BuildspecRule['checkTemplate'],
): BuildspecRule {
  const kinds: FileKind[] = checkTemplate ? ['buildspec', 'template'] : ['buildspec'];
  return { origin: 'lint', kinds, ...meta, target: 'buildspec', check, ...(checkTemplate ? { checkTemplate } : {}) };
}

export function pipelineRule(meta: Omit<Meta, 'kinds'>, check: PipelineRule['check']): PipelineRule {
  return { origin: 'lint', kinds: ['pipeline', 'template'], ...meta, target: 'pipeline', check };
}
