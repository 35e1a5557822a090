/**
 * An ECR source starts on a push to the local registry by anyone, not only a pipeline's build
 * (docs/aws/codepipeline.md §10.6): here the user's own push of an image to the registry's
 * loopback port, as `docker push 127.0.0.1:<port>/repo:tag` does. The registry's notification
 * starts the pipeline, whose ECR source records the pushed manifest digest; a push of another tag
 * starts nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { watchPipelines } from '../../../src/api/triggers/watch-pipelines.js';
import type { PipelineRunResult } from '../../../src/api/pipeline.js';
import { ensureRegistry } from '../../../src/local-aws/index.js';
import { describeDocker, ensureTinyImage, getRuntime, TINY_IMAGE } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'codelocal-userpush-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const REPO = 'watch-user-push';

const pipeline = {
  name: 'user-push',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  artifactStore: { type: 'S3', location: 'user-push-artifacts' },
  stages: [
    {
      name: 'Source',
      actions: [
        {
          name: 'Image',
          actionTypeId: { category: 'Source', owner: 'AWS', provider: 'ECR', version: '1' },
          configuration: { RepositoryName: REPO, ImageTag: 'latest' },
          outputArtifacts: [{ name: 'Img' }],
        },
      ],
    },
    {
      name: 'Gate',
      actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }],
    },
  ],
};

describeDocker('pipeline watch: a user push to the local registry', () => {
  it('§10.6: the push of repo:latest starts the pipeline with the pushed digest; another tag does not', async () => {
    const runtime = await getRuntime();
    await ensureTinyImage(runtime);
    const registry = await ensureRegistry(runtime);
    const dir = join(root, 'project');
    mkdirSync(dir);
    writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(pipeline));
    const ac = new AbortController();
    const started: string[] = [];
    const ended: PipelineRunResult[] = [];
    let watching = false;
    const done = watchPipelines({
      files: [join(dir, 'pipeline.json')],
      cwd: dir,
      stateDir: join(root, 'state'),
      runtime,
      approvals: { '*': { status: 'Approved', summary: 'test' } },
      signal: ac.signal,
      onWatching: () => (watching = true),
      onExecutionStart: (s) => started.push(s.trigger.triggerDetail),
      onExecutionEnd: (e) => e.result && ended.push(e.result),
    });
    try {
      while (!watching) await new Promise((r) => setTimeout(r, 50));
      const push = async (tag: string) => {
        const ref = `${registry.loopback}/${REPO}:${tag}`;
        await runtime.images.tag(TINY_IMAGE, ref);
        await runtime.images.push(ref);
        await runtime.images.remove(ref).catch(() => undefined);
      };
      await push('other');
      await push('latest');
      const deadline = Date.now() + 60_000;
      while (ended.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1_500));
    } finally {
      ac.abort();
      await done;
    }
    const digest = (await registry.manifest(REPO, 'latest'))!.digest;
    expect(started).toEqual([`ECR PUSH ${REPO}:latest ${digest}`]);
    expect(ended).toHaveLength(1);
    expect(ended[0]!.execution.status).toBe('Succeeded');
    expect(ended[0]!.execution.artifactRevisions?.[0]?.revisionId).toBe(digest);
  }, 180_000);
});
