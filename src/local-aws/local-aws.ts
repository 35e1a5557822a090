/**
 * One run's local AWS: the network, the local ECR registry, the HTTP endpoint and the build wiring,
 * each started on first need and shared by every build and action of the run (docs/local-aws.md).
 * The registry and network outlive the run; the endpoint stops with it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { bucketRequestRefused, type EnvironmentVariable, type PolicySet } from '../model/index.js';
import type { ContainerRuntime, RuntimeHandle } from '../runtime/index.js';
import { LocalS3Store } from '../stores/index.js';
import { LocalAwsServer } from './aws/server.js';
import { LocalEks } from './eks/eks-service.js';
import type { EksConfig } from '../workspace/index.js';
import { StubView } from './aws/stub-view.js';
import { daemonConfig, withBuildHooks } from './build-hooks.js';
import { ensureMirrorImages } from './registry/mirror-images.js';
import { canLendNetworks, NetworkHolders } from './network-holders.js';
import { ensureNetwork, type LocalNetwork } from './registry/network.js';
import { ecrHost, ensureRegistry, type LocalRegistry } from './registry/registry.js';

/** The name builds use for the endpoint (an /etc/hosts entry); AWS_ENDPOINT_URL uses the address itself. */
export const ENDPOINT_HOST = 'codelocal-aws';
/** Fake credentials: nothing real to hide, and SDKs refuse to sign without some. */
export const FAKE_ACCESS_KEY_ID = 'codelocal';
export const FAKE_SECRET_ACCESS_KEY = 'codelocal';

export interface LocalAwsOptions {
  runtime: RuntimeHandle;
  accountId: string;
  region: string;
  /** `<state>/s3`. */
  s3Root: string;
  /** Where stubs are read from, as for builds (docs/stubs.md). */
  stubs: {
    projectRoot: string;
    stateDir?: string;
    files?: readonly string[];
    parameters?: readonly string[];
    secrets?: readonly string[];
  };
  log?: (line: string) => void;
  /** Clusters of the local EKS stand-in (codelocal.yml `eks:`, docs/eks.md). */
  eks?: EksConfig;
  /**
   * Lend plain builds the network namespaces of holder containers (network-holders.ts): for runs of several builds
   * (a pipeline's), where the holder's start is paid once.
   */
  lendNetworks?: boolean;
}

export interface LocalAwsEndpoint {
  server: LocalAwsServer;
  /** `http://<gateway>:<port>`. */
  url: string;
  eks?: LocalEks;
}

export class LocalAws {
  private networkP?: Promise<LocalNetwork>;
  private registryP?: Promise<LocalRegistry>;
  private registryWarned = false;
  private endpointP?: Promise<LocalAwsEndpoint>;
  private mirrorP?: Promise<void>;
  private readonly password = randomBytes(24).toString('base64');
  private stubView?: StubView;
  private holders?: NetworkHolders;
  /** Access key ids handed to builds that run as an action's role, and the role each stands for. */
  private readonly roleKeys = new Map<string, string>();
  /** The run's resource policies (bucket, key, repository), enforced where codelocal pulls or reads for an action. */
  policies?: PolicySet;

  constructor(readonly o: LocalAwsOptions) {}

  get registryHost(): string {
    return ecrHost(this.o.accountId, this.o.region);
  }

  network(): Promise<LocalNetwork> {
    this.networkP ??= this.o.runtime().then(ensureNetwork);
    this.networkP.catch(() => (this.networkP = undefined));
    return this.networkP;
  }

  registry(): Promise<LocalRegistry> {
    this.registryP ??= this.o.runtime().then((runtime) => ensureRegistry(runtime, this.network()));
    this.registryP.catch(() => (this.registryP = undefined));
    return this.registryP;
  }

  endpoint(): Promise<LocalAwsEndpoint> {
    this.endpointP ??= (async () => {
      const network = await this.network();
      const created = new Map<string, number>();
      const catalog = async () => (await this.optionalRegistry())?.catalog() ?? [];
      let url = '';
      const eks = this.eksFor(network.gateway, () => url);
      const server = new LocalAwsServer({
        accountId: this.o.accountId,
        region: this.o.region,
        stubs: this.stubs(),
        s3: new LocalS3Store(this.o.s3Root),
        ecr: { registryHost: this.registryHost, password: this.password, catalog, created },
        endpointHosts: [ENDPOINT_HOST, network.gateway, 'localhost'],
        eks,
        roleOf: (key) => this.roleKeys.get(key),
        s3Refusal: (r) => {
          // Only builds running as an action's role are checked: others are the pipeline's own account.
          const role = r.accessKeyId ? this.roleKeys.get(r.accessKeyId) : undefined;
          if (!role || !this.policies) return undefined;
          return bucketRequestRefused(this.policies, role, r.bucket, r.key, r.action, r.context);
        },
      });
      url = await server.listen(network.gateway);
      return { server, url, eks };
    })();
    this.endpointP.catch(() => (this.endpointP = undefined));
    return this.endpointP;
  }

