/**
 * `codelocal pipeline approve EXECUTION_ID Stage.Action [--reject] [--summary TEXT] [--token T]`
 * (PutApprovalResult) and `codelocal pipeline stop EXECUTION_ID [--abandon]`
 * (StopPipelineExecution), from any terminal while the run goes on in another.
 */
import type { Command } from 'commander';
// API modules are imported inside the actions (start-up time of every other command).
import { printJson } from '../output.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { jsonOption, stateDirOption } from './common-options.js';

interface ApproveCliOptions {
  status: 'Approved' | 'Rejected';
  summary?: string;
  token?: string;
  stateDir?: string;
  json?: boolean;
}

export const APPROVE_OPTIONS: CliOptionTable<ApproveCliOptions> = [
  {
    flags: '--reject',
    description: 'reject instead of approve (the action fails)',
    fill: (out, reject: boolean | undefined) => (out.status = reject ? 'Rejected' : 'Approved'),
  },
  {
    flags: '--summary <text>',
    description: 'a comment recorded with the decision (up to 512 characters)',
    fill: setField('summary'),
  },
  { flags: '--token <token>', description: 'the approval token (checked when given)', fill: setField('token') },
  stateDirOption(),
  jsonOption('print the recorded approval as JSON'),
];

export function registerApprove(pipeline: Command): void {
  const cmd = pipeline
    .command('approve')
    .description('Approve (or --reject) a Manual approval action waiting in a running execution')
    .argument('<execution-id>', 'the execution (a unique prefix is enough)')
    .argument('<stage.action>', 'the approval action, as Stage.Action');
  addOptions(cmd, APPROVE_OPTIONS).action(async (executionId: string, ref: string, raw: Record<string, unknown>) => {
    const o = fillOptions<ApproveCliOptions>(APPROVE_OPTIONS, raw, { status: 'Approved' });
    const { splitActionRef } = await import('../../api/pipeline-context.js');
    const { approvePipelineAction } = await import('../../api/pipeline.js');
    const { stage, action } = splitActionRef(ref);
    const rec = approvePipelineAction({
      executionId,
      stage,
      action,
      status: o.status,
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

export const STOP_OPTIONS: CliOptionTable<StopCliOptions> = [
  {
    flags: '--abandon',
    description: 'kill running actions instead of waiting for them (they end Abandoned)',
    fill: setField('abandon'),
  },
  { flags: '--reason <text>', description: 'recorded as the execution status summary', fill: setField('reason') },
  stateDirOption(),
];

export function registerStop(pipeline: Command): void {
  const cmd = pipeline
    .command('stop')
    .description('Stop a running execution: running actions finish (or, with --abandon, are killed)')
    .argument('<execution-id>', 'the execution (a unique prefix is enough)');
  addOptions(cmd, STOP_OPTIONS).action(async (executionId: string, raw: Record<string, unknown>) => {
    const { stopPipelineExecution } = await import('../../api/pipeline.js');
    const r = stopPipelineExecution(
      fillOptions<StopCliOptions & { executionId: string }>(STOP_OPTIONS, raw, { executionId }),
    );
    process.stdout.write(
      `execution ${r.executionId}: ${r.mode === 'abandon' ? 'stop and abandon' : 'stop and wait'} requested\n`,
    );
  });
}
