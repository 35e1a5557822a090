/** Small constructors so each rule file reads as data plus its check. */
import type { BuildspecRule, PassiveRule, PipelineRule, RuleMeta } from '../types.js';

type Meta = Omit<RuleMeta, 'origin'> & { origin?: RuleMeta['origin'] };

export function passive(meta: Meta): PassiveRule {
  return { origin: 'validator', ...meta, target: 'none' };
}

export function buildspecRule(meta: Omit<Meta, 'kinds'>, check: BuildspecRule['check']): BuildspecRule {
  return { origin: 'lint', kinds: ['buildspec'], ...meta, target: 'buildspec', check };
}

export function pipelineRule(meta: Omit<Meta, 'kinds'>, check: PipelineRule['check']): PipelineRule {
  return { origin: 'lint', kinds: ['pipeline', 'template'], ...meta, target: 'pipeline', check };
}
