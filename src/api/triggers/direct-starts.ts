/**
 * The starts a local event asks for through the pipelines' own source settings (docs/aws/codepipeline.md
 * §10): a push that passes an action's trigger filters or default branch, an image push to an ECR
 * source's repository and tag, a new object at an S3 source's key. At most one start per pipeline
 * per event, with the event's revision pinned for the action that saw it.
 */
import type { SourceOverride } from '../../plan/index.js';
import { gitEventStarts } from './git-triggers.js';
import type { LocalEvent } from './local-events.js';
import type { StartRule } from './start-rules.js';

export interface WatchedPipeline {
  file: string;
  name: string;
  rules: StartRule[];
  /** The template the pipeline came from (undefined for get-pipeline JSON). */
  template?: string;
}

export interface ExecutionTrigger {
  triggerType: string;
  triggerDetail: string;
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
