/*
 * "CodeBuild Build State Change" (docs/aws/eventbridge.md §5.2): IN_PROGRESS when a build gets its id, the final
 * status when it ends, from the Build codelocal records; secrets are masked before the log is written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventsRecorder } from '../../../src/api/events-recorder.js';
import { newBuildIdentity } from '../../../src/engine/codebuild/build-context.js';
import type { BuildServices, PreparedBuild } from '../../../src/engine/codebuild/index.js';
import { buildEventTime, buildStateEvent, defaultProject, parseBuildspec } from '../../../src/model/index.js';
import { openWorkspace } from '../../../src/workspace/index.js';
import { fakeBuild } from '../../support/fake-build.js';
import { eventValidators } from './event-schemas.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const CTX = { account: '000000000000', region: 'us-east-1' };
const validate = eventValidators()['CodeBuild Build State Change']!;

describe('CodeBuild Build State Change from a finished Build', () => {
  it('a succeeded build: status, phases and additional-information in AWS names', async () => {
    const { build } = await fakeBuild({ buildspec: 'version: 0.2\nphases:\n  build:\n    commands: [echo hi]\n' });
    const e = buildStateEvent(CTX, build);
    expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
    expect(e.resources).toEqual([build.arn]);
    expect(e.detail).toMatchObject({
      'build-status': 'SUCCEEDED',
      'project-name': 'fake',
      'build-id': build.arn,
      'current-phase': 'COMPLETED',
      version: '1',
    });
    const info = e.detail['additional-information'] as Record<string, any>;
    expect(info['build-complete']).toBe(true);
    const phases = info.phases.map((p: Record<string, string>) => p['phase-type']);
    expect(phases.at(-1)).toBe('COMPLETED');
    expect(phases).toContain('BUILD');
    expect(info.phases.at(-1)).not.toHaveProperty('phase-status');
  });

  it('a failed build says FAILED and carries the failing phase context as text', async () => {
    const { build } = await fakeBuild({
      buildspec: 'version: 0.2\nphases:\n  build:\n    commands: [exit 3]\n',
      commands: { 'exit 3': { exitCode: 3 } },
    });
    const e = buildStateEvent(CTX, build);
    expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
    expect(e.detail['build-status']).toBe('FAILED');
    expect(typeof e.detail['current-phase-context']).toBe('string');
  });

  it('writes times as CodeBuild does, not ISO', () => {
    expect(buildEventTime('2017-09-01T16:12:29Z')).toBe('Sep 1, 2017 4:12:29 PM');
    expect(buildEventTime('2017-09-01T00:05:00Z')).toBe('Sep 1, 2017 12:05:00 AM');
  });
});

describe('the recorder build hooks', () => {
  it('records IN_PROGRESS at start and masks secrets in what it writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codelocal-events-'));
    made.push(dir);
    writeFileSync(join(dir, 'codelocal.yml'), 'accountId: "000000000000"\n');
    const ws = openWorkspace({ cwd: dir, projectRoot: dir, stateDir: join(dir, 'state') });
    ws.masker.add('s3cr3t-value');
    const rec = openEventsRecorder(ws);
    const project = defaultProject('proj');
    project.environment.environmentVariables = [{ name: 'TOKEN', value: 's3cr3t-value', type: 'PLAINTEXT' }];
    const prepared = {
      project,
      buildspec: parseBuildspec('version: 0.2\nphases:\n  build:\n    commands: [x]\n', 'b.yml'),
      request: { sourceDir: dir },
      requestedImage: 'aws/codebuild/standard:7.0',
      imageOverrides: {},
    } as unknown as PreparedBuild;
    const seen: string[] = [];
    const hooks: Pick<BuildServices, 'buildStarted'> = rec.withBuildHooks({
      buildStarted: () => void seen.push('inner'),
    });
    hooks.buildStarted!(newBuildIdentity('proj', '000000000000', 'us-east-1', 1), prepared);
    expect(seen).toEqual(['inner']);
    const text = readFileSync(ws.state.eventsLog, 'utf8');
    expect(text).not.toContain('s3cr3t-value');
    const e = JSON.parse(text);
    expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
    expect(e.detail).toMatchObject({
      'build-status': 'IN_PROGRESS',
      'current-phase': 'SUBMITTED',
      'project-name': 'proj',
    });
    expect(e.detail['additional-information'].environment['environment-variables'][0].value).toBe('***');
  });
});
