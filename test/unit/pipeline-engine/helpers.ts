/**
 * A pipeline engine without Docker: fake providers registered under real action types, a temp
 * project folder with its own state folder, and helpers to read what history recorded.
 *
 * The fake build (Build/AWS/CodeBuild/1) reads its behaviour from ProjectName:
 *   `ok`, `sleep:MS`, `fail`, `fail-after:MS`, `flaky:N` (fails its first N attempts);
 * it publishes the entries of its (resolved) EnvironmentVariables JSON as output variables and
 * writes `out.txt` into each output. The fake source (Source/AWS/S3/1) writes `source.txt`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ProviderRegistry } from '../../../src/engine/pipeline/registry.js';
import { manualApprovalProvider } from '../../../src/engine/pipeline/actions/manual-approval.js';
import type { ActionProvider, ActionResult, Clock } from '../../../src/engine/pipeline/types.js';
import { runPipeline, type RunPipelineOptions } from '../../../src/api/pipeline.js';
import { ExecutionStore } from '../../../src/stores/execution-store.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export const SOURCE = { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' };
export const BUILD = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' };
export const MANUAL = { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' };
export const S3_DEPLOY = { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

export interface Fakes {
  registry: ProviderRegistry;
  /** Provider calls by action name. */
  calls: Map<string, number>;
}

export function fakes(extra: ActionProvider[] = []): Fakes {
  const calls = new Map<string, number>();
  const count = (name: string) => {
    const n = (calls.get(name) ?? 0) + 1;
    calls.set(name, n);
    return n;
  };
  const source: ActionProvider = {
    types: [SOURCE],
    async run(ctx) {
      count(ctx.actionName);
      for (const o of ctx.outputs) writeFileSync(join(o.dir, 'source.txt'), `from ${ctx.actionName}\n`);
      const format = ctx.configuration.Format as 'CODEBUILD_CLONE_REF' | undefined;
      return {
        status: 'Succeeded',
        outputVariables: { ETag: 'etag-1', VersionId: 'null' },
        revision: { revisionId: 'rev-1' },
        ...(format ? { formats: { [ctx.outputs[0]!.name]: format } } : {}),
      };
    },
  };
  const build: ActionProvider = {
    types: [BUILD],
    acceptsCloneRef: true,
    async run(ctx): Promise<ActionResult> {
      const n = count(ctx.actionName);
      const [mode, arg] = (ctx.configuration.ProjectName ?? 'ok').split(':');
      ctx.log(`fake build ${mode} (call ${n})`);
      if (mode === 'sleep' || mode === 'fail-after') await sleep(Number(arg), ctx.signal);
      if (ctx.signal.aborted) return { status: 'Failed', summary: 'killed' };
      if (mode === 'fail' || mode === 'fail-after' || (mode === 'flaky' && n <= Number(arg))) {
        return { status: 'Failed', summary: `fake failure of ${ctx.actionName}` };
      }
      for (const o of ctx.outputs) writeFileSync(join(o.dir, 'out.txt'), `${ctx.actionName}\n`);
      const vars = JSON.parse(ctx.configuration.EnvironmentVariables ?? '[]') as { name: string; value: string }[];
      return { status: 'Succeeded', outputVariables: Object.fromEntries(vars.map((v) => [v.name, v.value])) };
    },
  };
  return { registry: new ProviderRegistry([source, build, manualApprovalProvider, ...extra]), calls };
}

export function sourceAction(name = 'Src', extra: Record<string, unknown> = {}) {
  return {
    name,
    actionTypeId: SOURCE,
    configuration: { S3Bucket: 'b', S3ObjectKey: 'k.zip' },
    outputArtifacts: [{ name: 'SourceOutput' }],
    ...extra,
  };
}

export function buildAction(name: string, project: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    actionTypeId: BUILD,
    configuration: { ProjectName: project },
    inputArtifacts: [{ name: 'SourceOutput' }],
    ...extra,
  };
}

export function pipelineOf(stages: unknown[], extra: Record<string, unknown> = {}) {
  return {
    name: 'engine-test',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'engine-artifacts' },
    stages: [{ name: 'Source', actions: [sourceAction()] }, ...stages],
    ...extra,
  };
}

export interface Project {
  dir: string;
  state: string;
  file: string;
}

/** A project folder with `pipeline.json` and its own state folder. */
export function project(pipeline: unknown): Project {
  const dir = mkdtempSync(join(tmpdir(), 'codelocal-engine-'));
  made.push(dir);
  const state = join(dir, 'state');
  mkdirSync(state);
  const file = join(dir, 'pipeline.json');
  writeFileSync(file, JSON.stringify(pipeline, null, 2));
  return { dir, state, file };
}

export function run(p: Project, f: Fakes, o: Partial<RunPipelineOptions> = {}) {
  return runPipeline({ file: p.file, cwd: p.dir, stateDir: p.state, registry: f.registry, stopPollMs: 0, ...o });
}

export function openStore(p: Project): ExecutionStore {
  return ExecutionStore.open(join(p.state, 'executions.db'));
}

/** Virtual time: sleeping advances it at once (and yields), so a 5-minute timeout takes milliseconds. */
export function fakeClock(start = Date.parse('2025-01-01T00:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) return;
      now += ms;
      await new Promise((r) => setImmediate(r));
    },
  };
}
