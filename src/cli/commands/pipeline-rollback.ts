/**
 * `codelocal pipeline rollback-stage PIPELINE STAGE --target-execution ID` (RollbackStage): a new
 * ROLLBACK execution re-runs the stage with the target execution's source revisions, artifacts and
 * variables (docs/aws/codepipeline.md §12.7), shown live like `pipeline run`.
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { parseMaxParallel } from '../option-values.js';
import { jsonOption, stateDirOption } from './common-options.js';
import { runWithView } from './pipeline-run.js';

interface RollbackCliOptions {
  targetExecution?: string;
  maxParallel?: number;
  stateDir?: string;
  json?: boolean;
}

export const ROLLBACK_OPTIONS: CliOptionTable<RollbackCliOptions> = [
  {
    flags: '--target-execution <id>',
    description: 'the execution to roll back to: one that succeeded in the stage (a unique prefix is enough)',
    fill: setField('targetExecution'),
  },
  {
    flags: '--max-parallel <n>',
    description: 'actions running at once (default: as the target ran)',
    fill: (out, raw: string | undefined) => {
      if (raw !== undefined) out.maxParallel = parseMaxParallel(raw);
    },
  },
  stateDirOption(),
  jsonOption('print {pipelineExecution, actionExecutionDetails} of the rollback execution'),
];

export function registerRollback(pipeline: Command): void {
  const cmd = pipeline
    .command('rollback-stage')
    .description("Roll a stage back to an earlier execution's revisions (a new ROLLBACK execution)")
    .argument('<pipeline>', "the pipeline's name")
    .argument('<stage>', 'the stage to roll back (not the source stage)');
  addOptions(cmd, ROLLBACK_OPTIONS)
    .addHelpText(
      'after',
      `
Example:
  codelocal pipeline rollback-stage my-pipeline Deploy --target-execution 3f2a
`,
    )
    .action(async (pipelineName: string, stage: string, raw: Record<string, unknown>) => {
      const o = fillOptions<RollbackCliOptions>(ROLLBACK_OPTIONS, raw, {});
      if (!o.targetExecution) {
        throw new InputError('FLAG_INVALID', '--target-execution ID is required: the execution to roll back to', {
          details: ['codelocal executions list shows the recorded executions'],
        });
      }
      const target = o.targetExecution;
      const { rollbackStage } = await import('../../api/pipeline-rollback.js');
      await runWithView(
        Boolean(o.json),
        (e) => rollbackStage({ ...e, pipeline: pipelineName, stage, targetExecutionId: target }),
        { stateDir: o.stateDir, ...(o.maxParallel ? { maxParallel: o.maxParallel } : {}) },
      );
    });
}