  /** The EKS stand-in when clusters are declared; its proxies listen where the endpoint does. */
  private eksFor(host: string, endpointUrl: () => string): LocalEks | undefined {
    const clusters = this.o.eks?.clusters ?? {};
    if (!Object.keys(clusters).length) return undefined;
    const log = this.o.log ?? (() => undefined);
    return new LocalEks({
      clusters,
      accountId: this.o.accountId,
      region: this.o.region,
      host,
      hostNames: [ENDPOINT_HOST, 'localhost'],
      stsOrigin: endpointUrl,
      log,
    });
  }

  /** A stable fake access key id for a role (AWS's 20-character `ASIA…` shape). */
  roleKey(roleArn: string): string {
    const key = `ASIA${createHash('sha256').update(roleArn).digest('hex').slice(0, 16).toUpperCase()}`;
    this.roleKeys.set(key, roleArn);
    return key;
  }

  /** The parameter and secret stubs, read once per run. */
  stubs(): StubView {
    this.stubView ??= StubView.read(this.o.stubs);
    return this.stubView;
  }

  /**
   * What every build of the run gets: endpoint, fake credentials, and no instance-metadata lookups. A build
   * that runs as an action's role gets an access key id of its own, by which the local STS knows the role.
   */
  async buildEnvironment(roleArn?: string): Promise<EnvironmentVariable[]> {
    const { url } = await this.endpoint();
    const plain = (name: string, value: string): EnvironmentVariable => ({ name, value, type: 'PLAINTEXT' });
    return [
      plain('AWS_ENDPOINT_URL', url),
      plain('AWS_ACCESS_KEY_ID', roleArn ? this.roleKey(roleArn) : FAKE_ACCESS_KEY_ID),
      plain('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_ACCESS_KEY),
      plain('AWS_EC2_METADATA_DISABLED', 'true'),
    ];
  }

  /** The runtime builds run on: joined to codelocal-aws, ECR name resolved, inner dockerd configured. */
  async buildRuntime(): Promise<ContainerRuntime> {
    const [runtime, network, registry] = await Promise.all([this.o.runtime(), this.network(), this.optionalRegistry()]);
    const extraHosts = [
      `${ENDPOINT_HOST}:${network.gateway}`,
      ...(registry ? [`${this.registryHost}:${registry.ip}`] : []),
    ];
    if (this.o.lendNetworks && !this.holders && (await canLendNetworks(runtime)))
      this.holders ??= new NetworkHolders(runtime, network.name, extraHosts);
    return withBuildHooks(runtime, {
      network: network.name,
      extraHosts,
      ...(this.holders ? { holders: this.holders } : {}),
      daemonJson: async () => {
        if (!registry) return {};
        this.mirrorP ??= ensureMirrorImages(runtime, registry, this.o.log ?? (() => undefined));
        this.mirrorP.catch(() => (this.mirrorP = undefined));
        await this.mirrorP;
        return daemonConfig(this.registryHost);
      },
    });
  }

  /** The registry, or undefined (said once) when it cannot run: builds still run, without a local ECR. */
  async optionalRegistry(): Promise<LocalRegistry | undefined> {
    try {
      return await this.registry();
    } catch (e) {
      if (!this.registryWarned) (this.o.log ?? (() => undefined))(`no local ECR: ${(e as Error).message}`);
      this.registryWarned = true;
      return undefined;
    }
  }

  /** Stops the endpoint and the network holders; the registry and network stay for the next run. */
  async close(): Promise<void> {
    const e = this.endpointP;
    this.endpointP = undefined;
    const endpoint = e && (await e.catch(() => undefined));
    const holders = this.holders;
    this.holders = undefined;
    await Promise.all([endpoint?.server.close(), endpoint?.eks?.close(), holders?.close()]);
  }
}
