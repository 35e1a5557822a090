/**
 * The local EKS stand-in: DescribeCluster for the clusters codelocal.yml names (docs/eks.md), each
 * answered with the endpoint of its own proxy (started on first ask, stopped with the run) and that
 * proxy's certificate as the cluster CA, so `aws eks update-kubeconfig` writes a working kubeconfig.
 */
import type { EksClusterConfig } from '../../workspace/index.js';
import { AwsError } from '../aws/protocol.js';
import { endpointCertificate } from './cert.js';
import { EksProxy } from './proxy.js';

export interface EksDeps {
  clusters: Record<string, EksClusterConfig>;
  accountId: string;
  region: string;
  /** The address the proxies listen on (the same as the local AWS endpoint's). */
  host: string;
  /** Names builds may use for that address (certificate SANs). */
  hostNames: string[];
  stsOrigin: () => string;
  log: (line: string) => void;
}

interface Running {
  proxy: EksProxy;
  endpoint: string;
  ca: string;
  createdAt: number;
}

export class LocalEks {
  private readonly running = new Map<string, Promise<Running>>();

  constructor(private readonly d: EksDeps) {}

  private start(name: string, cluster: EksClusterConfig): Promise<Running> {
    let p = this.running.get(name);
    if (!p) {
      p = (async () => {
        const certificate = await endpointCertificate([this.d.host], this.d.hostNames);
        const proxy = new EksProxy({ name, cluster, certificate, stsOrigin: this.d.stsOrigin(), log: this.d.log });
        const endpoint = await proxy.listen(this.d.host);
        return { proxy, endpoint, ca: Buffer.from(certificate.cert).toString('base64'), createdAt: Date.now() };
      })();
      p.catch(() => this.running.delete(name));
      this.running.set(name, p);
    }
    return p;
  }

  /** DescribeCluster's `{cluster}` (docs/aws/eks.md §1), or EKS's ResourceNotFoundException. */
  async describeCluster(name: string): Promise<{ cluster: Record<string, unknown> }> {
    const cluster = Object.hasOwn(this.d.clusters, name) ? this.d.clusters[name] : undefined;
    if (!cluster) throw new AwsError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404);
    const r = await this.start(name, cluster);
    const { accountId: account, region } = this.d;
    return {
      cluster: {
        name,
        arn: `arn:aws:eks:${region}:${account}:cluster/${name}`,
        createdAt: r.createdAt / 1000,
        version: cluster.version,
        endpoint: r.endpoint,
        roleArn: `arn:aws:iam::${account}:role/codelocal-eks-cluster-role`,
        resourcesVpcConfig: {
          subnetIds: [],
          securityGroupIds: [],
          endpointPublicAccess: true,
          endpointPrivateAccess: false,
        },
        kubernetesNetworkConfig: { serviceIpv4Cidr: '10.100.0.0/16', ipFamily: 'ipv4' },
        status: 'ACTIVE',
        certificateAuthority: { data: r.ca },
        platformVersion: 'eks.1',
        tags: {},
        accessConfig: { authenticationMode: cluster.authenticationMode, bootstrapClusterCreatorAdminPermissions: true },
      },
    };
  }

  async close(): Promise<void> {
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.proxy.close()));
  }
}
