/**
 * `codelocal pipeline run FILE` and `codelocal pipeline retry EXECUTION_ID`: run a pipeline (or
 * the rest of a failed one) with a live view, history, and Ctrl-C semantics of
 * StopPipelineExecution: the first Ctrl-C stops and waits (running actions finish, nothing new
 * starts), the second abandons (running builds are killed), a third exits at once.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { InputError, RunFailedError } from '../../errors.js';
// The engine is imported inside the actions: it is heavy, and other commands should not load it.
import type { EngineOptions, PipelineRunResult } from '../../api/pipeline.js';
import type { SourceOverride } from '../../plan/pipeline-plan.js';
import { StopController } from '../../engine/pipeline/stop.js';
import type { ApprovalDecision } from '../../engine/pipeline/types.js';
import { printJson } from '../output.js';
import { liveView, type LiveView } from '../render/pipeline-live.js';
import { renderExecution } from '../render/pipeline-execution.js';
import { renderDryRun } from '../render/pipeline-dry-run.js';
import { parsePairs } from './pipeline.js';
import { collect, parseMaxParallel } from '../option-values.js';

interface RunCliOptions {
  variable: string[];
  source: string[];
  projects: string[];
  parameterOverrides: string[];
  region?: string;
  maxParallel: string;
  approve: string[];
  reject: string[];
  stateDir?: string;
  json?: boolean;
  dryRun?: boolean;
}

/** `Action=PATH[@REF]`, `Action=@REF` (the current repository at REF) or `Action=PATH`. */
export function parseSourceFlag(item: string, cwd = process.cwd()): [string, SourceOverride] {
  const eq = item.indexOf('=');
  if (eq <= 0) throw new InputError('BAD_FLAG', `--source expects ACTION=PATH[@REF], got '${item}'`);
  const name = item.slice(0, eq);
  const rest = item.slice(eq + 1);
  const at = rest.lastIndexOf('@');
  // A path that exists wins, so folders with '@' in their name still work.
  if (at < 0 || existsSync(rest) || existsSync(`${cwd}/${rest}`)) return [name, { path: rest }];
  const path = rest.slice(0, at);
  const revision = rest.slice(at + 1);
  return [name, { ...(path ? { path } : {}), ...(revision ? { revision } : {}) }];
}

