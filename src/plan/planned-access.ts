/** An action's principal and artifact permissions for the plan (the checks themselves: model/iam). */
import { actionAccess, type ActionDeclaration, type PipelineDeclaration, type PolicySet } from '../model/index.js';

/** Who an action runs as and what it needs of the artifact store (docs/aws/iam.md §3). */
export interface PlannedAccess {
  roleArn: string;
  account: string;
  crossAccount: boolean;
  /** `s3:GetObject arn:aws:s3:::bucket/*`, `kms:Decrypt <key>`, ... */
  permissions: string[];
  /** Why the run will refuse its artifact reads or writes (AWS's text, codelocal's reason, the fix). */
  refused?: { awsMessage: string; reason: string; fix: string };
  /** What codelocal could not check. */
  unchecked: string[];
}

export function plannedAccess(
  pipeline: PipelineDeclaration,
  action: ActionDeclaration,
  region: string,
  policies: PolicySet,
): PlannedAccess {
  const a = actionAccess(pipeline, action, region, policies);
  return {
    roleArn: a.principalArn,
    account: a.account,
    crossAccount: a.crossAccount,
    permissions: a.needs,
    ...(a.refusal
      ? { refused: { awsMessage: a.refusal.awsMessage, reason: a.refusal.reason, fix: a.refusal.fix } }
      : {}),
    unchecked: a.unchecked,
  };
}
