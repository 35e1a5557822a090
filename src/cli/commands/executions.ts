/**
 * `codelocal executions list|show|logs`: pipeline execution and build history kept in the state
 * folder, across runs and terminals. A run whose process vanished shows as Failed and says so.
 * `--json` prints what the AWS CLI prints for the matching call (list-pipeline-executions,
 * get-pipeline-execution + list-action-executions, list-builds, batch-get-builds).
 */
import type { Command } from 'commander';
// The history API (SQLite) is imported inside the actions: start-up time of every other command.
import { printJson } from '../output.js';
import { executionJson, renderBuildList, renderExecution, renderExecutionList } from '../render/pipeline-execution.js';
import { renderBuildSummary } from '../render/build-summary.js';
import type { Build } from '../../engine/codebuild/index.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { jsonOption, stateDirOption } from './common-options.js';

interface Common {
  stateDir?: string;
  json?: boolean;
}

interface ListCliOptions extends Common {
  pipeline?: string;
  builds?: boolean;
  project?: string;
  limit: number;
}

export const LIST_OPTIONS: CliOptionTable<ListCliOptions> = [
  { flags: '--pipeline <name>', description: 'only this pipeline', fill: setField('pipeline') },
  {
    flags: '--builds',
    description: 'list builds instead (plain, batch members and pipeline actions)',
    fill: setField('builds'),
  },
  { flags: '--project <name>', description: 'with --builds: only this project', fill: setField('project') },
  {
    flags: '--limit <n>',
    description: 'at most this many',
    defaultValue: '50',
    // Anything that is not a count above 0 means the default, as it always has.
    fill: (out, raw: string) => (out.limit = Number(raw) || 50),
  },
  stateDirOption(),
  jsonOption('as the AWS CLI prints it: {pipelineExecutionSummaries} (--builds: list-builds {ids})'),
];

export const SHOW_OPTIONS: CliOptionTable<Common> = [
  stateDirOption(),
  jsonOption(
    'as the AWS CLI prints it: {pipelineExecution, actionExecutionDetails} (a build: batch-get-builds {builds, buildsNotFound})',
  ),
];

export const LOGS_OPTIONS: CliOptionTable<Common> = [stateDirOption()];

export function register(program: Command): void {
  const executions = program
    .command('executions')
    .description('Pipeline execution and build history: list, show, logs');
  const listCmd = executions
    .command('list')
    .description('Recorded pipeline executions (or builds, with --builds), newest first');
  addOptions(listCmd, LIST_OPTIONS).action(async (raw: Record<string, unknown>) => {
    const o = fillOptions<ListCliOptions>(LIST_OPTIONS, raw, { limit: 50 });
    const api = await import('../../api/executions.js');
    const limit = o.limit;
    if (o.builds) {
      const builds = api.listBuilds({ project: o.project, limit, stateDir: o.stateDir });
      if (o.json) printJson({ ids: builds.map((b) => b.id) });
      else process.stdout.write(renderBuildList(builds));
      return;
    }
    const list = api.listExecutions({ pipeline: o.pipeline, limit, stateDir: o.stateDir });
    if (o.json) printJson({ pipelineExecutionSummaries: list });
    else process.stdout.write(renderExecutionList(list));
  });
  const showCmd = executions
    .command('show')
    .description('One pipeline execution (stages, actions, variables, artifacts) or one build')
    .argument('<id>', 'a pipeline execution id or a build id (a unique prefix is enough)');
  addOptions(showCmd, SHOW_OPTIONS).action(async (id: string, raw: Record<string, unknown>) => {
    const o = fillOptions<Common>(SHOW_OPTIONS, raw, {});
    const api = await import('../../api/executions.js');
    if (!api.isPipelineExecution({ executionId: id, stateDir: o.stateDir })) {
      const found = api.getBuilds({ ids: [id], stateDir: o.stateDir });
      if (found.builds.length > 0) {
        if (o.json) printJson(found);
        else process.stdout.write(renderBuildSummary(found.builds[0] as Build, process.stdout));
        return;
      }
    }
    const v = api.getExecution({ executionId: id, stateDir: o.stateDir });
    if (o.json) printJson(executionJson(v));
    else process.stdout.write(renderExecution(v, { stream: process.stdout }));
  });
  const logsCmd = executions
    .command('logs')
    .description("Print the saved logs of an execution's actions (all, or one Stage.Action)")
    .argument('<execution-id>', 'the execution (a unique prefix is enough)')
    .argument('[stage.action]', 'only this action');
  addOptions(logsCmd, LOGS_OPTIONS).action(
    async (executionId: string, action: string | undefined, raw: Record<string, unknown>) => {
      const o = fillOptions<Common>(LOGS_OPTIONS, raw, {});
      const { executionLogs } = await import('../../api/executions.js');
      const logs = executionLogs({ executionId, action, stateDir: o.stateDir });
      for (const l of logs) {
        if (!action || logs.length > 1)
          process.stdout.write(`==> ${l.stage}.${l.action}${l.attempt > 1 ? ` (attempt ${l.attempt})` : ''} <==\n`);
        process.stdout.write(l.text.endsWith('\n') || l.text === '' ? l.text : l.text + '\n');
      }
    },
  );
}
