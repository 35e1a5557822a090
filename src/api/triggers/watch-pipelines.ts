/**
 * `watchPipelines` (`codelocal pipeline watch FILE...`): reads each pipeline's start rules once,
 * watches what they name (git refs, the local registry, the local S3 folder), and starts an
 * execution through `runPipeline` for every local event a rule accepts, with the event's revision
 * as the source revision (the pushed commit, the pushed image digest). Executions run as
 * `pipeline run` runs them; how several executions of one pipeline share it is the execution
 * mode's business, not the watch's. Stopping the watch stops what it started (docs/watch.md).
 */
import { InputError } from '../../errors.js';
import { loadPipeline, type AwsEvent, type PipelineDeclaration } from '../../model/index.js';
import type { SourceOverride } from '../../plan/index.js';
import { StopController, type PipelineEvent } from '../../engine/pipeline/index.js';
import { pipelineContext } from '../pipeline-context.js';
import { runPipeline, type PipelineRunResult, type RunPipelineOptions } from '../pipeline.js';
import { startsFor, type ExecutionTrigger, type StartRequest, type WatchedPipeline } from './direct-starts.js';
import { awsEventsFor, eventRoutes, overridesFor, routedStarts, type EventRoute } from './event-routing.js';
import type { LocalEvent } from './local-events.js';
import { describeRule, startRules } from './start-rules.js';
import { openWatchers, type Watchers } from './watchers.js';

export interface WatchPipelinesOptions extends Omit<
  RunPipelineOptions,
  'file' | 'stop' | 'onStart' | 'trigger' | 'onEvent'
> {
  files: string[];
  /** Debounce of ref and object changes, ms (default 50 for refs, 100 for objects). */
  debounceMs?: number;
  /** Ends the watch; running executions stop and wait (their running actions finish), as on a first Ctrl-C. */
  signal: AbortSignal;
  /** Abandons running executions (their running actions are killed), as SIGTERM or a second Ctrl-C. */
  abandon?: AbortSignal;
  onWatching?(pipelines: WatchedPipeline[], routes: EventRoute[]): void;
  onLocalEvent?(event: LocalEvent): void;
  /** Each local event in the EventBridge shape AWS would send (for an events log; §10.8). */
  onServiceEvent?(event: AwsEvent): void;
  /** The engine's progress events of one execution the watch started. */
  onPipelineEvent?(execution: { pipeline: string; executionId: string }, event: PipelineEvent): void;
  onExecutionStart?(p: { pipeline: string; executionId: string; trigger: ExecutionTrigger; file: string }): void;
  onExecutionEnd?(p: { pipeline: string; result?: PipelineRunResult; error?: Error }): void;
  /** A watcher or an execution that could not start: reported, and the watch goes on. */
  onError?(error: Error): void;
}

function readPipelines(o: WatchPipelinesOptions, cwd: string, accountId: string, region: string) {
  const loadOptions = { region, accountId, parameterOverrides: o.parameterOverrides };
  const loaded = o.files.map((file) => ({ file, l: loadPipeline(file, loadOptions) }));
  const read = (targeted: Set<string>): WatchedPipeline[] =>
    loaded.map(({ file, l }) => ({
      file,
      name: l.pipeline.name,
      ...(l.format === 'cloudformation' ? { template: l.file } : {}),
      rules: startRules(l.pipeline as PipelineDeclaration, {
        cwd,
        sourceOverrides: o.sourceOverrides ?? {},
        hasEventRules: targeted.has(l.pipeline.name),
      }),
    }));
  const routes = eventRoutes(read(new Set()), loadOptions);
  const targeted = new Set(
    routes.flatMap((r) => r.rule.targets.flatMap((t) => (t.pipelineName ? [t.pipelineName] : []))),
  );
  return { pipelines: read(targeted), routes };
}

function automatic(p: WatchedPipeline): boolean {
  return p.rules.some((r) => (r.kind === 'git' ? r.git.automatic : r.kind !== 'none' && r.automatic));
}

function nothingToWatch(pipelines: WatchedPipeline[]): InputError {
  return new InputError('WATCH_NOTHING_TO_WATCH', 'no source action of these pipelines starts them automatically', {
    details: [
      ...pipelines.flatMap((p) => p.rules.map((r) => `${p.name}: ${describeRule(r)}`)),
      'codelocal pipeline run starts them by hand; docs/watch.md says what starts a pipeline on its own',
    ],
  });
}

