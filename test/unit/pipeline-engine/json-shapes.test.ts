/**
 * `--json` as the AWS CLI prints it, so jq filters written for AWS work unchanged (issue 17):
 * an execution is get-pipeline-execution's {pipelineExecution} beside list-action-executions'
 * {actionExecutionDetails}; the list is list-pipeline-executions' {pipelineExecutionSummaries}.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { buildAction, fakes, pipelineOf, project, run } from './helpers.js';

afterEach(() => {
  process.exitCode = undefined;
});

async function cli(...args: string[]): Promise<string> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await main(['node', 'codelocal', ...args]);
    return out;
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('--json shapes of pipeline history', () => {
  it('executions show --json: {pipelineExecution, actionExecutionDetails}; list --json: {pipelineExecutionSummaries}', async () => {
    const p = project(pipelineOf([{ name: 'Build', actions: [buildAction('B', 'ok')] }]));
    const r = await run(p, fakes());
    const id = r.execution.pipelineExecutionId;
    const shown = JSON.parse(await cli('executions', 'show', id, '--json', '--state-dir', p.state));
    expect(Object.keys(shown)).toEqual(['pipelineExecution', 'actionExecutionDetails']);
    expect(shown.pipelineExecution).toMatchObject({ pipelineExecutionId: id, status: 'Succeeded' });
    expect(shown.pipelineExecution.actionExecutionDetails).toBeUndefined();
    expect(shown.actionExecutionDetails.map((a: { actionName: string }) => a.actionName).sort()).toEqual(['B', 'Src']);
    const listed = JSON.parse(await cli('executions', 'list', '--json', '--state-dir', p.state));
    expect(listed.pipelineExecutionSummaries[0].pipelineExecutionId).toBe(id);
  });
});
