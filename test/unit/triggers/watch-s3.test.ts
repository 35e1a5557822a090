/**
 * An S3 source under `pipeline watch` (docs/aws/codepipeline.md §10.1): a new object at
 * S3Bucket/S3ObjectKey in the local S3 folder starts one execution (trigger PollForSourceChanges)
 * that reads that object; `PollForSourceChanges: false` starts nothing by itself (§10.5).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchPipelines } from '../../../src/api/triggers/watch-pipelines.js';
import { s3SourceProvider } from '../../../src/engine/pipeline/actions/s3-source.js';
import { LocalS3Store } from '../../../src/stores/s3-store.js';
import { ProviderRegistry } from '../../../src/engine/pipeline/registry.js';
import { manualApprovalProvider } from '../../../src/engine/pipeline/actions/manual-approval.js';
import { MANUAL } from '../pipeline-engine/helpers.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(poll?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-ws3-'));
  made.push(dir);
  const file = join(dir, 'pipeline.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 's3-watched',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      artifactStore: { type: 'S3', location: 's3-watch-artifacts' },
      stages: [
        {
          name: 'Source',
          actions: [
            {
              name: 'Src',
              actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
              configuration: {
                S3Bucket: 'uploads',
                S3ObjectKey: 'app/source.zip',
                ...(poll ? { PollForSourceChanges: poll } : {}),
              },
              outputArtifacts: [{ name: 'Code' }],
            },
          ],
        },
        { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: MANUAL }] },
      ],
    }),
  );
  return { dir, file, state: join(dir, 'state') };
}

describe('pipeline watch with an S3 source', () => {
  it('§10.1: a new object at the key starts one execution that reads it', async () => {
    const p = project();
    const ac = new AbortController();
    const started: string[] = [];
    const statuses: string[] = [];
    let watching = false;
    const done = watchPipelines({
      files: [p.file],
      cwd: p.dir,
      stateDir: p.state,
      registry: new ProviderRegistry([s3SourceProvider, manualApprovalProvider]),
      approvals: { '*': { status: 'Approved', summary: 'test' } },
      stopPollMs: 0,
      signal: ac.signal,
      onWatching: () => (watching = true),
      onExecutionStart: (s) => started.push(`${s.trigger.triggerType} ${s.trigger.triggerDetail}`),
      onExecutionEnd: (e) => statuses.push(e.result?.execution.status ?? String(e.error)),
    });
    while (!watching) await new Promise((r) => setTimeout(r, 20));
    const store = new LocalS3Store(join(p.state, 's3'));
    store.createBucket('uploads');
    const head = await store.putObject('uploads', 'app/source.zip', Buffer.from('zip bytes'));
    const deadline = Date.now() + 10_000;
    while (statuses.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    ac.abort();
    await done;
    expect(started).toEqual([`PollForSourceChanges s3://uploads/app/source.zip ${head.etag}`]);
    expect(statuses).toEqual(['Succeeded']);
  });

  it('§10.5: PollForSourceChanges false and no rule: nothing to watch', async () => {
    const p = project('false');
    await expect(
      watchPipelines({ files: [p.file], cwd: p.dir, stateDir: p.state, signal: new AbortController().signal }),
    ).rejects.toMatchObject({ code: 'WATCH_NOTHING_TO_WATCH' });
  });
});
