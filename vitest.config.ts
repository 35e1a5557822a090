import { defineConfig } from 'vitest/config';

// Two projects: fast pure tests, and tests against a real Docker engine.
// Docker tests may skip on a laptop without an engine, never under CI=true (see test/docker/helpers.ts).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'docker',
          include: ['test/docker/**/*.test.ts'],
          // The end-to-end EKS test needs a real cluster, which CI machines cannot have (docs/eks.md): it is
          // collected only when CODELOCAL_TEST_KUBE_CONTEXT names one, so a CI run never reports it skipped.
          exclude: process.env.CODELOCAL_TEST_KUBE_CONTEXT ? [] : ['test/docker/eks/eks-real-cluster.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: true,
          maxWorkers: 2,
          // Docker tests run after the unit tests, in their own group (vitest requires distinct
          // groups for projects with different worker limits).
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The runtime conformance suite (test/conformance/): one file per engine (dockerd, Podman, a remote
        // dockerd over TLS). Files run one at a time: two of them start engines of their own.
        test: {
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
