/**
 * A state folder with recorded history for the UI server tests and the bench: pipeline executions (with
 * their definition, action records and log files) and standalone builds, written through the real
 * ExecutionStore, so the server reads exactly what a run would have left.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionStore } from '../../../src/stores/index.js';

export const DEFINITION = {
  name: 'web',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  stages: [
    {
      name: 'Source',
      actions: [
        { name: 'Code', runOrder: 1, actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' } },
      ],
    },
    {
      name: 'Build',
      actions: [
        {
          name: 'Compile',
          runOrder: 1,
          actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
        },
        {
          name: 'Approve',
          runOrder: 2,
          actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
        },
      ],
    },
  ],
};

export interface Fixture {
  root: string;
  state: string;
  executionId: string;
  actionId: string;
  logPath: string;
}

/** `pipelines` executions of pipeline `web` and `builds` standalone builds, alternating in time. */
export function makeHistory(pipelines = 3, builds = 2): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'codelocal-ui-'));
  const state = join(root, '.codelocal');
  mkdirSync(state, { recursive: true });
  const store = ExecutionStore.open(join(state, 'executions.db'));
  const t0 = Date.UTC(2026, 0, 1);
  let executionId = '';
  for (let i = 0; i < pipelines; i++) {
    executionId = `exec-${String(i).padStart(5, '0')}`;
    store.insertPipelineExecution({
      id: executionId,
      pipeline: i % 2 ? 'api' : 'web',
      status: i === pipelines - 1 ? 'InProgress' : i % 3 === 0 ? 'Failed' : 'Succeeded',
      startTime: t0 + i * 2000,
      endTime: i === pipelines - 1 ? undefined : t0 + i * 2000 + 1500,
      trigger: { triggerType: 'StartPipelineExecution', triggerDetail: 'codelocal (test)' },
      definition: DEFINITION,
      result: { artifactRevisions: [{ name: 'Code', revisionId: `rev${i}` }], stages: [], pipelineVersion: 1 },
    });
  }
  for (let i = 0; i < builds; i++) {
    store.insertBuild({
      id: `app:build-${i}`,
      project: 'app',
      status: 'SUCCEEDED',
      startTime: t0 + i * 2000 + 1000,
      endTime: t0 + i * 2000 + 1900,
    });
  }
  const logDir = join(state, 'pipeline-executions', executionId);
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, 'Build.Compile.log');
  writeFileSync(logPath, '[Container] 2026/01/01 00:00:00.000000 Entering phase BUILD\nhello\n');
  const actionId = 'action-1';
  store.insertActionExecution({
    id: actionId,
    executionId,
    stage: 'Build',
    action: 'Compile',
    status: 'InProgress',
    logPath,
    input: { actionTypeId: DEFINITION.stages[1]!.actions[0]!.actionTypeId, resolvedConfiguration: {} },
  });
  store.close();
  return { root, state, executionId, actionId, logPath };
}
