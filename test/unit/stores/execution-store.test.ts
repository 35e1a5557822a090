import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ExecutionStore } from '../../../src/stores/execution-store.js';
import { useTempDirs } from './helpers.js';

// A second, independent writer: another thread with its own connection, as another codelocal
// process would have. Plain SQL so the worker needs no TypeScript.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.mod);
const db = new Database(workerData.path, { timeout: 10000 });
db.pragma('journal_mode = WAL');
const ins = db.prepare("INSERT INTO builds (id, project, status, start_time, pid, host) VALUES (?, 'p', 'IN_PROGRESS', ?, 1, 'w')");
const num = db.prepare("INSERT INTO build_numbers (project, last) VALUES ('p', 1) ON CONFLICT(project) DO UPDATE SET last = last + 1 RETURNING last");
parentPort.postMessage({ ready: true });
const start = Date.now();
for (let i = 0; i < workerData.n; i++) { ins.run(workerData.tag + ':' + i, Date.now()); num.get(); }
const end = Date.now();
db.close();
parentPort.postMessage({ start, end });
`;

describe('execution history (SQLite)', () => {
  const tmp = useTempDirs();

  it('a record survives closing and reopening, with the schema version set', () => {
    const path = join(tmp(), 'executions.db');
    const s1 = ExecutionStore.open(path);
    s1.insertBuild({ id: 'proj:1', project: 'proj', buildNumber: s1.nextBuildNumber('proj'), logPath: '/l' });
    s1.updateBuild('proj:1', { status: 'SUCCEEDED', endTime: 123, result: { buildStatus: 'SUCCEEDED' } });
    s1.close();
    const s2 = ExecutionStore.open(path);
    expect(s2.getBuild('proj:1')).toMatchObject({
      project: 'proj',
      buildNumber: 1,
      status: 'SUCCEEDED',
      endTime: 123,
      logPath: '/l',
      result: { buildStatus: 'SUCCEEDED' },
      pid: process.pid,
    });
    expect(s2.nextBuildNumber('proj')).toBe(2);
    s2.close();
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    raw.close();
  });

  it('two connections writing at the same time lose nothing and do not corrupt the file', async () => {
    const path = join(tmp(), 'executions.db');
    const store = ExecutionStore.open(path);
    const mod = createRequire(import.meta.url).resolve('better-sqlite3');
    const n = 500;
    const worker = new Worker(WORKER, { eval: true, workerData: { path, mod, n, tag: 'w' } });
    const messages: { ready?: boolean; start?: number; end?: number }[] = [];
    const ready = new Promise<void>((res) => worker.on('message', (m) => (messages.push(m), m.ready && res())));
    const finished = new Promise<void>((res, rej) => {
      worker.on('message', (m) => m.end && res());
      worker.once('error', rej);
    });
    await ready;
    const mainStart = Date.now();
    for (let i = 0; i < n; i++) {
      store.insertBuild({ id: `m:${i}`, project: 'p' });
      store.nextBuildNumber('p');
    }
    const mainEnd = Date.now();
    await finished;
    const w = messages.find((m) => m.end)!;
    // the two writers really overlapped in time
    expect(w.start! <= mainEnd && mainStart <= w.end!).toBe(true);
    expect(store.listBuilds({ project: 'p', limit: 10_000 })).toHaveLength(2 * n);
    expect(store.nextBuildNumber('p')).toBe(2 * n + 1);
    store.close();
    const raw = new Database(path);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });

  it('pipeline executions, action executions and approvals', () => {
    const s = ExecutionStore.open(join(tmp(), 'executions.db'));
    s.insertPipelineExecution({
      id: 'e1',
      pipeline: 'pipe',
      trigger: { triggerType: 'StartPipelineExecution' },
      definition: { name: 'pipe' },
    });
    s.insertActionExecution({ id: 'a1', executionId: 'e1', stage: 'Source', action: 'Src', startTime: 1 });
    s.insertActionExecution({
      id: 'a2',
      executionId: 'e1',
      stage: 'Build',
      action: 'Build',
      startTime: 2,
      input: { n: 1 },
    });
    s.updateActionExecution('a1', { status: 'Succeeded', endTime: 5, output: { artifacts: ['x'] } });
    expect(() => s.insertActionExecution({ id: 'a3', executionId: 'missing', stage: 's', action: 'a' })).toThrow(
      /FOREIGN KEY/,
    );
    expect(s.listActionExecutions('e1').map((a) => [a.id, a.status])).toEqual([
      ['a1', 'Succeeded'],
      ['a2', 'InProgress'],
    ]);
    s.createApproval({ token: 't1', executionId: 'e1', stage: 'Approve', action: 'Manual' });
    expect(s.decideApproval('t1', 'Approved', { summary: 'lgtm', by: 'me' })).toBe(true);
    expect(s.decideApproval('t1', 'Rejected')).toBe(false);
    expect(s.getApproval('t1')).toMatchObject({ status: 'Approved', summary: 'lgtm', decidedBy: 'me' });
    s.createApproval({ token: 't2', executionId: 'e1', stage: 'Approve2', action: 'Manual' });
    expect(s.listApprovals({ executionId: 'e1', status: 'Pending' }).map((a) => a.token)).toEqual(['t2']);
    expect(s.listApprovals().map((a) => a.token)).toEqual(['t1', 't2']);
    s.updatePipelineExecution('e1', { status: 'Succeeded', endTime: 9, variables: { 'Build.X': '1' } });
    expect(s.getPipelineExecution('e1')).toMatchObject({
      status: 'Succeeded',
      trigger: { triggerType: 'StartPipelineExecution' },
      definition: { name: 'pipe' },
      variables: { 'Build.X': '1' },
    });
    expect(s.listPipelineExecutions({ pipeline: 'pipe' })).toHaveLength(1);
    expect(s.matchIds('pipeline_executions', 'e')).toEqual(['e1']);
    s.close();
  });

  it('the redact hook keeps secrets out of the file, even inside JSON strings and keys', () => {
    const dir = tmp();
    const path = join(dir, 'executions.db');
    const secret = 'hunter2"\\quoted';
    const s = ExecutionStore.open(path, { redact: (t) => t.replaceAll(secret, '***') });
    s.insertBuild({ id: 'b', project: 'p', result: { env: [{ name: 'PW', value: secret }], [secret]: 1 } });
    s.insertPipelineExecution({ id: 'e', pipeline: 'p', statusSummary: `failed with ${secret}` });
    expect(s.getBuild('b')!.result).toEqual({ env: [{ name: 'PW', value: '***' }], '***': 1 });
    expect(s.getPipelineExecution('e')!.statusSummary).toBe('failed with ***');
    s.close();
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).includes('hunter2')).toBe(false);
  });

  it('runs orphaned by a dead process are closed; live ones are left alone', () => {
    const s = ExecutionStore.open(join(tmp(), 'executions.db'));
    s.insertBuild({ id: 'dead', project: 'p', pid: 111 });
    s.insertBuild({ id: 'live', project: 'p', pid: 222 });
    s.insertPipelineExecution({ id: 'e', pipeline: 'x', pid: 111 });
    s.insertActionExecution({ id: 'a', executionId: 'e', stage: 's', action: 'a' });
    s.createApproval({ token: 't', executionId: 'e', stage: 's', action: 'm' });
    expect(s.markOrphans((pid) => pid === 222)).toEqual({ builds: 1, pipelineExecutions: 1 });
    expect(s.getBuild('dead')!.status).toBe('FAULT');
    expect(s.getBuild('live')!.status).toBe('IN_PROGRESS');
    expect(s.getPipelineExecution('e')!.status).toBe('Failed');
    expect(s.getActionExecution('a')!.status).toBe('Abandoned');
    expect(s.getApproval('t')!.status).toBe('Expired');
    s.close();
  });

  it('refuses a database from a newer codelocal', () => {
    const path = join(tmp(), 'executions.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => ExecutionStore.open(path)).toThrow(
      expect.objectContaining({ code: 'EXECUTION_DB_TOO_NEW', kind: 'environment' }),
    );
  });
});
