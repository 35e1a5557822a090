/**
 * Runs of several builds without the local AWS stand-ins (`check --run`, batch builds) lend their plain builds the
 * network namespaces of holders on the engine's default network (docs/local-aws.md, "Network namespaces of a
 * pipeline run"); a pipeline run's stand-ins do the same on codelocal-aws.
 */
import { canLendNetworks, NetworkHolders, withLentNetworks } from '../local-aws/index.js';
import type { ContainerRuntime } from '../runtime/index.js';

/**
 * Calls `run` with a runtime that lends namespaces (when the engine allows), then ends the holders. A run of fewer
 * than two builds gets `runtime` as it is: it has no build to lend a holder to, and would only pay for one starting.
 */
export async function withNetworkLending<T>(
  runtime: ContainerRuntime,
  builds: number,
  run: (runtime: ContainerRuntime) => Promise<T>,
): Promise<T> {
  const holders =
    builds > 1 && (await canLendNetworks(runtime).catch(() => false))
      ? new NetworkHolders(runtime, undefined, [])
      : undefined;
  try {
    return await run(holders ? withLentNetworks(runtime, holders) : runtime);
  } finally {
    await holders?.close();
  }
}