export function parseApprovals(approve: string[], reject: string[]): Record<string, ApprovalDecision> {
  const out: Record<string, ApprovalDecision> = {};
  for (const a of approve) out[a === 'all' ? '*' : a] = { status: 'Approved', summary: 'approved with --approve' };
  for (const r of reject) out[r === 'all' ? '*' : r] = { status: 'Rejected', summary: 'rejected with --reject' };
  return out;
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

/** SIGINT/SIGTERM → stop and wait, then abandon, then exit. Returns the uninstaller. */
function installStopSignals(stop: StopController, say: (m: string) => void): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      say(`${signal}: stopping — running actions finish, nothing new starts (again to abandon them)`);
      stop.request(false, '', `Stopped by ${signal}`);
    } else if (count === 2) {
      say(`${signal}: abandoning running actions (their containers are killed; again to exit at once)`);
      stop.request(true, '', `Stopped and abandoned by ${signal}`);
    } else {
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** Runs `start` with a live view, signals and the final report; exit 1 unless it Succeeded. */
async function runWithView(
  json: boolean,
  start: (o: EngineOptions) => Promise<PipelineRunResult>,
  extra: Partial<EngineOptions>,
): Promise<void> {
  const stop = new StopController();
  let view: LiveView | undefined;
  const say = (m: string) => (view ? view.onEvent({ type: 'notice', message: m }) : process.stderr.write(m + '\n'));
  const uninstall = installStopSignals(stop, say);
  let result: PipelineRunResult;
  try {
    result = await start({
      ...extra,
      stop,
      prompt: json ? undefined : terminalPrompt(() => view),
      onStart: (_id, p) => {
        view = liveView(p, json);
      },
      onEvent: (e) => view?.onEvent(e),
    });
  } finally {
    view?.close();
    uninstall();
  }
  const v = result.execution;
  if (json) printJson(v);
  else process.stdout.write('\n' + renderExecution(v, { logsDir: result.logsDir, stream: process.stdout }));
  if (v.status !== 'Succeeded') {
    throw new RunFailedError(
      'PIPELINE_EXECUTION_' + v.status.toUpperCase(),
      `pipeline ${v.pipelineName} execution ${v.pipelineExecutionId} ${v.status}${v.statusSummary ? `: ${v.statusSummary}` : ''}`,
      v,
    );
  }
}

function registerRun(pipeline: Command): void {
  pipeline
    .command('run')
    .description('Run a pipeline locally: sources from local git, CodeBuild in containers, history in the state folder')
    .argument('<file>', 'get-pipeline JSON, or a CloudFormation template (template.yaml#LogicalId)')
    .option('--variable <name=value>', 'pipeline-level variable value (repeatable)', collect, [])
    .option(
      '--source <action=path[@ref]>',
      'read a source action from this local repository/file, at REF (repeatable)',
      collect,
      [],
    )
    .option('--projects <file>', 'CodeBuild projects: batch-get-projects JSON or a template (repeatable)', collect, [])
    .option('--parameter-overrides <K=V>', 'CloudFormation parameter value (repeatable)', collect, [])
    .option('--region <region>', 'the pipeline region (default: config, else us-east-1)')
    .option('--max-parallel <n>', 'actions running at once', '4')
    .option('--approve <all|Stage.Action>', 'approve Manual approvals without asking (repeatable)', collect, [])
    .option('--reject <Stage.Action>', 'reject a Manual approval without asking (repeatable)', collect, [])
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option(
      '--json',
      'print the execution as one JSON object (GetPipelineExecution + ListActionExecutions); progress on stderr',
    )
    .option('--dry-run', 'print the plan with resolved configuration and exit')
    .addHelpText(
      'after',
      `
Examples:
  codelocal pipeline run pipeline.json
  codelocal pipeline run pipeline.json --source Source=../app@feature --variable Env=dev
  codelocal pipeline run template.yaml#Pipeline --projects projects.json --approve all --json
`,
    )
    .action(async (file: string, o: RunCliOptions) => {
      const variables = parsePairs(o.variable, '--variable');
      const sourceOverrides = Object.fromEntries(o.source.map((s) => parseSourceFlag(s)));
      const parameterOverrides = parsePairs(o.parameterOverrides, '--parameter-overrides');
      const common = {
        file,
        variables,
        sourceOverrides,
        projectFiles: o.projects,
        parameterOverrides,
        region: o.region,
        stateDir: o.stateDir,
      };
      if (o.dryRun) {
        const { dryRunPipeline } = await import('../../api/pipeline-dry-run.js');
        const d = dryRunPipeline(common);
        if (o.json) printJson(d);
        else process.stdout.write(renderDryRun(d));
        return;
      }
      const { runPipeline } = await import('../../api/pipeline.js');
      await runWithView(Boolean(o.json), (engine) => runPipeline({ ...common, ...engine }), {
        maxParallel: parseMaxParallel(o.maxParallel),
        approvals: parseApprovals(o.approve, o.reject),
      });
    });
}

interface RetryCliOptions {
  all?: boolean;
  maxParallel?: string;
  approve: string[];
  reject: string[];
  stateDir?: string;
  json?: boolean;
}

function registerRetry(pipeline: Command): void {
  pipeline
    .command('retry')
    .description('Retry the failed stage of an execution (same execution id), then run the later stages')
    .argument('<execution-id>', 'the execution (a unique prefix is enough)')
    .option('--all', 'retry every action of the stage (ALL_ACTIONS), not only the failed ones (FAILED_ACTIONS)')
    .option('--max-parallel <n>', 'actions running at once (default: as the first run)')
    .option('--approve <all|Stage.Action>', 'approve Manual approvals without asking (repeatable)', collect, [])
    .option('--reject <Stage.Action>', 'reject a Manual approval without asking (repeatable)', collect, [])
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .option('--json', 'print the execution as one JSON object')
    .action(async (executionId: string, o: RetryCliOptions) => {
      const { retryPipeline } = await import('../../api/pipeline.js');
      await runWithView(
        Boolean(o.json),
        (engine) =>
          retryPipeline({
            ...engine,
            executionId,
            retryMode: o.all ? 'ALL_ACTIONS' : 'FAILED_ACTIONS',
            stateDir: o.stateDir,
          }),
        {
          ...(o.maxParallel ? { maxParallel: parseMaxParallel(o.maxParallel) } : {}),
          approvals: parseApprovals(o.approve, o.reject),
        },
      );
    });
}

export { registerRun, registerRetry };
