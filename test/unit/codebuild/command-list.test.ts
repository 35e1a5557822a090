// A phase's commands go to the agent as one `B` request (agent.sh, agent-session.ts runList): the log must read
// exactly as one request per command would make it (docs/aws/codebuild.md §2.3: `Running command` before each
// command's output, the first failure stops the list and is named, `finally` still runs).
import { describe, expect, it } from 'vitest';
import { fakeBuild } from '../../support/fake-build.js';

const SPEC = `version: 0.2
phases:
  build:
    commands:
      - echo one
      - fails
      - echo never
    finally:
      - echo cleanup
`;

describe('a phase list in one request', () => {
  it('sends each list as one B request and logs each command before its own output', async () => {
    const r = await fakeBuild({
      buildspec: SPEC,
      commands: {
        'echo one': { output: 'one\n' },
        fails: { output: 'broken\n', exitCode: 3 },
        'echo cleanup': { output: 'cleanup\n' },
      },
    });
    const lists = r.container.requests.filter((q) => q.startsWith('B '));
    expect(lists).toHaveLength(2); // commands, then finally
    expect(r.container.requests.some((q) => q.startsWith('R '))).toBe(false);
    expect(r.container.ran).toEqual(['echo one', 'fails', 'echo cleanup']);
    const body = r.log.split('\n');
    const at = (text: string) => body.findIndex((l) => l.startsWith('[Container] ') && l.endsWith(` ${text}`));
    const output = (text: string) => body.indexOf(text);
    expect(at('Running command echo one')).toBeGreaterThan(0);
    expect(at('Running command echo one')).toBeLessThan(output('one'));
    expect(output('one')).toBeLessThan(at('Running command fails'));
    expect(at('Running command fails')).toBeLessThan(output('broken'));
    expect(output('broken')).toBeLessThan(at('Command did not exit successfully fails exit status 3'));
    expect(r.log).not.toContain('Running command echo never');
    expect(r.log).toContain('cleanup');
    expect(r.build.buildStatus).toBe('FAILED');
  });

  it('the failure summary carries the failing command output only', async () => {
    const r = await fakeBuild({
      buildspec: SPEC,
      commands: { 'echo one': { output: 'one\n' }, fails: { output: 'broken\n', exitCode: 3 } },
    });
    const phase = r.build.phases.find((p) => p.phaseType === 'BUILD');
    expect(phase?.contexts?.[0]?.message).toBe('Error while executing command: fails. Reason: exit status 3');
    const failure = r.build.codelocal.failure;
    expect(failure?.command).toBe('fails');
    expect(failure?.lastLines).toEqual(['broken']);
  });
});
