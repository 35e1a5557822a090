/**
 * `codelocal pipeline state PIPELINE [--json]` (GetPipelineState): each stage's latest execution,
 * the executions waiting in front of it and its inbound transition (docs/aws/codepipeline.md §12).
 */
import type { Command } from 'commander';
import { paint, printJson } from '../output.js';
import { addOptions, fillOptions, type CliOptionTable } from '../option-table.js';
import { jsonOption, stateDirOption } from './common-options.js';

interface StateCliOptions {
  stateDir?: string;
  json?: boolean;
}

export const STATE_OPTIONS: CliOptionTable<StateCliOptions> = [
  stateDirOption(),
  jsonOption('print {pipelineName, pipelineVersion, stageStates} as get-pipeline-state does'),
];

export function registerState(pipeline: Command): void {
  const cmd = pipeline
    .command('state')
    .description('Show each stage: latest execution, executions waiting in front of it, its inbound transition')
    .argument('<pipeline>', "the pipeline's name");
  addOptions(cmd, STATE_OPTIONS)
    .addHelpText('after', '\nExample:\n  codelocal pipeline state my-pipeline --json\n')
    .action(async (name: string, raw: Record<string, unknown>) => {
      const o = fillOptions<StateCliOptions>(STATE_OPTIONS, raw, {});
      const { pipelineState } = await import('../../api/pipeline-state.js');
      const state = pipelineState({ pipeline: name, stateDir: o.stateDir });
      if (o.json) return printJson(state);
      const lines = [paint(`pipeline ${state.pipelineName}`, 'bold')];
      for (const s of state.stageStates) {
        const t = s.inboundTransitionState;
        if (!t.enabled)
          lines.push(paint(`  ⤫ transition disabled${t.disabledReason ? `: ${t.disabledReason}` : ''}`, 'yellow'));
        for (const w of s.inboundExecutions ?? []) lines.push(`  waiting: ${w.pipelineExecutionId}`);
        const latest = s.latestExecution
          ? `${s.latestExecution.status}  ${s.latestExecution.pipelineExecutionId}`
          : '-';
        lines.push(`${s.stageName.padEnd(20)} ${latest}${s.codelocal.lockedBy ? '  (locked)' : ''}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}
