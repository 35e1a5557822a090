/** Deployment configuration arithmetic (docs/aws/codedeploy.md §4), without Docker. */
import { describe, expect, it } from 'vitest';
import {
  PREDEFINED_CONFIGS,
  batchesOf,
  deploymentConfigFor,
  minimumHealthyCount,
  verdict,
} from '../../../../src/local-aws/codedeploy/deployment-config.js';

const ALL = PREDEFINED_CONFIGS['CodeDeployDefault.AllAtOnce']!;
const HALF = PREDEFINED_CONFIGS['CodeDeployDefault.HalfAtATime']!;
const ONE = PREDEFINED_CONFIGS['CodeDeployDefault.OneAtATime']!;

describe('deployment configurations (codedeploy.md §4)', () => {
  it('codedeploy.md §4.1: AllAtOnce deploys every instance in one batch and succeeds when one succeeds', () => {
    expect(batchesOf(ALL, 3)).toEqual([[0, 1, 2]]);
    expect(verdict(ALL, { instances: 3, succeeded: 1, failed: 2 })).toBe('succeeded');
    expect(verdict(ALL, { instances: 3, succeeded: 0, failed: 3 })).toBe('failed');
  });

  it('codedeploy.md §4.1: HalfAtATime on 9 instances deploys 4 at a time and needs 5', () => {
    expect(minimumHealthyCount(HALF, 9)).toBe(5);
    expect(batchesOf(HALF, 9).map((b) => b.length)).toEqual([4, 4, 1]);
    expect(verdict(HALF, { instances: 9, succeeded: 4, failed: 0 })).toBe('continue');
    expect(verdict(HALF, { instances: 9, succeeded: 5, failed: 4 })).toBe('succeeded');
    expect(verdict(HALF, { instances: 9, succeeded: 3, failed: 5 })).toBe('failed');
    expect(batchesOf(HALF, 2)).toEqual([[0], [1]]);
  });

  it('codedeploy.md §4.3: OneAtATime fails on any instance but the last, and tolerates the last', () => {
    expect(batchesOf(ONE, 2)).toEqual([[0], [1]]);
    expect(verdict(ONE, { instances: 2, succeeded: 0, failed: 1 })).toBe('failed');
    expect(verdict(ONE, { instances: 2, succeeded: 1, failed: 0 })).toBe('continue');
    expect(verdict(ONE, { instances: 2, succeeded: 1, failed: 1 })).toBe('succeeded');
    expect(verdict(ONE, { instances: 1, succeeded: 0, failed: 1 })).toBe('failed');
  });

  it('codedeploy.md §4.2: a percentage rounds up at the start; at 85% of 10 one failure fails the deployment', () => {
    const c = deploymentConfigFor('Custom.85', { type: 'FLEET_PERCENT', value: 85 })!;
    expect(minimumHealthyCount(c, 10)).toBe(9);
    expect(batchesOf(c, 10)[0]).toEqual([0]);
    expect(verdict(c, { instances: 10, succeeded: 0, failed: 1 })).toBe('continue');
    expect(verdict(c, { instances: 10, succeeded: 1, failed: 2 })).toBe('failed');
    const hosts = deploymentConfigFor('Custom.Hosts', { type: 'HOST_COUNT', value: 6 })!;
    expect(batchesOf(hosts, 9).map((b) => b.length)).toEqual([3, 3, 3]);
    expect(deploymentConfigFor('Nope')).toBeUndefined();
  });
});
