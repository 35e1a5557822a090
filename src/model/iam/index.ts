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
