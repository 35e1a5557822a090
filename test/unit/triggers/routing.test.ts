/**
 * Local events routed as EventBridge would route the service events they stand for
 * (docs/aws/codepipeline.md §10.6, §10.8), with the chained example's template (the seed's form:
 * a CodeCommit rule on main, an ECR PUSH rule on repository + tag), and the registry's push
 * notifications read as ECR pushes.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../../src/model/index.js';
import { allStarts } from '../../../src/api/triggers/watch-pipelines.js';
import { eventRoutes } from '../../../src/api/triggers/event-routing.js';
import { startRules } from '../../../src/api/triggers/start-rules.js';
import type { WatchedPipeline } from '../../../src/api/triggers/direct-starts.js';
import { pushesOf } from '../../../src/api/triggers/ecr-listener.js';
import type { LocalEvent } from '../../../src/api/triggers/local-events.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/chained-pipelines/', import.meta.url));
const REPO = '/tmp/chained-app';
const opts = { accountId: '123456789012', region: 'us-east-1' };

function watched(refs: string[], hasEventRules: boolean): WatchedPipeline[] {
  return refs.map((ref) => {
    const l = loadPipeline(EXAMPLE + ref, opts);
    return {
      file: EXAMPLE + ref,
      name: l.pipeline.name,
      ...(l.format === 'cloudformation' ? { template: l.file } : {}),
      rules: startRules(l.pipeline, { cwd: REPO, sourceOverrides: {}, hasEventRules }),
    };
  });
}

const commitOn = (name: string, kind: 'branch' | 'tag' = 'branch'): LocalEvent => ({
  kind: 'git',
  root: REPO,
  event:
    kind === 'branch'
      ? { kind, name, commit: 'c2', before: 'c1', changedFiles: ['VERSION'] }
      : { kind, name, commit: 'c2' },
});
const push = (tag: string): LocalEvent => ({
  kind: 'ecr',
  repository: 'chained-app',
  tag,
  digest: 'sha256:' + 'a'.repeat(64),
  time: new Date().toISOString(),
});
const base = { base: {}, account: '123456789012', region: 'us-east-1' };

describe('codepipeline.md §10.8: AWS::Events::Rule routes (the seed form)', () => {
  const pipelines = watched(['template.yaml#BuildPipeline', 'template.yaml#DeployPipeline'], true);
  const routes = eventRoutes(pipelines, opts);

  it('reads both rules of the template', () => {
    expect(routes.map((r) => r.rule.logicalId).sort()).toEqual(['BuildOnPush', 'DeployOnImagePush']);
  });
  it('a commit on main starts the build pipeline at that commit, through its rule', () => {
    const starts = allStarts(pipelines, routes, commitOn('main'), base);
    expect(starts.map((s) => s.pipeline)).toEqual(['chained-build-rules']);
    expect(starts[0]!.trigger).toEqual({
      triggerType: 'CloudWatchEvent',
      triggerDetail: 'arn:aws:events:us-east-1:123456789012:rule/BuildOnPush',
    });
    expect(starts[0]!.sourceOverrides.Source).toEqual({ path: REPO, revision: 'c2' });
  });
  it('other branches and tags match no rule; PollForSourceChanges false starts nothing by itself', () => {
    expect(allStarts(pipelines, routes, commitOn('dev'), base)).toEqual([]);
    expect(allStarts(pipelines, routes, commitOn('main', 'tag'), base)).toEqual([]);
  });
  it('codepipeline.md §10.6: a push of chained-app:latest starts the deploy pipeline with the pushed digest', () => {
    const starts = allStarts(pipelines, routes, push('latest'), base);
    expect(starts.map((s) => s.pipeline)).toEqual(['chained-deploy-rules']);
    expect(starts[0]!.sourceOverrides.Image).toEqual({ revision: 'sha256:' + 'a'.repeat(64) });
    expect(allStarts(pipelines, routes, push('v2'), base)).toEqual([]);
  });
});

describe('codepipeline.md §10.1/§10.6: the JSON pair without rules', () => {
  const pipelines = watched(['pipeline-a.json', 'pipeline-b.json'], false);
  it('the connection trigger starts A; the console-style ECR rule starts B, once per event', () => {
    expect(allStarts(pipelines, [], commitOn('main'), base).map((s) => [s.pipeline, s.trigger.triggerType])).toEqual([
      ['chained-build', 'WebhookV2'],
    ]);
    const b = allStarts(pipelines, [], push('latest'), base);
    expect(b.map((s) => [s.pipeline, s.trigger.triggerType])).toEqual([['chained-deploy', 'CloudWatchEvent']]);
  });
  it('a commit touching only README.md (excluded) starts nothing', () => {
    const readme: LocalEvent = {
      kind: 'git',
      root: REPO,
      event: { kind: 'branch', name: 'main', commit: 'c3', changedFiles: ['README.md'] },
    };
    expect(allStarts(pipelines, [], readme, base)).toEqual([]);
  });
});

describe('registry push notifications', () => {
  const since = Date.parse('2026-01-01T00:00:00Z');
  const envelope = (action: string, mediaType: string, extra: Record<string, unknown> = {}) => ({
    events: [
      {
        action,
        timestamp: '2026-01-01T00:00:05Z',
        target: { mediaType, digest: 'sha256:d', repository: 'chained-app', tag: 'latest', ...extra },
      },
    ],
  });
  it('a tagged manifest push is a push; layers, pulls, untagged and stale deliveries are not', () => {
    expect(pushesOf(envelope('push', 'application/vnd.docker.distribution.manifest.v2+json'), since)).toEqual([
      { kind: 'ecr', repository: 'chained-app', tag: 'latest', digest: 'sha256:d', time: '2026-01-01T00:00:05.000Z' },
    ]);
    expect(pushesOf(envelope('push', 'application/octet-stream'), since)).toEqual([]);
    expect(pushesOf(envelope('pull', 'application/vnd.oci.image.manifest.v1+json'), since)).toEqual([]);
    expect(pushesOf(envelope('push', 'application/vnd.oci.image.manifest.v1+json', { tag: undefined }), since)).toEqual(
      [],
    );
    expect(pushesOf(envelope('push', 'application/vnd.oci.image.manifest.v1+json'), since + 60_000)).toEqual([]);
  });
});
