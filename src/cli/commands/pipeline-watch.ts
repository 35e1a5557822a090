/**
 * `codelocal pipeline watch FILE...`: pipelines that react. Watches the sources of one or several
 * pipelines (git refs, local registry pushes, local S3 objects, the template's AWS::Events::Rule
 * routes) and starts an execution for each event that would start one on AWS, until stopped.
 * Endings follow `pipeline run` (docs/endings.md): the first Ctrl-C ends the watch and stops running
 * executions, waiting for their running actions; a second Ctrl-C, SIGTERM or a closed stdout
 * abandons them (containers killed); a third Ctrl-C exits at once.
 */
import type { Command } from 'commander';
import type { WatchPipelinesOptions } from '../../api/index.js';
import { EXIT_CLOSED_PIPE, onStopRequest, type StopReason } from '../../util/index.js';
import { addOptions, fillOptions, type CliOptionTable } from '../option-table.js';
import { assignmentRecord as parsePairs } from '../option-values.js';
import { decisionOptions, definitionOptions, maxParallelOption } from './pipeline-shared-options.js';

type WatchCliOptions = Partial<WatchPipelinesOptions>;

const WATCH_OPTIONS: CliOptionTable<WatchCliOptions> = [
  {
    flags: '--source <action=path>',
    description: 'read a source action from this local repository/file (watched there) (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) =>
      (out.sourceOverrides = Object.fromEntries(
        Object.entries(parsePairs(raw, '--source')).map(([k, path]) => [k, { path }]),
      )),
  },
  ...definitionOptions<WatchCliOptions>('watch'),
  maxParallelOption('actions running at once in each execution', '4'),
  ...decisionOptions<WatchCliOptions>('watch'),
];

type Ending = 'SIGINT' | 'SIGTERM' | StopReason;
const ENDING_EXIT: Record<Ending, number> = { SIGINT: 130, SIGTERM: 143, SIGPIPE: EXIT_CLOSED_PIPE };

/** SIGINT: end + stop-and-wait, then abandon, then exit; SIGTERM and a closed stdout: end + abandon. */
function installSignals(end: AbortController, abandon: AbortController, say: (m: string) => void) {
  let count = 0;
  let first: Ending | undefined;
  const handler = (signal: Ending) => {
    count++;
    first ??= signal;
    if (count === 1 && signal === 'SIGINT') {
      say(`${signal}: watch ended — running executions stop after their running actions (again to abandon them)`);
      end.abort();
    } else if (count === 1 || (count === 2 && signal === 'SIGINT')) {
      say(`${signal}: watch ended — abandoning running actions (their containers are killed)`);
      end.abort();
      abandon.abort();
    } else process.exit(ENDING_EXIT[signal]);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  const offStop = onStopRequest(handler);
  return {
    endedBy: () => first,
    uninstall: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      offStop();
    },
  };
}

export function registerWatch(pipeline: Command): void {
  const cmd = pipeline
    .command('watch')
    .description(
      'Watch pipelines\u2019 sources and start an execution whenever AWS would (git push, image push, S3 object, EventBridge rule)',
    )
    .argument('<files...>', 'get-pipeline JSON files or CloudFormation templates (template.yaml#LogicalId)');
  addOptions(cmd, WATCH_OPTIONS)
    .addHelpText(
      'after',
      `
Examples:
  codelocal pipeline watch pipeline.json                      # commit on the source branch -> a run
  codelocal pipeline watch build.json deploy.json --approve all
  codelocal pipeline watch template.yaml#PipelineA template.yaml#PipelineB   # AWS::Events::Rule routes too
  codelocal pipeline watch pipeline.json --source Source=../app
`,
    )
    .action(async (files: string[], raw: Record<string, unknown>) => {
      const options = fillOptions<WatchCliOptions>(WATCH_OPTIONS, raw, {});
      const end = new AbortController();
      const abandon = new AbortController();
      const { watchReporter } = await import('../render/watch-lines.js');
      const report = watchReporter((line) => process.stdout.write(line + '\n'));
      const signals = installSignals(end, abandon, report.say);
      const { watchPipelines } = await import('../../api/index.js');
      try {
        await watchPipelines({ ...options, files, signal: end.signal, abandon: abandon.signal, ...report.hooks });
      } finally {
        signals.uninstall();
      }
      const endedBy = signals.endedBy();
      if (endedBy) process.exitCode = ENDING_EXIT[endedBy];
    });
}
