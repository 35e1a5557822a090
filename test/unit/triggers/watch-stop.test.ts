/**
 * Ending a watch ends what it started as `pipeline run` ends on a signal (docs/watch.md
 * "Stopping", docs/aws/codepipeline.md §5.4): stop-and-wait lets the running action finish and
 * starts nothing after it (execution Stopped); abandon stops at once. And the CLI: SIGTERM exits
 * 143, a watch with nothing to watch is refused with exit 2 and says why.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { watchPipelines } from '../../../src/api/triggers/watch-pipelines.js';
import { codeStarConnectionProvider } from '../../../src/engine/pipeline/actions/codestar-connection.js';
import type { PipelineRunResult } from '../../../src/api/pipeline.js';
import { BUILD, MANUAL, fakes } from '../pipeline-engine/helpers.js';

const CLI = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SOURCE = {
  name: 'Source',
  actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
  configuration: {
    ConnectionArn: 'arn:aws:codestar-connections:us-east-1:1:connection/x',
    FullRepositoryId: 'a/b',
    BranchName: 'main',
  },
  outputArtifacts: [{ name: 'Code' }],
};

function setup(stages: unknown[], source: Record<string, unknown> = SOURCE) {
  const root = mkdtempSync(join(tmpdir(), 'codelocal-wstop-'));
  made.push(root);
  const repo = join(root, 'repo');
  mkdirSync(repo);
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: repo });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'a.txt'), '0');
  git('add', '-A');
  git('commit', '-qm', '0');
  const file = join(root, 'pipeline.json');
  const pipeline = {
    name: 'stopper',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'watch-bucket' },
  };
  writeFileSync(file, JSON.stringify({ ...pipeline, stages: [{ name: 'Source', actions: [source] }, ...stages] }));
  const commit = () => {
    writeFileSync(join(repo, 'a.txt'), String(Date.now()));
    git('commit', '-qam', 'change');
  };
  return { root, repo, file, state: join(root, 'state'), commit };
}

const build = (stage: string, project: string) => ({
  name: stage,
  actions: [
    { name: stage, actionTypeId: BUILD, configuration: { ProjectName: project }, inputArtifacts: [{ name: 'Code' }] },
  ],
});

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function endWhileBuilding(abandon: boolean) {
  const s = setup([build('Slow', 'sleep:1500'), build('After', 'ok')]);
  const f = fakes([codeStarConnectionProvider]);
  const end = new AbortController();
  const ab = new AbortController();
  let slowRunning = false;
  let watching = false;
  const results: PipelineRunResult[] = [];
  const done = watchPipelines({
    files: [s.file],
    cwd: s.repo,
    stateDir: s.state,
    registry: f.registry,
    stopPollMs: 0,
    signal: end.signal,
    abandon: ab.signal,
    onWatching: () => (watching = true),
    onPipelineEvent: (_x, e) => {
      if (e.type === 'action' && e.action === 'Slow' && e.status === 'InProgress') slowRunning = true;
    },
    onExecutionEnd: (e) => results.push(e.result!),
  });
  await until(() => watching);
  s.commit();
  await until(() => slowRunning);
  if (abandon) ab.abort();
  end.abort();
  await done;
  return { results, calls: f.calls };
}

describe('ending a watch', () => {
  it('§5.4 stop and wait: the running build finishes, the next stage never starts, execution Stopped', async () => {
    const { results, calls } = await endWhileBuilding(false);
    expect(results).toHaveLength(1);
    const v = results[0]!.execution;
    expect(v.status).toBe('Stopped');
    expect(calls.get('Slow')).toBe(1);
    expect(calls.get('After')).toBeUndefined();
    expect(JSON.stringify(v)).toContain('Stopped: the watch ended');
  });

  it('§5.4 abandon: the running build is abandoned at once', async () => {
    const t0 = Date.now();
    const { results, calls } = await endWhileBuilding(true);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(results[0]!.execution.status).toBe('Stopped');
    expect(calls.get('After')).toBeUndefined();
  });
});

describe.skipIf(!existsSync(CLI))('codelocal pipeline watch (dist)', () => {
  it('nothing to watch (DetectChanges false): exit 2, WATCH_NOTHING_TO_WATCH with the reason', () => {
    const s = setup([{ name: 'Gate', actions: [{ name: 'Ok', actionTypeId: MANUAL }] }], {
      ...SOURCE,
      configuration: { ...SOURCE.configuration, DetectChanges: 'false' },
    });
    let code = 0;
    let err = '';
    try {
      execFileSync('node', [CLI, 'pipeline', 'watch', s.file, '--state-dir', s.state], { cwd: s.repo, stdio: 'pipe' });
    } catch (e) {
      code = (e as { status: number }).status;
      err = String((e as { stderr: Buffer }).stderr);
    }
    expect(code).toBe(2);
    expect(err).toContain('WATCH_NOTHING_TO_WATCH');
    expect(err).toContain('DetectChanges is false');
  });

  it('SIGTERM ends the watch: exit 143, the started execution is stopped and recorded', async () => {
    const s = setup([{ name: 'Gate', actions: [{ name: 'Ok', actionTypeId: MANUAL }] }]);
    const child = spawn('node', [CLI, 'pipeline', 'watch', s.file, '--state-dir', s.state], {
      cwd: s.repo,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until(() => out.includes('watching 1 pipeline'));
    s.commit();
    await until(() => out.includes('Gate.Ok started'));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(out).toMatch(/stopper [0-9a-f]{8}: started \(WebhookV2: refs\/heads\/main [0-9a-f]{40}\)/);
    expect(out).toMatch(/stopper [0-9a-f]{8}: Stopped/);
  });
});
