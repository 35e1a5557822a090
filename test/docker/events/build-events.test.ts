/*
 * A plain `codelocal build` records "CodeBuild Build State Change" (docs/aws/eventbridge.md §5.2): IN_PROGRESS when
 * it starts and FAILED with the failing phase when it ends (masking is pinned in test/unit/events/build-events.test.ts).
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readEventsLog } from '../../../src/stores/index.js';
import { eventValidators } from '../../unit/events/event-schemas.js';
import { runSpec, spec } from '../codebuild/harness.js';
import { describeDocker } from '../helpers.js';

describeDocker('events: a plain build', () => {
  it('records IN_PROGRESS then FAILED, each valid against its shape', async () => {
    const run = await runSpec({ 'buildspec.yml': spec('phases:\n  build:\n    commands:\n      - exit 4\n') });
    expect(run.build.buildStatus).toBe('FAILED');
    const events = readEventsLog(join(run.state, 'events.jsonl'));
    expect(events.map((e) => e.detail['build-status'])).toEqual(['IN_PROGRESS', 'FAILED']);
    const validate = eventValidators()['CodeBuild Build State Change']!;
    for (const e of events) expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
    expect(events[1]!.detail).toMatchObject({ 'build-id': run.build.arn, 'current-phase': 'COMPLETED' });
    const phases = (events[1]!.detail['additional-information'] as { phases: Record<string, unknown>[] }).phases;
    expect(phases.find((p) => p['phase-type'] === 'BUILD')).toMatchObject({ 'phase-status': 'FAILED' });
  });
});
