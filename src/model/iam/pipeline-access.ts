/**
 * Every action of a pipeline with the principal it runs as (docs/aws/iam.md §3.1) and what that principal
 * needs of the artifact store: what `pipeline plan` shows, what lint checks and what the run enforces.
 */
import type { ActionDeclaration, PipelineDeclaration } from '../pipeline-types.js';
import { actionSites } from '../pipeline-validate-flow.js';
import { artifactAccess, type AccessCheck } from './access.js';
import type { PolicySet } from './policy-set.js';

export interface ActionAccess extends AccessCheck {
  stage: string;
  action: string;
  /** The action's `roleArn`, else the pipeline's. */
  principalArn: string;
  /** Path of the action in the pipeline declaration, for positions. */
  path: readonly (string | number)[];
  /** Whether the role came from the action itself. */
  ownRole: boolean;
}

/** The artifact store an action reads and writes: its region's, else the pipeline's. */
export function storeFor(pipeline: PipelineDeclaration, action: ActionDeclaration, region: string) {
  const r = typeof action.region === 'string' ? action.region : region;
  return pipeline.artifactStores?.[r] ?? pipeline.artifactStore;
}

export function actionAccess(
  pipeline: PipelineDeclaration,
  action: ActionDeclaration,
  region: string,
  set: PolicySet,
): AccessCheck & { principalArn: string } {
  const principalArn = typeof action.roleArn === 'string' ? action.roleArn : pipeline.roleArn;
  const store = storeFor(pipeline, action, region);
  const reads = (action.inputArtifacts ?? []).length > 0;
  const writes = (action.outputArtifacts ?? []).length > 0;
  if (!store || (!reads && !writes)) {
    return { principalArn, needs: [], unchecked: [], ...accountOnly(principalArn, set) };
  }
  const check = artifactAccess(set, {
    principalArn,
    bucket: store.location,
    ...(store.encryptionKey?.id ? { encryptionKey: store.encryptionKey } : {}),
    write: writes,
  });
  return { ...check, principalArn };
}

function accountOnly(principalArn: string, set: PolicySet) {
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(principalArn)?.[1] ?? set.account;
  return { account, crossAccount: account !== set.account };
}

export function pipelineAccess(pipeline: PipelineDeclaration, region: string, set: PolicySet): ActionAccess[] {
  return actionSites(pipeline).map((site) => ({
    ...actionAccess(pipeline, site.action, region, set),
    stage: site.stageName,
    action: String(site.action.name),
    path: site.path,
    ownRole: typeof site.action.roleArn === 'string',
  }));
}
