/**
 * `codelocal pipeline run FILE` and `codelocal pipeline retry EXECUTION_ID`: run a pipeline (or
 * the rest of a failed one) with a live view, history, and Ctrl-C semantics of
 * StopPipelineExecution: the first Ctrl-C stops and waits (running actions finish, nothing new
 * starts), the second abandons (running builds are killed), a third exits at once.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { executionFailureCode, InputError, RunFailedError } from '../../errors.js';
// The engine is imported inside the actions: it is heavy, and other commands should not load it.
import type { EngineOptions, PipelineRunResult, RetryPipelineOptions, RunPipelineOptions } from '../../api/index.js';
import { planJson, type SourceOverride } from '../../plan/index.js';
// stop.js directly, not the engine's face: the face loads the whole engine and this file loads at
// every CLI start (the run itself is imported on demand).
import type { StopController } from '../../engine/pipeline/index.js';
import { EXIT_CLOSED_PIPE, onStopRequest, type StopReason } from '../../util/index.js';
import { printJson } from '../output.js';
import { liveView, type LiveView } from '../render/pipeline-live.js';
import { executionJson, renderExecution } from '../render/pipeline-execution.js';
import { renderDryRun } from '../render/pipeline-dry-run.js';
import { addOptions, fillOptions, type CliOptionTable } from '../option-table.js';
import { PARTIAL_RUN_OPTIONS } from './pipeline-partial-options.js';
import { decisionOptions, definitionOptions, maxParallelOption, parseApprovals } from './pipeline-shared-options.js';

export { parseApprovals };
import { uiForRun } from './ui.js';

/** `Action=PATH[@REF]`, `Action=@REF` (the current repository at REF) or `Action=PATH`. */
export function parseSourceFlag(item: string, cwd = process.cwd()): [string, SourceOverride] {
  const eq = item.indexOf('=');
  if (eq <= 0) throw new InputError('FLAG_INVALID', `--source expects ACTION=PATH[@REF], got '${item}'`);
  const name = item.slice(0, eq);
  const rest = item.slice(eq + 1);
  const at = rest.lastIndexOf('@');
  // A path that exists wins, so folders with '@' in their name still work.
  if (at < 0 || existsSync(rest) || existsSync(`${cwd}/${rest}`)) return [name, { path: rest }];
  const path = rest.slice(0, at);
  const revision = rest.slice(at + 1);
  return [name, { ...(path ? { path } : {}), ...(revision ? { revision } : {}) }];
}

