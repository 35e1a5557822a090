/** The in-place lifecycle order on one instance (docs/aws/codedeploy.md §3), without Docker. */
import { describe, expect, it } from 'vitest';
import { instanceSteps } from '../../../../src/local-aws/codedeploy/lifecycle.js';

describe('lifecycle events (codedeploy.md §3)', () => {
  it('codedeploy.md §3.1: events run in order; the agent does DownloadBundle and Install', () => {
    expect(instanceSteps(true).map((s) => `${s.event}:${s.kind}`)).toEqual([
      'Start:none',
      'ApplicationStop:hooks',
      'DownloadBundle:agent',
      'BeforeInstall:hooks',
      'Install:agent',
      'AfterInstall:hooks',
      'ApplicationStart:hooks',
      'ValidateService:hooks',
      'End:none',
    ]);
  });

  it("codedeploy.md §3.2: ApplicationStop runs the previous revision's scripts, and not on a first install", () => {
    expect(instanceSteps(true)[1]).toEqual({ event: 'ApplicationStop', kind: 'hooks', from: 'previous' });
    expect(instanceSteps(false)[1]).toMatchObject({ event: 'ApplicationStop', kind: 'none' });
    expect(instanceSteps(true).filter((s) => s.kind === 'hooks' && s.from === 'current')).toHaveLength(4);
  });
});
