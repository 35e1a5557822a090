/*
 * A command target of codelocal.yml receives every event of a real pipeline run (issue 15, "a command target
 * receives every event"): the two-builds example, its pipeline, stage and action changes and the
 * "CodeBuild Build State Change" events of both builds, each valid against its shape (docs/aws/eventbridge.md §5).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { AwsEvent } from '../../../src/model/index.js';
import { eventValidators } from '../../unit/events/event-schemas.js';
import { describeDocker } from '../helpers.js';
import { gitRepo, runIn, type Repo } from '../pipeline/harness.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/pipeline-two-builds', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'codelocal-target-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describeDocker('events: a command target during examples/pipeline-two-builds', () => {
  let repo: Repo;
  let run: Awaited<ReturnType<typeof runIn>>;
  beforeAll(async () => {
    const received = join(out, 'received.jsonl');
    repo = await gitRepo(
      { 'codelocal.yml': `events:\n  targets:\n    - command: cat >> '${received}'\n` },
      { copyFrom: EXAMPLE },
    );
    run = await runIn(repo, join(repo.dir, 'pipeline.json'), { projectFiles: [join(repo.dir, 'projects.json')] });
  });

  it('receives exactly what `codelocal events --json` prints, in order, all in their AWS shapes', async () => {
    if (run.execution.status !== 'Succeeded') console.error(run.log);
    expect(run.execution.status).toBe('Succeeded');
    let printed = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((t) => ((printed += String(t)), true));
    try {
      expect(await main(['node', 'codelocal', 'events', '--json', '--state-dir', repo.state])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const logged = printed
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AwsEvent);
    const received = readFileSync(join(out, 'received.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AwsEvent);
    expect(received).toEqual(logged);
    const validators = eventValidators();
    for (const e of received) {
      const validate = validators[e['detail-type']]!;
      expect(validate(e), `${e['detail-type']}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // 3 stages x (2 stage + 2 action events) + 2 pipeline events + 2 builds x (IN_PROGRESS + SUCCEEDED).
    expect(received).toHaveLength(18);
    const builds = received.filter((e) => e['detail-type'] === 'CodeBuild Build State Change');
    expect(builds.map((e) => `${e.detail['project-name']} ${e.detail['build-status']}`)).toEqual([
      'myapp-build IN_PROGRESS',
      'myapp-build SUCCEEDED',
      'myapp-verify IN_PROGRESS',
      'myapp-verify SUCCEEDED',
    ]);
    const buildAction = run.execution.actionExecutionDetails.find((a) => a.actionName === 'CodeBuild')!;
    const buildId = buildAction.output.executionResult.externalExecutionId;
    expect(String(builds[1]!.detail['build-id'])).toMatch(new RegExp(`:build/${buildId}$`));
    const actionDone = received.find((e) => e.detail.action === 'CodeBuild' && e.detail.state === 'SUCCEEDED')!;
    expect(actionDone.detail['execution-result']).toMatchObject({ 'external-execution-id': buildId });
  });
});
