/**
 * The local AWS stand-ins of a workspace (a build's own with `--local-aws`, or a pipeline run's shared
 * by all its actions). Apart from build.ts so that a plain build never loads the stand-ins: build.ts
 * imports this file on demand.
 */
import { eksAccessEntriesOfFile } from '../model/index.js';
import { LocalAws } from '../local-aws/index.js';
import type { RuntimeHandle } from '../runtime/index.js';
import { logger } from '../util/index.js';
import type { EksConfig, Workspace } from '../workspace/index.js';

/**
 * `lendNetworks`: a run of several builds (a pipeline's) lends them holder namespaces (docs/local-aws.md).
 */
export function localAwsFor(
  ws: Workspace,
  runtime: RuntimeHandle,
  region = ws.config.config.region,
  lendNetworks = false,
): LocalAws {
  return new LocalAws({
    lendNetworks,
    runtime,
    accountId: ws.config.config.accountId,
    region,
    s3Root: ws.state.s3Root,
    stubs: ws.stubSources,
    eks: withTemplateAccessEntries(ws, region),
    log: (line) => logger().info(line),
  });
}

/**
 * The declared clusters plus the `AWS::EKS::AccessEntry` resources of the templates listed under
 * `projects:` (docs/eks.md): read only when a cluster is declared, so other runs never parse them.
 */
function withTemplateAccessEntries(ws: Workspace, region: string): EksConfig | undefined {
  const { eks, projects, accountId } = ws.config.config;
  if (!eks || !Object.keys(eks.clusters).length) return eks;
  const clusters = Object.fromEntries(
    Object.entries(eks.clusters).map(([n, c]) => [n, { ...c, identities: [...c.identities] }]),
  );
  for (const file of projects) {
    for (const { cluster, mapping } of eksAccessEntriesOfFile(file, { accountId, region })) {
      clusters[cluster]?.identities.push(mapping);
    }
  }
  return { clusters };
}
