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

interface Common {
  stateDir?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const executions = program
    .command('executions')
    .description('Pipeline execution and build history: list, show, logs');
  executions
    .command('list')
    .description('Recorded pipeline executions (or builds, with --builds), newest first')
    .option('--pipeline <name>', 'only this pipeline')
    .option('--builds', 'list builds instead (plain, batch members and pipeline actions)')
    .option('--project <name>', 'with --builds: only this project')
    .option('--limit <n>', 'at most this many', '50')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option('--json', 'as the AWS CLI prints it: {pipelineExecutionSummaries} (--builds: list-builds {ids})')
    .action(async (o: Common & { pipeline?: string; limit: string; builds?: boolean; project?: string }) => {
      const api = await import('../../api/executions.js');
      const limit = Number(o.limit) || 50;
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
  executions
    .command('show')
    .description('One pipeline execution (stages, actions, variables, artifacts) or one build')
    .argument('<id>', 'a pipeline execution id or a build id (a unique prefix is enough)')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option(
      '--json',
      'as the AWS CLI prints it: {pipelineExecution, actionExecutionDetails} (a build: batch-get-builds {builds, buildsNotFound})',
    )
    .action(async (id: string, o: Common) => {
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
