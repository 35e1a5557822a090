/** IAM policy evaluation (docs/aws/iam.md): pure, used by lint, `pipeline plan` and the local AWS stand-ins. */
export type {
  AccessRequest,
  ContextValue,
  Decision,
  DecisionKind,
  PolicyDocument,
  PolicyStatement,
  PrincipalSpec,
  RequestPrincipal,
} from './policy-types.js';
export { parsePolicy, type ParsePolicyOptions } from './policy-parse.js';
export { evaluatePolicy, requestContext, type EvaluateOptions } from './evaluate.js';
export { accountOfArn, principalOf } from './principal.js';
export { actionMatches, arnMatches, globMatch } from './wildcard.js';
export {
  addKey,
  defaultKeyPolicy,
  emptyPolicySet,
  findKey,
  type BucketRecord,
  type KeyRecord,
  type PolicySet,
  type RepositoryRecord,
} from './policy-set.js';
export { addTemplatePolicies } from './template-policies.js';
export {
  artifactAccess,
  bucketRequestRefused,
  ecrPullAccess,
  ECR_PULL_ACTIONS,
  S3_ACCESS_DENIED,
  S3_KMS_DENIED,
  type AccessCheck,
  type ArtifactAccessRequest,
  type Refusal,
  type RefusalKind,
} from './access.js';
export { actionAccess, pipelineAccess, storeFor, type ActionAccess } from './pipeline-access.js';