/** A y/n question on the terminal, given up when the action stops waiting. */
function terminalPrompt(view: () => LiveView | undefined): EngineOptions['prompt'] {
  if (!process.stdin.isTTY) return undefined;
  return (question, signal) =>
    new Promise((resolve) => {
      view()?.suspend();
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const finish = (answer: boolean | undefined) => {
        signal.removeEventListener('abort', onAbort);
        rl.close();
        view()?.resume();
        resolve(answer);
      };
      const onAbort = () => finish(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      const ask = () =>
        rl.question(question, (a) => {
          if (/^y(es)?$/i.test(a.trim())) finish(true);
          else if (/^no?$/i.test(a.trim())) finish(false);
          else ask();
        });
      ask();
    });
}

type Ending = 'SIGINT' | 'SIGTERM' | StopReason;
const ENDING_EXIT: Record<Ending, number> = { SIGINT: 130, SIGTERM: 143, SIGPIPE: EXIT_CLOSED_PIPE };

/**
 * SIGINT → stop and wait, then abandon, then exit. SIGTERM and a closed stdout abandon at once:
 * SIGTERM is what service managers and `timeout` send shortly before a SIGKILL, and nobody reads a
 * closed pipe, so waiting for running actions would only end in a kill (docs/endings.md).
 * Returns the uninstaller and the first ending seen (the run then exits with its code).
 */
function installStopSignals(stop: StopController, say: (m: string) => void) {
  let count = 0;
  let first: Ending | undefined;
  const handler = (signal: Ending) => {
    count++;
    first ??= signal;
    const abandonNow = signal !== 'SIGINT';
    if (count === 1 && !abandonNow) {
      say(`${signal}: stopping — running actions finish, nothing new starts (again to abandon them)`);
      stop.request(false, '', `Stopped by ${signal}`);
    } else if (count === 1 || (count === 2 && !abandonNow)) {
      say(`${signal}: abandoning running actions (their containers are killed; again to exit at once)`);
      stop.request(true, '', `Stopped and abandoned by ${signal === 'SIGPIPE' ? 'a closed output' : signal}`);
    } else {
      process.exit(ENDING_EXIT[signal]);
    }
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

/** Runs `start` with a live view, signals and the final report; exit 1 unless it Succeeded. */
export async function runWithView(
  json: boolean,
  start: (o: EngineOptions) => Promise<PipelineRunResult>,
  extra: Partial<EngineOptions>,
): Promise<void> {
  const { StopController: Stop } = await import('../../engine/pipeline/stop.js');
  const stop = new Stop();
  let view: LiveView | undefined;
  const say = (m: string) => (view ? view.onEvent({ type: 'notice', message: m }) : process.stderr.write(m + '\n'));
  const signals = installStopSignals(stop, say);
  let result: PipelineRunResult;
  try {
    result = await start({
      ...extra,
      stop,
      prompt: json ? undefined : terminalPrompt(() => view),
      onStart: (id, p) => {
        view = liveView(p, json);
        extra.onStart?.(id, p);
      },
      onEvent: (e) => view?.onEvent(e),
    });
  } finally {
    view?.close();
    signals.uninstall();
  }
  const v = result.execution;
  // get-pipeline-execution's {pipelineExecution} + list-action-executions' {actionExecutionDetails} (docs/json-output.md).
  if (json) printJson(executionJson(v));
  else process.stdout.write('\n' + renderExecution(v, { logsDir: result.logsDir, stream: process.stdout }));
  const endedBy = signals.endedBy();
  if (endedBy) {
    // Stopped by a signal or a closed stdout: its conventional code, as a build's run reports it.
    process.exitCode = ENDING_EXIT[endedBy];
    return;
  }
  if (v.status !== 'Succeeded') {
    throw new RunFailedError(
      executionFailureCode(v.status),
      `pipeline ${v.pipelineName} execution ${v.pipelineExecutionId} ${v.status}${v.statusSummary ? `: ${v.statusSummary}` : ''}`,
      v,
    );
  }
}

type PipelineCliOptions = Partial<RunPipelineOptions & RetryPipelineOptions>;

const RUN_OPTIONS: CliOptionTable<PipelineCliOptions> = [
  {
    flags: '--source <action=path[@ref]>',
    description:
      'read a source action from this local repository/file, at REF; REF WORKTREE = uncommitted files as they are (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.sourceOverrides = Object.fromEntries(raw.map((s) => parseSourceFlag(s)))),
  },
  ...definitionOptions<PipelineCliOptions>('run'),
  ...PARTIAL_RUN_OPTIONS,
  maxParallelOption('actions running at once', '4'),
  ...decisionOptions<PipelineCliOptions>('run'),
  {
    flags: '--json',
    description:
      'print {pipelineExecution, actionExecutionDetails} as get-pipeline-execution + list-action-executions; progress on stderr',
  },
  { flags: '--dry-run', description: 'print the plan with resolved configuration and exit' },
  { flags: '--ui', description: 'serve the web view (codelocal ui) while it runs and open this execution in it' },
];

const RETRY_OPTIONS: CliOptionTable<PipelineCliOptions> = [
  {
    flags: '--all',
    description: 'retry every action of the stage (ALL_ACTIONS), not only the failed ones (FAILED_ACTIONS)',
    fill: (out, raw: boolean | undefined) => (out.retryMode = raw ? 'ALL_ACTIONS' : 'FAILED_ACTIONS'),
  },
  maxParallelOption('actions running at once (default: as the first run)'),
  ...decisionOptions<PipelineCliOptions>('run'),
  { flags: '--json', description: 'print {pipelineExecution, actionExecutionDetails}, as for run' },
];

function registerRun(pipeline: Command): void {
  const cmd = pipeline
    .command('run')
    .description('Run a pipeline locally: sources from local git, CodeBuild in containers, history in the state folder')
    .argument('<file>', 'get-pipeline JSON, or a CloudFormation template (template.yaml#LogicalId)');
  addOptions(cmd, RUN_OPTIONS)
    .addHelpText(
      'after',
      `
Examples:
  codelocal pipeline run pipeline.json
  codelocal pipeline run pipeline.json --source Source=../app@feature --variable Env=dev
  codelocal pipeline run pipeline.json --source Source=.@WORKTREE     # before you commit
  codelocal pipeline run template.yaml#Pipeline --projects projects.json --approve all --json
  codelocal pipeline run pipeline.json --skip Deploy.DeployToProd --until Test
  codelocal pipeline run pipeline.json --ui          # follow (and approve) it in the browser
`,
    )
    .action(async (file: string, raw: { json?: boolean; dryRun?: boolean; ui?: boolean } & Record<string, unknown>) => {
      const { maxParallel, approvals, ...common } = fillOptions<PipelineCliOptions>(RUN_OPTIONS, raw, { file });
      if (raw.dryRun) {
        const { dryRunPipeline } = await import('../../api/pipeline-dry-run.js');
        const d = dryRunPipeline({ ...common, file });
        if (raw.json) printJson({ ...d, plan: planJson(d.plan) });
        else process.stdout.write(renderDryRun(d));
        return;
      }
      const { runPipeline } = await import('../../api/pipeline.js');
      const ui = raw.ui ? await uiForRun(common.stateDir) : undefined;
      try {
        await runWithView(Boolean(raw.json), (engine) => runPipeline({ ...common, file, ...engine }), {
          maxParallel,
          approvals,
          ...(ui ? { onStart: ui.onStart } : {}),
        });
      } finally {
        await ui?.close();
      }
    });
}

function registerRetry(pipeline: Command): void {
  const cmd = pipeline
    .command('retry')
    .description('Retry the failed stage of an execution (same execution id), then run the later stages')
    .argument('<execution-id>', 'the execution (a unique prefix is enough)');
  addOptions(cmd, RETRY_OPTIONS).action(
    async (executionId: string, raw: { json?: boolean } & Record<string, unknown>) => {
      const { maxParallel, approvals, ...rest } = fillOptions<PipelineCliOptions>(RETRY_OPTIONS, raw, {});
      const { retryPipeline } = await import('../../api/pipeline.js');
      await runWithView(
        Boolean(raw.json),
        (engine) => retryPipeline({ ...engine, executionId, retryMode: rest.retryMode, stateDir: rest.stateDir }),
        { ...(maxParallel ? { maxParallel } : {}), approvals },
      );
    },
  );
}

export { registerRun, registerRetry };
