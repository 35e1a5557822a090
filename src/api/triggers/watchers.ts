/**
 * Opens the watchers a set of watched pipelines needs, once each: one ref watcher per local
 * repository (shared by every action and pipeline reading it), one S3 folder watcher, one
 * listener for the local registry's push notifications. Rules name a repository by the folder the
 * action reads; it is resolved here to the repository's top folder, which events carry.
 */
import { LocalS3Store } from '../../stores/index.js';
import { ensureRegistry, REGISTRY_EVENTS_PATH } from '../../local-aws/index.js';
import { createDockerRuntime, type ContainerRuntime } from '../../runtime/index.js';
import { repositoryRoot } from '../../engine/pipeline/index.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { LocalEvent } from './local-events.js';
import { watchRefs } from './ref-watcher.js';
import { watchS3 } from './s3-watcher.js';
import { listenForPushes } from './ecr-listener.js';
import type { StartRule } from './start-rules.js';

export interface Watchers {
  close(): Promise<void>;
}

export interface WatcherOptions {
  debounceMs?: number;
  runtime?: ContainerRuntime;
  /** Watch every source, automatic or not: the template's AWS::Events::Rule resources may route any event. */
  everything?: boolean;
  onEvent(e: LocalEvent): void;
  onError(e: Error): void;
}

type Closer = () => unknown;

function watched(r: StartRule, o: WatcherOptions): boolean {
  if (r.kind === 'none') return false;
  return Boolean(o.everything) || (r.kind === 'git' ? r.git.automatic : r.automatic);
}

async function gitWatchers(rules: StartRule[], o: WatcherOptions): Promise<Closer[]> {
  const byRoot = new Map<string, string>();
  for (const r of rules) {
    if (r.kind !== 'git' || !watched(r, o)) continue;
    r.dir = await repositoryRoot(r.dir);
    if (!byRoot.has(r.dir)) byRoot.set(r.dir, r.git.branch ?? 'main');
  }
  const closers: Closer[] = [];
  for (const [root, defaultBranch] of byRoot) {
    const w = await watchRefs({
      root,
      defaultBranch,
      debounceMs: o.debounceMs,
      onEvents: (events) => events.forEach((event) => o.onEvent({ kind: 'git', root, event })),
      onError: o.onError,
    });
    closers.push(() => w.close());
  }
  return closers;
}

export async function openWatchers(
  ctx: PipelineContext,
  pipelines: { rules: StartRule[] }[],
  o: WatcherOptions,
): Promise<Watchers> {
  const rules = pipelines.flatMap((p) => p.rules);
  const closers: Closer[] = [];
  const close = async () => {
    for (const c of closers.splice(0)) await c();
  };
  try {
    closers.push(...(await gitWatchers(rules, o)));
    const objects = rules.flatMap((r) => (r.kind === 's3' && watched(r, o) ? [{ bucket: r.bucket, key: r.key }] : []));
    if (objects.length > 0) {
      const w = await watchS3({
        store: new LocalS3Store(ctx.state.s3Root),
        objects,
        debounceMs: o.debounceMs === undefined ? undefined : o.debounceMs * 2,
        onEvent: o.onEvent,
        onError: o.onError,
      });
      closers.push(() => w.close());
    }
    if (rules.some((r) => r.kind === 'ecr' && watched(r, o))) {
      const own = o.runtime ? undefined : await createDockerRuntime({ stateDir: ctx.state.root });
      if (own) closers.push(() => own.cleanup());
      const runtime = (o.runtime ?? own)!;
      const registry = await ensureRegistry(runtime);
      const l = await listenForPushes({
        host: registry.network.gateway,
        port: registry.notifyPort,
        path: REGISTRY_EVENTS_PATH,
        onEvent: o.onEvent,
        onError: o.onError,
      });
      closers.push(() => l.close());
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { close };
}
