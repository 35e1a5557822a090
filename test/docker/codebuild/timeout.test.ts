/** Timeouts and stop: docs/aws/codebuild.md §2.6, §8.27. */
import { expect, it } from 'vitest';
import { describeDocker, getRuntime } from '../helpers.js';
import { runSpec, spec } from './harness.js';

describeDocker('build: timeout and stop', () => {
  it('docs/aws/codebuild.md §8.27: a build past its timeout ends TIMED_OUT and its container is removed', async () => {
    const started = Date.now();
    const { build, log } = await runSpec(
      { 'buildspec.yml': spec(`phases:\n  build:\n    commands:\n      - sleep 400\n`) },
      { timeoutSeconds: 3 },
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(build.buildStatus).toBe('TIMED_OUT');
    expect(build.phases.find((p) => p.phaseType === 'BUILD')?.phaseStatus).toBe('TIMED_OUT');
    expect(log).toContain('Phase complete: BUILD State: TIMED_OUT');
    // The engine removes the container once its agent ends (AutoRemove): poll briefly.
    const runtime = await getRuntime();
    let left = await runtime.listResources({ labels: { 'codelocal.build-id': build.id } });
    for (let i = 0; i < 50 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = await runtime.listResources({ labels: { 'codelocal.build-id': build.id } });
    }
    expect(left).toEqual([]);
  });

  it('an aborted build ends STOPPED', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    const { build } = await runSpec(
      { 'buildspec.yml': spec(`phases:\n  build:\n    commands:\n      - sleep 300\n`) },
      { signal: controller.signal },
    );
    expect(build.buildStatus).toBe('STOPPED');
  });
});
