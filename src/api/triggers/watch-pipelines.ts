/**
 * `watchPipelines` (`codelocal pipeline watch FILE...`): reads each pipeline's start rules once,
 * watches what they name (git refs, the local registry, the local S3 folder), and starts an
 * execution through `runPipeline` for every local event a rule accepts, with the event's revision
 * as the source revision (the pushed commit, the pushed image digest). Executions run as
 * `pipeline run` runs them; how several executions of one pipeline share it is the execution
 * mode's business, not the watch's. Stopping the watch stops what it started (docs/watch.md).
 */
import { InputError } from '../../errors.js';
import { loadPipeline, type PipelineDeclaration } from '../../model/index.js';
import type { SourceOverride } from '../../plan/index.js';
import { StopController, type PipelineEvent } from '../../engine/pipeline/index.js';
import { pipelineContext } from '../pipeline-context.js';
import { runPipeline, type PipelineRunResult, type RunPipelineOptions } from '../pipeline.js';
import { gitEventStarts } from './git-triggers.js';
import type { LocalEvent } from './local-events.js';
import { startRules, type StartRule } from './start-rules.js';
import { openWatchers, type Watchers } from './watchers.js';

export interface WatchedPipeline {
  file: string;
  name: string;
  rules: StartRule[];
}

export interface ExecutionTrigger {
  triggerType: string;
  triggerDetail: string;
}

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
  onWatching?(pipelines: WatchedPipeline[]): void;
  onLocalEvent?(event: LocalEvent): void;
  /** The engine's progress events of one execution the watch started. */
  onPipelineEvent?(execution: { pipeline: string; executionId: string }, event: PipelineEvent): void;
  onExecutionStart?(p: { pipeline: string; executionId: string; trigger: ExecutionTrigger; file: string }): void;
  onExecutionEnd?(p: { pipeline: string; result?: PipelineRunResult; error?: Error }): void;
  /** A watcher or an execution that could not start: reported, and the watch goes on. */
  onError?(error: Error): void;
}

/** What a start asks of `runPipeline` on top of the watch's options. */
export interface StartRequest {
  file: string;
  pipeline: string;
  sourceOverrides: Record<string, SourceOverride>;
  trigger: ExecutionTrigger;
}

/** The starts one local event asks for: at most one per pipeline. */
export function startsFor(pipelines: WatchedPipeline[], event: LocalEvent, base: Record<string, SourceOverride>) {
  const out: StartRequest[] = [];
  for (const p of pipelines) {
    for (const r of p.rules) {
      const req = ruleStart(r, event);
      if (!req) continue;
      out.push({
        file: p.file,
        pipeline: p.name,
        sourceOverrides: { ...base, ...req.overrides },
        trigger: req.trigger,
      });
      break;
    }
  }
  return out;
}

function ruleStart(r: StartRule, e: LocalEvent) {
  if (r.kind === 'git' && e.kind === 'git' && e.root === r.dir && gitEventStarts(r.git, e.event)) {
    const g = e.event;
    const ref =
      g.kind === 'branch'
        ? `refs/heads/${g.name}`
        : g.kind === 'tag'
          ? `refs/tags/${g.name}`
          : `refs/pull/${g.id}/head`;
    // UNCERTAIN (§10.7): a connection's push arrives as WebhookV2; the others are polled sources.
    const triggerType = r.git.provider === 'CodeStarSourceConnection' ? 'WebhookV2' : 'PollForSourceChanges';
    return {
      overrides: { [r.actionName]: { path: e.root, revision: g.commit } },
      trigger: { triggerType, triggerDetail: `${ref} ${g.commit}` },
    };
  }
  if (r.kind === 'ecr' && e.kind === 'ecr' && r.automatic && e.repository === r.repository && e.tag === r.tag) {
    return {
      overrides: { [r.actionName]: { revision: e.digest } },
      trigger: { triggerType: 'CloudWatchEvent', triggerDetail: `ECR PUSH ${e.repository}:${e.tag} ${e.digest}` },
    };
  }
  if (r.kind === 's3' && e.kind === 's3' && r.automatic && e.bucket === r.bucket && e.key === r.key) {
    return {
      overrides: {},
      trigger: { triggerType: 'PollForSourceChanges', triggerDetail: `s3://${e.bucket}/${e.key} ${e.etag}` },
    };
  }
  return undefined;
}

function readPipelines(o: WatchPipelinesOptions, cwd: string, accountId: string): WatchedPipeline[] {
  return o.files.map((file) => {
    const loaded = loadPipeline(file, { region: o.region, accountId, parameterOverrides: o.parameterOverrides });
    const rules = startRules(loaded.pipeline as PipelineDeclaration, {
      cwd,
      sourceOverrides: o.sourceOverrides ?? {},
      hasEventRules: false,
    });
    return { file, name: loaded.pipeline.name, rules };
  });
}

function anythingToWatch(pipelines: WatchedPipeline[]): boolean {
  return pipelines.some((p) =>
    p.rules.some((r) => (r.kind === 'git' ? r.git.automatic : r.kind !== 'none' && r.automatic)),
  );
}

/** Runs until `until` aborts; resolves once every execution it started has ended. */
export async function watchPipelines(o: WatchPipelinesOptions): Promise<void> {
  const ctx = pipelineContext(o);
  const pipelines = readPipelines(o, ctx.cwd, ctx.config.config.accountId);
  if (!anythingToWatch(pipelines)) {
    throw new InputError('WATCH_NOTHING_TO_WATCH', 'no source action of these pipelines starts them automatically', {
      details: pipelines.flatMap((p) =>
        p.rules.map((r) => `${p.name}: ${r.actionName}: ${r.kind === 'git' ? r.git.reason : r.reason}`),
      ),
    });
  }
  o.onWatching?.(pipelines);
  const running = new Set<{ stop: StopController; done: Promise<void> }>();
  const start = (req: StartRequest) => {
    const stop = new StopController();
    const entry = { stop, done: Promise.resolve() };
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
  };
  const onLocalEvent = (event: LocalEvent) => {
    if (o.signal.aborted) return;
    o.onLocalEvent?.(event);
    for (const req of startsFor(pipelines, event, o.sourceOverrides ?? {})) start(req);
  };
  let watchers: Watchers | undefined;
  try {
    watchers = await openWatchers(ctx, pipelines, {
      debounceMs: o.debounceMs,
      region: o.region,
      runtime: o.runtime,
      onEvent: onLocalEvent,
      onError: (e) => o.onError?.(e),
    });
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
async function endAll(running: Set<{ stop: StopController; done: Promise<void> }>, o: WatchPipelinesOptions) {
  const request = (abandon: boolean) => {
    for (const r of running)
      r.stop.request(abandon, '', abandon ? 'Abandoned: the watch ended' : 'Stopped: the watch ended');
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