/** Every start one local event asks for: the pipelines' own rules first, then the template's event rules. */
export function allStarts(
  pipelines: WatchedPipeline[],
  routes: EventRoute[],
  event: LocalEvent,
  o: { base: Record<string, SourceOverride>; account: string; region: string },
): StartRequest[] {
  const starts = startsFor(pipelines, event, o.base);
  if (routes.length === 0) return starts;
  const aws = awsEventsFor(event, pipelines, { account: o.account, region: o.region });
  for (const { pipeline, rule } of routedStarts(routes, aws)) {
    const p = pipelines.find((x) => x.name === pipeline);
    if (!p || starts.some((s) => s.pipeline === pipeline)) continue;
    const ruleArn = `arn:aws:events:${o.region}:${o.account}:rule/${rule.name ?? rule.logicalId}`;
    starts.push({
      file: p.file,
      pipeline,
      sourceOverrides: { ...o.base, ...overridesFor(event, p) },
      trigger: { triggerType: 'CloudWatchEvent', triggerDetail: ruleArn },
    });
  }
  return starts;
}

interface Running {
  stop: StopController;
  done: Promise<void>;
}

function startExecution(o: WatchPipelinesOptions, req: StartRequest, running: Set<Running>): void {
  const stop = new StopController();
  const entry: Running = { stop, done: Promise.resolve() };
  let executionId = '';
  entry.done = runPipeline({
    ...o,
    file: req.file,
    sourceOverrides: req.sourceOverrides,
    trigger: req.trigger,
    stop,
    onEvent: (e) => o.onPipelineEvent?.({ pipeline: req.pipeline, executionId }, e),
    onStart: (id) => {
      executionId = id;
      o.onExecutionStart?.({ pipeline: req.pipeline, executionId, trigger: req.trigger, file: req.file });
    },
  })
    .then((result) => o.onExecutionEnd?.({ pipeline: req.pipeline, result }))
    .catch((error: Error) => o.onExecutionEnd?.({ pipeline: req.pipeline, error }))
    .finally(() => running.delete(entry));
  running.add(entry);
}

/** Runs until `signal` aborts; resolves once every execution it started has ended. */
export async function watchPipelines(o: WatchPipelinesOptions): Promise<void> {
  const ctx = pipelineContext(o);
  const account = ctx.config.config.accountId;
  const region = o.region ?? ctx.config.config.region ?? 'us-east-1';
  const { pipelines, routes } = readPipelines(o, ctx.cwd, account, region);
  const routed = new Set(routes.flatMap((r) => r.rule.targets.map((t) => t.pipelineName)));
  if (!pipelines.some((p) => automatic(p) || routed.has(p.name))) throw nothingToWatch(pipelines);
  const running = new Set<Running>();
  const onLocalEvent = (event: LocalEvent) => {
    if (o.signal.aborted) return;
    o.onLocalEvent?.(event);
    if (o.onServiceEvent) for (const e of awsEventsFor(event, pipelines, { account, region })) o.onServiceEvent(e);
    const base = o.sourceOverrides ?? {};
    for (const req of allStarts(pipelines, routes, event, { base, account, region })) startExecution(o, req, running);
  };
  let watchers: Watchers | undefined;
  try {
    watchers = await openWatchers(ctx, pipelines, {
      debounceMs: o.debounceMs,
      runtime: o.runtime,
      everything: routes.length > 0,
      onEvent: onLocalEvent,
      onError: (e) => o.onError?.(e),
    });
    o.onWatching?.(pipelines, routes);
    await new Promise<void>((resolve) => {
      if (o.signal.aborted) resolve();
      else o.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    await watchers?.close();
    await endAll(running, o);
  }
}

/** Stops what the watch started, as `pipeline run` does on a signal, and waits for each to end. */
async function endAll(running: Set<Running>, o: WatchPipelinesOptions) {
  const request = (abandon: boolean) => {
    for (const r of running) {
      r.stop.request(abandon, '', abandon ? 'Abandoned: the watch ended' : 'Stopped: the watch ended');
    }
  };
  const onAbandon = () => request(true);
  if (o.abandon?.aborted) request(true);
  else {
    request(false);
    o.abandon?.addEventListener('abort', onAbandon, { once: true });
  }
  await Promise.all([...running].map((r) => r.done));
  o.abandon?.removeEventListener('abort', onAbandon);
}
