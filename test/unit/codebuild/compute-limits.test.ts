/** Compute types as container limits (issue 17): AWS's sizes, capped at the machine, and a pids limit. */
import { describe, expect, it } from 'vitest';
import { BUILD_PIDS_LIMIT, computeLimits } from '../../../src/engine/codebuild/compute-limits.js';

const GIB = 1024 ** 3;

describe('computeLimits', () => {
  it('gives SMALL its 4 GiB / 2 vCPUs on a machine that has them', () => {
    expect(computeLimits('BUILD_GENERAL1_SMALL', { memoryBytes: 24 * GIB, cpus: 2 })).toEqual({
      memoryBytes: 4 * GIB,
      nanoCpus: 2e9,
      pidsLimit: BUILD_PIDS_LIMIT,
    });
  });

  it('scales LARGE down to the machine and says so', () => {
    const l = computeLimits('BUILD_GENERAL1_LARGE', { memoryBytes: 12 * GIB, cpus: 2 });
    expect(l.memoryBytes).toBe(12 * GIB);
    expect(l.nanoCpus).toBe(2e9);
    expect(l.note).toBe(
      'BUILD_GENERAL1_LARGE has 16 GiB and 8 vCPUs on AWS; this machine gives the build 12 GiB and 2 CPUs',
    );
  });

  it('keeps only the process limit for compute it does not know (fleets, attribute-based)', () => {
    expect(computeLimits('ATTRIBUTE_BASED_COMPUTE', { memoryBytes: 8 * GIB, cpus: 4 })).toEqual({
      memoryBytes: 0,
      nanoCpus: 0,
      pidsLimit: BUILD_PIDS_LIMIT,
    });
  });
});
