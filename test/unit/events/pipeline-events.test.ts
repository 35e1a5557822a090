/*
 * Every pipeline, stage and action state change of a run is recorded in the events log in CodePipeline's
 * EventBridge shapes (docs/aws/eventbridge.md §5.1), `codelocal events --json` prints them valid against those
 * shapes, and the codelocal.yml targets receive them (docs/events.md). Docker-free: the fake engine providers.
 */
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { retryPipeline } from '../../../src/api/pipeline.js';
import type { AwsEvent } from '../../../src/model/index.js';
import { buildAction, fakes, pipelineOf, project, run, type Project } from '../pipeline-engine/helpers.js';
import { eventValidators } from './event-schemas.js';

afterEach(() => {
  process.exitCode = undefined;
});

async function cli(...args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    await main(['node', 'codelocal', ...args]);
    return { out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const lines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AwsEvent);

async function eventsOf(p: Project, ...extra: string[]): Promise<AwsEvent[]> {
  return lines((await cli('events', '--json', '--state-dir', p.state, ...extra)).out);
}

/** `kind state` per event, e.g. `stage Build STARTED`, to compare sequences. */
function steps(events: AwsEvent[]): string[] {
  return events.map((e) => {
    const d = e.detail as Record<string, string>;
    if (e['detail-type'].includes('Pipeline Execution')) return `pipeline ${d.state}`;
    if (e['detail-type'].includes('Stage')) return `stage ${d.stage} ${d.state}`;
    return `action ${d.stage}.${d.action} ${d.state}`;
  });
}

describe('pipeline state-change events (docs/aws/eventbridge.md §5.1)', () => {
  it('a succeeded run records every change in order, each valid against its detail-type schema', async () => {
    const p = project(
      pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok', { outputArtifacts: [{ name: 'BuildOut' }] })] }]),
    );
    const r = await run(p, fakes());
    const events = await eventsOf(p);
    expect(steps(events)).toEqual([
      'pipeline STARTED',
      'stage Source STARTED',
      'action Source.Src STARTED',
      'action Source.Src SUCCEEDED',
      'stage Source SUCCEEDED',
      'stage Build STARTED',
      'action Build.B STARTED',
      'action Build.B SUCCEEDED',
      'stage Build SUCCEEDED',
      'pipeline SUCCEEDED',
    ]);
    const validators = eventValidators();
    for (const e of events) {
      const validate = validators[e['detail-type']]!;
      expect(validate(e), `${e['detail-type']}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(e.detail['execution-id']).toBe(r.execution.pipelineExecutionId);
      expect(e.resources).toEqual(['arn:aws:codepipeline:us-east-1:123456789012:engine-test']);
    }
    expect(events[0]!.detail['execution-trigger']).toMatchObject({ 'trigger-type': 'StartPipelineExecution' });
    const buildStarted = events[6]!.detail;
    expect(buildStarted.type).toEqual({ owner: 'AWS', provider: 'CodeBuild', category: 'Build', version: '1' });
    expect(buildStarted['input-artifacts']).toMatchObject([
      { name: 'SourceOutput', s3location: { bucket: 'engine-artifacts' } },
    ]);
    expect(events[7]!.detail['output-artifacts']).toMatchObject([
      { name: 'BuildOut', s3location: { bucket: 'engine-artifacts' } },
    ]);
  });

  it('a failure is recorded as FAILED with an error code, and a retry RESUMES the execution', async () => {
    const p = project(pipelineOf([{ name: 'Build', actions: [buildAction('B', 'flaky:1')] }]));
    const f = fakes();
    const first = await run(p, f);
    expect(first.execution.status).toBe('Failed');
    const failed = (await eventsOf(p)).find((e) => e.detail.state === 'FAILED' && e.detail.action === 'B')!;
    expect(failed.detail['execution-result']).toMatchObject({
      'external-execution-summary': 'fake failure of B',
      'error-code': 'JobFailed',
    });
    expect(steps(await eventsOf(p)).slice(-2)).toEqual(['stage Build FAILED', 'pipeline FAILED']);
    await retryPipeline({
      executionId: first.execution.pipelineExecutionId,
      cwd: p.dir,
      stateDir: p.state,
      registry: f.registry,
      stopPollMs: 0,
    });
    const after = steps(await eventsOf(p));
    expect(after.slice(-6)).toEqual([
      'pipeline RESUMED',
      'stage Build STARTED',
      'action Build.B STARTED',
      'action Build.B SUCCEEDED',
      'stage Build SUCCEEDED',
      'pipeline SUCCEEDED',
    ]);
  });

  it('--pattern selects events with EventBridge matching; plain output is one line per event', async () => {
    const p = project(pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok')] }]));
    await run(p, fakes());
    const stageOnly = JSON.stringify({
      'detail-type': ['CodePipeline Stage Execution State Change'],
      detail: { state: ['SUCCEEDED'] },
    });
    expect(steps(await eventsOf(p, '--pattern', stageOnly))).toEqual([
      'stage Source SUCCEEDED',
      'stage Build SUCCEEDED',
    ]);
    const plain = (await cli('events', '--state-dir', p.state)).out.trim().split('\n');
    expect(plain).toHaveLength(10);
    expect(plain[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+Z {2}pipeline {2}engine-test [0-9a-f]{8} STARTED \(StartPipelineExecution\)$/,
    );
  });
});

describe('events.targets in codelocal.yml (docs/events.md)', () => {
  it('a command target receives every event of the run on stdin, in order; a pattern narrows another', async () => {
    const p = project(pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok')] }]));
    writeFileSync(
      join(p.dir, 'codelocal.yml'),
      [
        'events:',
        '  targets:',
        '    - command: cat >> all.jsonl',
        '    - command: cat >> stages.jsonl',
        '      pattern:',
        '        detail-type: [CodePipeline Stage Execution State Change]',
        '',
      ].join('\n'),
    );
    await run(p, fakes());
    const logged = await eventsOf(p);
    expect(lines(readFileSync(join(p.dir, 'all.jsonl'), 'utf8'))).toEqual(logged);
    const stages = lines(readFileSync(join(p.dir, 'stages.jsonl'), 'utf8'));
    expect(stages).toEqual(logged.filter((e) => e['detail-type'] === 'CodePipeline Stage Execution State Change'));
  });

  it('a url target gets each event POSTed; a failing target is reported and the run still succeeds', async () => {
    const received: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ type: req.headers['content-type'], event: JSON.parse(body) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const p = project(pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok')] }]));
      writeFileSync(
        join(p.dir, 'codelocal.yml'),
        `events:\n  targets:\n    - url: http://127.0.0.1:${port}/hook\n    - command: exit 7\n`,
      );
      const notices: string[] = [];
      const r = await run(p, fakes(), { onEvent: (e) => e.type === 'notice' && notices.push(e.message) });
      expect(r.execution.status).toBe('Succeeded');
      expect(received).toHaveLength(10);
      expect(received[0]).toMatchObject({
        type: 'application/json',
        event: { 'detail-type': 'CodePipeline Pipeline Execution State Change' },
      });
      expect(notices).toHaveLength(10);
      expect(notices[0]).toMatch(/events target command "exit 7" exited with 7/);
    } finally {
      server.close();
    }
  });
});

describe('stopping (docs/aws/eventbridge.md §5.1)', () => {
  it('stop and abandon records STOPPING, the abandoned action, then STOPPED', async () => {
    const { StopController } = await import('../../../src/engine/pipeline/index.js');
    const p = project(pipelineOf([{ name: 'Build', actions: [buildAction('B', 'sleep:5000')] }]));
    const stop = new StopController();
    const r = await run(p, fakes(), {
      stop,
      onEvent: (e) => {
        if (e.type === 'action' && e.action === 'B' && e.status === 'InProgress')
          setTimeout(() => stop.request(true), 20);
      },
    });
    expect(r.execution.status).toBe('Stopped');
    const s = steps(await eventsOf(p));
    expect(s.slice(0, 7)).toEqual([
      'pipeline STARTED',
      'stage Source STARTED',
      'action Source.Src STARTED',
      'action Source.Src SUCCEEDED',
      'stage Source SUCCEEDED',
      'stage Build STARTED',
      'action Build.B STARTED',
    ]);
    expect(s.slice(7)).toEqual([
      'stage Build STOPPING',
      'pipeline STOPPING',
      'action Build.B ABANDONED',
      'stage Build STOPPED',
      'pipeline STOPPED',
    ]);
  });
});
