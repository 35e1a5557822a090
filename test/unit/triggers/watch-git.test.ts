/**
 * `watchPipelines` against real git repositories (no Docker: a fake build provider, the real
 * CodeStarSourceConnection source): a commit on the watched branch starts exactly one execution
 * at that commit, a commit touching only excluded paths starts none, a tag push matches a tag
 * filter (docs/aws/codepipeline.md §10.1, §10.2), and ending the watch leaves nothing running.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { watchPipelines } from '../../../src/api/triggers/watch-pipelines.js';
import { codeStarConnectionProvider } from '../../../src/engine/pipeline/actions/codestar-connection.js';
import { ExecutionStore } from '../../../src/stores/execution-store.js';
import { BUILD, fakes } from '../pipeline-engine/helpers.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

function commit(dir: string, file: string, text: string): string {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', `edit ${file}`);
  return git(dir, 'rev-parse', 'HEAD');
}

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'codelocal-watch-'));
  made.push(root);
  const repo = join(root, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  commit(repo, 'src/app.txt', 'v0');
  const pipeline = {
    name: 'watched',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    pipelineType: 'V2',
    artifactStore: { type: 'S3', location: 'watch-artifacts' },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
            configuration: {
              ConnectionArn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/x',
              FullRepositoryId: 'me/repo',
              BranchName: 'main',
            },
            outputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Build',
            actionTypeId: BUILD,
            configuration: { ProjectName: 'ok' },
            inputArtifacts: [{ name: 'SourceOutput' }],
          },
        ],
      },
    ],
    triggers: [
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: {
          sourceActionName: 'Source',
          push: [
            { branches: { includes: ['main'] }, filePaths: { excludes: ['docs/**'] } },
            { tags: { includes: ['v*'] } },
          ],
        },
      },
    ],
  };
  const file = join(root, 'pipeline.json');
  writeFileSync(file, JSON.stringify(pipeline));
  return { root, repo, file, state: join(root, 'state') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('pipeline watch with a real git repository', () => {
  it('codepipeline.md §10.1/§10.2: one execution per matching push, none for excluded paths, tags by filter', async () => {
    const s = setup();
    const f = fakes([codeStarConnectionProvider]);
    const ac = new AbortController();
    const started: { id: string; trigger: string }[] = [];
    const ended: string[] = [];
    const service: { detailType: string; detail: Record<string, unknown> }[] = [];
    let watching = false;
    const done = watchPipelines({
      files: [s.file],
      cwd: s.repo,
      stateDir: s.state,
      registry: f.registry,
      stopPollMs: 0,
      signal: ac.signal,
      onWatching: () => (watching = true),
      onServiceEvent: (e) => service.push({ detailType: e['detail-type'], detail: e.detail }),
      onExecutionStart: (x) => started.push({ id: x.executionId, trigger: x.trigger.triggerDetail }),
      onExecutionEnd: (x) => ended.push(x.result?.execution.status ?? `error ${x.error?.message}`),
    });
    await until(() => watching);

    const c1 = commit(s.repo, 'src/app.txt', 'v1');
    await until(() => ended.length === 1);
    await sleep(300);
    expect(started).toHaveLength(1);
    expect(ended).toEqual(['Succeeded']);
    expect(started[0]!.trigger).toBe(`refs/heads/main ${c1}`);
    // codepipeline.md §10.8: the same move in CodeCommit's EventBridge shape.
    expect(service[0]).toEqual({
      detailType: 'CodeCommit Repository State Change',
      detail: expect.objectContaining({
        event: 'referenceUpdated',
        referenceType: 'branch',
        referenceName: 'main',
        commitId: c1,
      }),
    });

    commit(s.repo, 'docs/readme.md', 'only docs');
    await sleep(600);
    expect(started).toHaveLength(1);

    git(s.repo, 'tag', 'v1.0');
    await until(() => ended.length === 2);
    git(s.repo, 'tag', 'nightly');
    await sleep(400);
    expect(started).toHaveLength(2);
    expect(started[1]!.trigger).toMatch(/^refs\/tags\/v1\.0 /);

    // The same ref rewritten again (git replaces refs/heads/main by a rename): still seen.
    const c4 = commit(s.repo, 'src/app.txt', 'v4');
    await until(() => ended.length === 3);
    expect(started[2]!.trigger).toBe(`refs/heads/main ${c4}`);

    ac.abort();
    await done;
    const store = ExecutionStore.open(join(s.state, 'executions.db'));
    try {
      const rec = store.getPipelineExecution(started[0]!.id)!;
      expect(rec.trigger).toEqual({ triggerType: 'WebhookV2', triggerDetail: `refs/heads/main ${c1}` });
      const revisions = (rec.result as { artifactRevisions: { revisionId: string }[] }).artifactRevisions;
      expect(revisions[0]!.revisionId).toBe(c1);
    } finally {
      store.close();
    }
  });
});
