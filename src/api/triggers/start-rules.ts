/**
 * What each source action of a watched pipeline reacts to, decided once when the watch starts
 * (docs/aws/codepipeline.md §10): a git branch/tag/pull request in a local repository, an image
 * tag pushed to the local registry, or an object in the local S3 folder. An action that starts
 * nothing says why, so `pipeline watch` can print it.
 */
import { resolve } from 'node:path';
import type { PipelineDeclaration } from '../../model/index.js';
import type { SourceOverride } from '../../plan/index.js';
import { gitStartRule, type GitStartRule } from './git-triggers.js';

export type StartRule =
  | { kind: 'git'; actionName: string; dir: string; git: GitStartRule; repositoryName?: string }
  | { kind: 'ecr'; actionName: string; repository: string; tag: string; automatic: boolean; reason: string }
  | { kind: 's3'; actionName: string; bucket: string; key: string; automatic: boolean; reason: string }
  | { kind: 'none'; actionName: string; reason: string };

export interface StartRuleOptions {
  cwd: string;
  sourceOverrides: Record<string, SourceOverride>;
  /** The template routes events to this pipeline itself (AWS::Events::Rule): no implicit ECR rule. */
  hasEventRules: boolean;
}

function isFalse(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'false';
}

export function startRules(pipeline: PipelineDeclaration, o: StartRuleOptions): StartRule[] {
  const sources = pipeline.stages.flatMap((s) => s.actions).filter((a) => a.actionTypeId.category === 'Source');
  return sources.map((action): StartRule => {
    const c = action.configuration;
    const git = gitStartRule(pipeline, action);
    if (git) {
      const path = o.sourceOverrides[action.name]?.path;
      const repositoryName = c.RepositoryName ?? c.FullRepositoryId ?? c.Repo;
      return {
        kind: 'git',
        actionName: action.name,
        dir: resolve(o.cwd, path ?? '.'),
        git,
        ...(repositoryName ? { repositoryName } : {}),
      };
    }
    switch (action.actionTypeId.provider) {
      case 'ECR':
        // §10.6: the console creates an EventBridge rule for an ECR source; a template wires its own.
        return {
          kind: 'ecr',
          actionName: action.name,
          repository: c.RepositoryName ?? '',
          tag: c.ImageTag ?? 'latest',
          automatic: !o.hasEventRules,
          reason: o.hasEventRules
            ? 'the template routes events with AWS::Events::Rule resources'
            : 'an image push (the EventBridge rule the console creates)',
        };
      case 'S3':
        return {
          kind: 's3',
          actionName: action.name,
          bucket: c.S3Bucket ?? '',
          key: c.S3ObjectKey ?? '',
          automatic: !isFalse(c.PollForSourceChanges),
          reason: isFalse(c.PollForSourceChanges)
            ? 'PollForSourceChanges is false: started only by an EventBridge rule or by hand'
            : 'a new object at the key (PollForSourceChanges)',
        };
      default:
        return {
          kind: 'none',
          actionName: action.name,
          reason: `${action.actionTypeId.provider} sources are not watched`,
        };
    }
  });
}

/** One line per source action: what starts the pipeline. */
export function describeRule(r: StartRule): string {
  switch (r.kind) {
    case 'git':
      return `${r.actionName}: ${r.git.automatic ? 'starts on ' : ''}${r.git.reason} in ${r.dir}`;
    case 'ecr':
      return `${r.actionName}: ${r.automatic ? 'starts on ' : ''}${r.reason} to ${r.repository}:${r.tag}`;
    case 's3':
      return `${r.actionName}: ${r.automatic ? 'starts on ' : ''}${r.reason} s3://${r.bucket}/${r.key}`;
    default:
      return `${r.actionName}: ${r.reason}`;
  }
}
