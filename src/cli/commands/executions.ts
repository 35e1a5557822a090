/**
 * `codelocal executions list|show|logs`: pipeline execution history kept in the state folder,
 * across runs and terminals. A run whose process vanished shows as Failed and says so.
 */
import type { Command } from 'commander';
// The history API (SQLite) is imported inside the actions: start-up time of every other command.
import { printJson } from '../output.js';
import { renderExecution, renderExecutionList } from '../render/pipeline-execution.js';

interface Common {
  stateDir?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const executions = program.command('executions').description('Pipeline execution history: list, show, logs');
  executions
    .command('list')
    .description('Recorded pipeline executions, newest first')
    .option('--pipeline <name>', 'only this pipeline')
    .option('--limit <n>', 'at most this many', '50')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option('--json', 'print as JSON (pipelineExecutionSummaries)')
    .action(async (o: Common & { pipeline?: string; limit: string }) => {
      const { listExecutions } = await import('../../api/executions.js');
      const list = listExecutions({ pipeline: o.pipeline, limit: Number(o.limit) || 50, stateDir: o.stateDir });
      if (o.json) printJson({ pipelineExecutionSummaries: list });
      else process.stdout.write(renderExecutionList(list));
    });
  executions
    .command('show')
    .description('One execution: stages, actions, variables, artifacts')
    .argument('<execution-id>', 'the execution (a unique prefix is enough)')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option('--json', 'GetPipelineExecution.pipelineExecution plus actionExecutionDetails (ListActionExecutions)')
    .action(async (executionId: string, o: Common) => {
      const { getExecution } = await import('../../api/executions.js');
      const v = getExecution({ executionId, stateDir: o.stateDir });
      if (o.json) printJson(v);
      else process.stdout.write(renderExecution(v, { stream: process.stdout }));
    });
  executions
    .command('logs')
    .description("Print the saved logs of an execution's actions (all, or one Stage.Action)")
    .argument('<execution-id>', 'the execution (a unique prefix is enough)')
    .argument('[stage.action]', 'only this action')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .action(async (executionId: string, action: string | undefined, o: Common) => {
      const { executionLogs } = await import('../../api/executions.js');
      const logs = executionLogs({ executionId, action, stateDir: o.stateDir });
      for (const l of logs) {
        if (!action || logs.length > 1)
          process.stdout.write(`==> ${l.stage}.${l.action}${l.attempt > 1 ? ` (attempt ${l.attempt})` : ''} <==\n`);
        process.stdout.write(l.text.endsWith('\n') || l.text === '' ? l.text : l.text + '\n');
      }
    });
}
