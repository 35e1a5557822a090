/**
 * A failed build's cause (failed command, its last lines, the hint) is recorded under the failed
 * action and shown by the text report and `executions show --json` (issue 17).
 */
import { describe, expect, it } from 'vitest';
import type { ActionProvider } from '../../../src/engine/pipeline/types.js';
import { renderExecution } from '../../../src/cli/render/pipeline-execution.js';
import { executionView } from '../../../src/engine/pipeline/index.js';
import { fakes, openStore, pipelineOf, project, run } from './helpers.js';

const TEST = { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' };
const failure = {
  phase: 'BUILD',
  command: 'npm test',
  exitCode: 1,
  hint: 'the tests failed: see the lines above',
  lastLines: ['FAIL src/a.test.ts', '  expected 1 to be 2'],
};
const failing: ActionProvider = {
  types: [TEST],
  run: async () => ({
    status: 'Failed',
    summary: 'Build terminated with state: FAILED. Phase: BUILD. Code: COMMAND_EXECUTION_ERROR',
    failure,
  }),
};

describe('a failed build action shows its cause', () => {
  it('recorded under the action (codelocal.failure), printed under it in the report', async () => {
    const p = project(
      pipelineOf([
        {
          name: 'Test',
          actions: [
            {
              name: 'Unit',
              actionTypeId: TEST,
              configuration: { ProjectName: 'x' },
              inputArtifacts: [{ name: 'SourceOutput' }],
            },
          ],
        },
      ]),
    );
    const r = await run(p, fakes([failing]));
    expect(r.execution.status).toBe('Failed');
    const store = openStore(p);
    const shown = executionView(store, r.execution.pipelineExecutionId)!;
    store.close();
    const unit = shown.actionExecutionDetails.find((a) => a.actionName === 'Unit')!;
    expect(unit.codelocal.failure).toEqual(failure);
    const text = renderExecution(shown);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  Unit'));
    expect(lines[at + 1]).toContain('What failed: phase BUILD, command `npm test`, exit status 1');
    expect(lines[at + 2]).toBe('        | FAIL src/a.test.ts');
    expect(text).toContain('hint: the tests failed: see the lines above');
  });
});
