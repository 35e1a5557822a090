/**
 * Compute types as container limits (issue 17; docs/aws/codebuild.md §1.3 for `computeType`): a build
 * gets the memory and CPUs its compute type gives on AWS, capped at what this machine has, and a
 * process limit, so a runaway or hostile buildspec (a fork bomb, a memory leak) stops inside its
 * container instead of taking the host down.
 *
 * Figures are AWS's current ones for Linux containers (CodeBuild API reference, `computeType`:
 * SMALL "up to 4 GiB memory and 2 vCPUs", MEDIUM 8 GiB / 4, LARGE 16 GiB / 8, XLARGE 72 GiB / 36,
 * 2XLARGE 144 GiB / 72; Lambda types by memory). Older documentation said 3 / 7 / 15 GB.
 */

export interface ComputeSize {
  memoryGiB: number;
  vcpus: number;
}

const GIB = 1024 ** 3;

export const COMPUTE_SIZES: Readonly<Record<string, ComputeSize>> = {
  BUILD_GENERAL1_SMALL: { memoryGiB: 4, vcpus: 2 },
  BUILD_GENERAL1_MEDIUM: { memoryGiB: 8, vcpus: 4 },
  BUILD_GENERAL1_LARGE: { memoryGiB: 16, vcpus: 8 },
  BUILD_GENERAL1_XLARGE: { memoryGiB: 72, vcpus: 36 },
  BUILD_GENERAL1_2XLARGE: { memoryGiB: 144, vcpus: 72 },
  BUILD_LAMBDA_1GB: { memoryGiB: 1, vcpus: 1 },
  BUILD_LAMBDA_2GB: { memoryGiB: 2, vcpus: 1 },
  BUILD_LAMBDA_4GB: { memoryGiB: 4, vcpus: 2 },
  BUILD_LAMBDA_8GB: { memoryGiB: 8, vcpus: 4 },
  BUILD_LAMBDA_10GB: { memoryGiB: 10, vcpus: 6 },
};

/** Processes per build: far above what builds (Docker-in-Docker included) use, far below the host's. */
export const BUILD_PIDS_LIMIT = 8192;

export interface ComputeLimits {
  memoryBytes: number;
  nanoCpus: number;
  pidsLimit: number;
  /** Set when the machine is smaller than the compute type: one line for the build log. */
  note?: string;
}

/**
 * The limits for a compute type on a machine with `host` resources. Unknown types (fleets,
 * attribute-based compute) get the host's resources and only the process limit.
 */
export function computeLimits(computeType: string, host: { memoryBytes: number; cpus: number }): ComputeLimits {
  const size = COMPUTE_SIZES[computeType];
  if (!size) {
    return { memoryBytes: 0, nanoCpus: 0, pidsLimit: BUILD_PIDS_LIMIT };
  }
  const memoryBytes = Math.min(size.memoryGiB * GIB, host.memoryBytes);
  const cpus = Math.min(size.vcpus, host.cpus);
  const scaled = memoryBytes < size.memoryGiB * GIB || cpus < size.vcpus;
  return {
    memoryBytes,
    nanoCpus: cpus * 1e9,
    pidsLimit: BUILD_PIDS_LIMIT,
    ...(scaled
      ? {
          note: `${computeType} has ${size.memoryGiB} GiB and ${size.vcpus} vCPUs on AWS; this machine gives the build ${formatGiB(memoryBytes)} GiB and ${cpus} CPUs`,
        }
      : {}),
  };
}

function formatGiB(bytes: number): string {
  return (bytes / GIB).toFixed(1).replace(/\.0$/, '');
}
