/**
 * A Commands rule runs in the runner image like a Commands action (docs/aws/codepipeline.md §12.6):
 * a `beforeEntry` condition whose commands fail keeps the execution out of the stage; one whose
 * commands succeed lets it in. The rule's build is recorded under `Deploy:beforeEntry`.
 */
import { expect, it } from 'vitest';
import { describeDocker } from '../helpers.js';
import { CODEBUILD, connectionSource, gitRepo, pipelineFile, projectsFile, runIn } from './harness.js';

const commandsRule = (commands: string[]) => ({
  conditions: [
    {
      result: 'FAIL',
      rules: [
        {
          name: 'Check',
          ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'Commands', version: '1' },
          commands,
          inputArtifacts: [{ name: 'Code' }],
          configuration: {},
        },
      ],
    },
  ],
});

describeDocker('stage condition rules in containers', () => {
  it('§12.6 a Commands rule gates the stage by its exit status', async () => {
    const repo = await gitRepo({ 'README.md': '# app\n' });
    const projects = projectsFile(repo.state, {
      ok: { buildspec: 'version: 0.2\nphases:\n  build:\n    commands:\n      - true\n' },
    });
    const deploy = (commands: string[]) => ({
      name: 'Deploy',
      beforeEntry: commandsRule(commands),
      actions: [
        {
          name: 'Ship',
          actionTypeId: CODEBUILD,
          inputArtifacts: [{ name: 'Code' }],
          configuration: { ProjectName: 'ok' },
        },
      ],
    });
    const source = { name: 'Source', actions: [connectionSource('Code', 'Code')] };

    const passing = pipelineFile(repo.state, [source, deploy(['test -f README.md'])], 'rules-pass');
    const ok = await runIn(repo, passing, { projectFiles: [projects] });
    expect(ok.execution.status, ok.log).toBe('Succeeded');
    const rule = ok.execution.actionExecutionDetails.find((a) => a.actionName === 'Check')!;
    expect(rule.stageName).toBe('Deploy:beforeEntry');
    expect(rule.status).toBe('Succeeded');

    const failing = pipelineFile(repo.state, [source, deploy(['test -f NOPE.md'])], 'rules-fail');
    const held = await runIn(repo, failing, { projectFiles: [projects] });
    expect(held.execution.status).toBe('Failed');
    expect(held.execution.actionExecutionDetails.some((a) => a.actionName === 'Ship')).toBe(false);
    expect(held.execution.codelocal.stages.find((s) => s.name === 'Deploy')!.conditions![0]!.status).toBe('Failed');
  }, 300_000);
});
