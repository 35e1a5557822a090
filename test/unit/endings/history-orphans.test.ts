import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecutionStore } from '../../../src/stores/index.js';
import { openHistory, openWorkspace } from '../../../src/workspace/index.js';

describe('every opening of the history closes orphans', () => {
  it('a build and an execution left in progress by a dead pid are closed FAULT / Failed', () => {
    const root = mkdtempSync(join(tmpdir(), 'codelocal-orphans-'));
    writeFileSync(join(root, 'codelocal.yml'), '{}\n');
    const ws = openWorkspace({ cwd: root, projectRoot: root });
    ws.state.ensure();
    const raw = ExecutionStore.open(ws.state.executionsDb);
    const dead = { pid: 999_999, host: hostname() };
    raw.insertBuild({ id: 'p:1', project: 'p', ...dead });
    raw.insertPipelineExecution({ id: 'e1', pipeline: 'pl', ...dead });
    raw.insertBuild({ id: 'p:2', project: 'p' }); // this process: alive, stays in progress
    raw.close();

    const store = openHistory(ws);
    try {
      expect(store.getBuild('p:1')?.status).toBe('FAULT');
      expect(store.getPipelineExecution('e1')?.status).toBe('Failed');
      expect(store.getBuild('p:2')?.status).toBe('IN_PROGRESS');
    } finally {
      store.close();
    }
  });
});
