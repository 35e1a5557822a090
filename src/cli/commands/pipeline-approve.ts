/**
 * `codelocal pipeline approve EXECUTION_ID Stage.Action [--reject] [--summary TEXT] [--token T]`
 * (PutApprovalResult) and `codelocal pipeline stop EXECUTION_ID [--abandon]`
 * (StopPipelineExecution), from any terminal while the run goes on in another.
 */
import type { Command } from 'commander';
// API modules are imported inside the actions (start-up time of every other command).
import { printJson } from '../output.js';

interface ApproveCliOptions {
  reject?: boolean;
  summary?: string;
  token?: string;
  stateDir?: string;
  json?: boolean;
}

export function registerApprove(pipeline: Command): void {
  pipeline
    .command('approve')
    .description('Approve (or --reject) a Manual approval action waiting in a running execution')
    .argument('<execution-id>', 'the execution (a unique prefix is enough)')
    .argument('<stage.action>', 'the approval action, as Stage.Action')
    .option('--reject', 'reject instead of approve (the action fails)')
    .option('--summary <text>', 'a comment recorded with the decision (up to 512 characters)')
    .option('--token <token>', 'the approval token (checked when given)')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option('--json', 'print the recorded approval as JSON')
    .action(async (executionId: string, ref: string, o: ApproveCliOptions) => {
      const { splitActionRef } = await import('../../api/pipeline-context.js');
      const { approvePipelineAction } = await import('../../api/pipeline.js');
      const { stage, action } = splitActionRef(ref);
      const rec = approvePipelineAction({
        executionId,
        stage,
        action,
        status: o.reject ? 'Rejected' : 'Approved',
        summary: o.summary,
        token: o.token,
        stateDir: o.stateDir,
      });
      if (o.json)
        printJson({ approvedAt: rec.decidedTime ? new Date(rec.decidedTime).toISOString() : undefined, ...rec });
      else process.stdout.write(`${rec.status.toLowerCase()} ${stage}.${action} of execution ${rec.executionId}\n`);
    });
}

interface StopCliOptions {
  abandon?: boolean;
  reason?: string;
  stateDir?: string;
}

export function registerStop(pipeline: Command): void {
  pipeline
    .command('stop')
    .description('Stop a running execution: running actions finish (or, with --abandon, are killed)')
    .argument('<execution-id>', 'the execution (a unique prefix is enough)')
    .option('--abandon', 'kill running actions instead of waiting for them (they end Abandoned)')
    .option('--reason <text>', 'recorded as the execution status summary')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .action(async (executionId: string, o: StopCliOptions) => {
      const { stopPipelineExecution } = await import('../../api/pipeline.js');
      const r = stopPipelineExecution({ executionId, abandon: o.abandon, reason: o.reason, stateDir: o.stateDir });
      process.stdout.write(
        `execution ${r.executionId}: ${r.mode === 'abandon' ? 'stop and abandon' : 'stop and wait'} requested\n`,
      );
    });
}
