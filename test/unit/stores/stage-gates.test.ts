/**
 * The shared stage gate (docs/aws/codepipeline.md §12.1–§12.4) as two processes see it: one
 * `BEGIN IMMEDIATE` decision per look; a lock left by a dead process, or by an execution that is no
 * longer running, is swept so a crash never blocks a stage; superseding marks the older waiter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExecutionStore } from '../../../src/stores/execution-store.js';
import { StageGateStore } from '../../../src/stores/stage-gates.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function db(): string {
  const d = mkdtempSync(join(tmpdir(), 'codelocal-gates-'));
  dirs.push(d);
  const path = join(d, 'executions.db');
  ExecutionStore.open(path).close(); // the history schema (pipeline_executions) the sweep reads
  return path;
}

const req = (executionId: string, startedAt: number, mode: 'SUPERSEDED' | 'QUEUED' | 'PARALLEL' = 'SUPERSEDED') => ({
  pipeline: 'p',
  stage: 'Build',
  executionId,
  startedAt,
  mode,
});

describe('StageGateStore', () => {
  it('one execution holds a stage; another waits until it leaves', () => {
    const g = StageGateStore.open(db());
    expect(g.tryEnter(req('a', 1))).toEqual({ answer: 'enter' });
    expect(g.tryEnter(req('b', 2))).toMatchObject({ answer: 'wait', reason: 'locked', holder: 'a' });
    g.leave('p', 'Build', 'a');
    expect(g.tryEnter(req('b', 2))).toEqual({ answer: 'enter' });
    g.close();
  });

  it('a lock whose process died is swept: the stage is never blocked forever', () => {
    const path = db();
    const crashed = StageGateStore.open(path);
    expect(crashed.tryEnter(req('a', 1))).toEqual({ answer: 'enter' });
    crashed.close();
    // Another process that sees the holder's pid gone (same host) takes the stage.
    const other = StageGateStore.open(path, () => false);
    expect(other.tryEnter(req('b', 2))).toEqual({ answer: 'enter' });
    expect(other.holder('p', 'Build')).toBe('b');
    other.close();
  });

  it('a lock held by an execution that is no longer running is swept', () => {
    const path = db();
    const h = ExecutionStore.open(path);
    h.insertPipelineExecution({ id: 'a', pipeline: 'p', status: 'InProgress' });
    const g = StageGateStore.open(path);
    g.tryEnter(req('a', 1));
    expect(g.tryEnter(req('b', 2))).toMatchObject({ answer: 'wait' });
    h.updatePipelineExecution('a', { status: 'Failed' });
    expect(g.tryEnter(req('b', 2))).toEqual({ answer: 'enter' });
    g.close();
    h.close();
  });

  it('SUPERSEDED: a newer arrival overtakes the older waiter; QUEUED keeps arrival order', () => {
    const g = StageGateStore.open(db());
    g.tryEnter(req('a', 1));
    expect(g.tryEnter(req('b', 2))).toMatchObject({ answer: 'wait' });
    expect(g.tryEnter(req('c', 3))).toMatchObject({ answer: 'wait' });
    expect(g.tryEnter(req('b', 2))).toEqual({ answer: 'superseded', by: 'c' });
    expect(g.waiting('p', 'Build')).toEqual(['c']);

    const q = StageGateStore.open(db());
    q.tryEnter(req('a', 1, 'QUEUED'));
    q.tryEnter(req('b', 2, 'QUEUED'));
    q.tryEnter(req('c', 3, 'QUEUED'));
    q.leave('p', 'Build', 'a');
    expect(q.tryEnter(req('c', 3, 'QUEUED'))).toMatchObject({ answer: 'wait', reason: 'queued', holder: 'b' });
    expect(q.tryEnter(req('b', 2, 'QUEUED'))).toEqual({ answer: 'enter' });
    g.close();
    q.close();
  });

  it('PARALLEL takes no lock; a disabled transition holds every mode', () => {
    const g = StageGateStore.open(db());
    expect(g.tryEnter(req('a', 1, 'PARALLEL'))).toEqual({ answer: 'enter' });
    expect(g.tryEnter(req('b', 2, 'PARALLEL'))).toEqual({ answer: 'enter' });
    expect(g.holder('p', 'Build')).toBeUndefined();
    g.setTransition('p', 'Build', false, 'freeze');
    expect(g.tryEnter(req('c', 3, 'PARALLEL'))).toMatchObject({ answer: 'wait', reason: 'transition' });
    g.setTransition('p', 'Build', true);
    expect(g.tryEnter(req('c', 3, 'PARALLEL'))).toEqual({ answer: 'enter' });
    g.close();
  });
});
