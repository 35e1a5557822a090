/**
 * The local AWS stand-ins of a workspace (a build's own with `--local-aws`, or a pipeline run's shared
 * by all its actions). Apart from build.ts so that a plain build never loads the stand-ins: build.ts
 * imports this file on demand.
 */
import { LocalAws } from '../local-aws/index.js';
import type { RuntimeHandle } from '../runtime/index.js';
import { logger } from '../util/index.js';
import type { Workspace } from '../workspace/index.js';

export function localAwsFor(ws: Workspace, runtime: RuntimeHandle, region = ws.config.config.region): LocalAws {
  return new LocalAws({
    runtime,
    accountId: ws.config.config.accountId,
    region,
    s3Root: ws.state.s3Root,
    stubs: ws.stubSources,
    eks: ws.config.config.eks,
    log: (line) => logger().info(line),
  });
}
