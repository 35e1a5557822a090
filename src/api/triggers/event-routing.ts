/**
 * EventBridge routing for `pipeline watch` (docs/aws/codepipeline.md §10.8): a template's
 * `AWS::Events::Rule` resources are read with the events model (model/events), every local event
 * is turned into the service event AWS would send (CodeCommit "Repository State Change", ECR
 * "Image Action", S3 "Object Created") and matched with EventBridge's pattern rules; each target
 * pipeline that is watched starts once, with the event's revision for the source actions it names.
 */
import { basename } from 'node:path';
import {
  codeCommitReferenceEvent,
  ecrImagePushEvent,
  loadTemplate,
  routeEvent,
  rulesFromTemplate,
  s3ObjectCreatedEvent,
  type AwsEvent,
  type EventContext,
  type EventRule,
} from '../../model/index.js';
import type { SourceOverride } from '../../plan/index.js';
import type { LocalEvent } from './local-events.js';
import type { StartRule } from './start-rules.js';

export interface RoutedPipeline {
  name: string;
  file: string;
  /** The template the pipeline came from (undefined for get-pipeline JSON). */
  template?: string;
  rules: StartRule[];
}

export interface EventRoute {
  rule: EventRule;
  /** The template that declares the rule. */
  file: string;
}

/** Every event rule of the templates the watched pipelines come from (each template read once). */
export function eventRoutes(
  pipelines: RoutedPipeline[],
  options: { region?: string; accountId: string; parameterOverrides?: Record<string, string> },
): EventRoute[] {
  const files = [...new Set(pipelines.flatMap((p) => (p.template ? [p.template] : [])))];
  return files.flatMap((file) =>
    rulesFromTemplate(
      loadTemplate(file, {
        region: options.region,
        accountId: options.accountId,
        parameterOverrides: options.parameterOverrides,
      }),
    ).map((rule) => ({ rule, file })),
  );
}

/** The CodeCommit repository names a local repository stands for (its actions' RepositoryName, else its folder's name). */
function repositoryNames(root: string, pipelines: RoutedPipeline[]): string[] {
  const names = pipelines.flatMap((p) =>
    p.rules.flatMap((r) =>
      r.kind === 'git' && r.dir === root && r.git.provider === 'CodeCommit' && r.repositoryName
        ? [r.repositoryName]
        : [],
    ),
  );
  return names.length > 0 ? [...new Set(names)] : [basename(root)];
}

/** The service events AWS would emit for one local event. */
export function awsEventsFor(e: LocalEvent, pipelines: RoutedPipeline[], ctx: EventContext): AwsEvent[] {
  if (e.kind === 'ecr') {
    return [ecrImagePushEvent(ctx, { repositoryName: e.repository, imageTag: e.tag, imageDigest: e.digest })];
  }
  if (e.kind === 's3') {
    return [s3ObjectCreatedEvent(ctx, { bucket: e.bucket, key: e.key, size: e.size, etag: e.etag.replace(/"/g, '') })];
  }
  const g = e.event;
  if (g.kind === 'pullRequest') return [];
  return repositoryNames(e.root, pipelines).map((repositoryName) =>
    codeCommitReferenceEvent(ctx, {
      repositoryName,
      referenceType: g.kind,
      referenceName: g.name,
      commitId: g.commit,
      ...(g.before ? { oldCommitId: g.before } : {}),
    }),
  );
}

/** The source revisions an event fixes for a pipeline it starts (the pushed commit, the pushed digest). */
export function overridesFor(e: LocalEvent, p: RoutedPipeline): Record<string, SourceOverride> {
  const out: Record<string, SourceOverride> = {};
  for (const r of p.rules) {
    if (r.kind === 'git' && e.kind === 'git' && r.dir === e.root && e.event.kind !== 'pullRequest') {
      if (e.event.kind === 'tag' || r.git.branch === e.event.name)
        out[r.actionName] = { path: e.root, revision: e.event.commit };
    } else if (r.kind === 'ecr' && e.kind === 'ecr' && r.repository === e.repository && r.tag === e.tag) {
      out[r.actionName] = { revision: e.digest };
    }
  }
  return out;
}

/** The pipelines the routes start for these events, with the rule that matched first. */
export function routedStarts(routes: EventRoute[], events: AwsEvent[]): { pipeline: string; rule: EventRule }[] {
  const out: { pipeline: string; rule: EventRule }[] = [];
  for (const event of events) {
    for (const { rule } of routes) {
      for (const name of routeEvent([rule], event)) {
        if (!out.some((s) => s.pipeline === name)) out.push({ pipeline: name, rule });
      }
    }
  }
  return out;
}
