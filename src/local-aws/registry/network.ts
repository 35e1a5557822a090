/**
 * `codelocal-aws`: the Docker network shared by builds, the local registry, ECS task containers and
 * their port proxies. Kept between runs (services outlive a run); `codelocal clean` removes it.
 * Its gateway is this machine's address on the bridge, where the local AWS endpoint listens: only
 * containers on the network (and this machine) can reach it.
 */
import { createServer } from 'node:net';
import { EnvironmentError } from '../../errors.js';
import { LABEL_ROLE, LABEL_SHARED, type ContainerRuntime } from '../../runtime/index.js';

export const LOCAL_AWS_NETWORK = 'codelocal-aws';
export const ROLE_LOCAL_AWS = 'local-aws';

export interface LocalNetwork {
  name: string;
  id: string;
  /** The bridge's address on this machine. */
  gateway: string;
}

async function findNetwork(runtime: ContainerRuntime): Promise<{ id: string } | undefined> {
  const refs = await runtime.listResources({ labels: { [LABEL_ROLE]: ROLE_LOCAL_AWS } });
  return refs.find((r) => r.kind === 'network' && r.name === LOCAL_AWS_NETWORK);
}

/** The network's gateway: the address its bridge has on the engine's machine. */
async function gatewayOf(runtime: ContainerRuntime, networkId: string): Promise<string | undefined> {
  const info = await runtime.networks.inspect(networkId);
  return info?.gateways.find((g) => !g.includes(':'));
}

/** True when this process can listen on `address`, i.e. the engine's bridges are on this machine. */
async function isLocalAddress(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(0, address, () => s.close(() => resolve(true)));
  });
}

export async function ensureNetwork(runtime: ContainerRuntime): Promise<LocalNetwork> {
  let found = await findNetwork(runtime);
  if (!found) {
    if (await runtime.networks.exists(LOCAL_AWS_NETWORK)) {
      throw new EnvironmentError(
        'NETWORK_NOT_OURS',
        `a Docker network named ${LOCAL_AWS_NETWORK} exists but codelocal did not create it`,
        {
          details: [`remove it (docker network rm ${LOCAL_AWS_NETWORK}) and run again`],
        },
      );
    }
    try {
      await runtime.networks.create(LOCAL_AWS_NETWORK, {
        keep: true,
        labels: { [LABEL_ROLE]: ROLE_LOCAL_AWS, [LABEL_SHARED]: 'true' },
      });
    } catch {
      // Another codelocal process created it a moment ago; the lookup below finds theirs.
    }
    found = await findNetwork(runtime);
    if (!found)
      throw new EnvironmentError('NETWORK_CREATE_FAILED', `could not create the Docker network ${LOCAL_AWS_NETWORK}`);
  }
  const gateway = await gatewayOf(runtime, found.id);
  if (!gateway || !(await isLocalAddress(gateway))) {
    throw new EnvironmentError(
      'ENGINE_NOT_LOCAL',
      `the bridge of network ${LOCAL_AWS_NETWORK} is not on this machine`,
      {
        details: [
          'the local AWS endpoint, the local ECR and local ECS services need a Docker engine on this machine (not a remote DOCKER_HOST)',
        ],
      },
    );
  }
  return { name: LOCAL_AWS_NETWORK, id: found.id, gateway };
}
