/**
 * `codelocal pipeline transition disable|enable PIPELINE STAGE [--reason TEXT]`
 * (DisableStageTransition / EnableStageTransition, inbound): executions arriving at a disabled
 * transition wait in front of the stage until it is enabled (docs/aws/codepipeline.md §12.4).
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { printJson } from '../output.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { jsonOption, stateDirOption } from './common-options.js';

interface TransitionCliOptions {
  reason?: string;
  stateDir?: string;
  json?: boolean;
}

export const TRANSITION_OPTIONS: CliOptionTable<TransitionCliOptions> = [
  {
    flags: '--reason <text>',
    description: 'why (required to disable; 1-300 characters of letters, digits, spaces and !@().*?-)',
    fill: setField('reason'),
  },
  stateDirOption(),
  jsonOption('print the transition state as JSON (GetPipelineState inboundTransitionState)'),
];

export function registerTransition(pipeline: Command): void {
  const cmd = pipeline
    .command('transition')
    .description('Disable or enable the inbound transition of a stage (executions wait in front of it)')
    .argument('<disable|enable>', 'what to do')
    .argument('<pipeline>', "the pipeline's name, or its file")
    .argument('<stage>', 'the stage whose inbound transition changes');
  addOptions(cmd, TRANSITION_OPTIONS).action(
    async (what: string, pipelineRef: string, stage: string, raw: Record<string, unknown>) => {
      if (what !== 'disable' && what !== 'enable') {
        throw new InputError('FLAG_INVALID', `expected disable or enable, got '${what}'`);
      }
      const o = fillOptions<TransitionCliOptions>(TRANSITION_OPTIONS, raw, {});
      const { setStageTransition } = await import('../../api/pipeline-transition.js');
      const t = setStageTransition({
        pipeline: pipelineRef,
        stage,
        enabled: what === 'enable',
        reason: o.reason,
        stateDir: o.stateDir,
      });
      if (o.json) {
        printJson({
          enabled: t.enabled,
          ...(t.lastChangedBy ? { lastChangedBy: t.lastChangedBy } : {}),
          ...(t.lastChangedAt ? { lastChangedAt: new Date(t.lastChangedAt).toISOString() } : {}),
          ...(t.disabledReason ? { disabledReason: t.disabledReason } : {}),
        });
      } else {
        const why = t.disabledReason ? ` (${t.disabledReason})` : '';
        process.stdout.write(`${t.pipeline}: inbound transition of ${stage} ${what}d${why}\n`);
      }
    },
  );
}
