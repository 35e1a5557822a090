/**
 * IAM's decision for one request against a resource policy (and, when known, the caller's identity
 * policies): explicit Deny wins (docs/aws/iam.md §1.1); within one account an Allow from either side is
 * enough (§1.2); across accounts both must allow (§1.3); a KMS key policy must always allow (§1.4).
 *
 * Simplification (docs/fidelity.md, "Accounts"): codelocal does not know the roles' identity policies
 * unless given them, so without them a role is taken to be allowed what the resource policy grants it.
 */
import { conditionsHold } from './conditions.js';
import { principalArnKey, principalMatch, type PrincipalMatch } from './principal.js';
import type { AccessRequest, ContextValue, Decision, PolicyDocument, PolicyStatement } from './policy-types.js';
import { actionMatches, arnMatches } from './wildcard.js';

export interface EvaluateOptions {
  /** The account owning the resource. */
  resourceAccount: string;
  /** The caller's identity policies; undefined: assumed to allow what the resource policy allows. */
  identity?: readonly PolicyDocument[];
  /** KMS key policies: the resource policy must allow even inside its own account (§1.4). */
  resourcePolicyRequired?: boolean;
}

const label = (s: PolicyStatement, i: number) => s.sid ?? `Statement[${i}]`;

function actionApplies(s: PolicyStatement, action: string): boolean {
  if (s.notAction) return !s.notAction.some((a) => actionMatches(a, action));
  return (s.action ?? []).some((a) => actionMatches(a, action));
}

function resourceApplies(s: PolicyStatement, resource: string): boolean {
  if (s.notResource) return !s.notResource.some((r) => arnMatches(r, resource));
  // No Resource: the policy's own resource (ECR repository and KMS key policies, §2.4).
  return s.resource === undefined || s.resource.some((r) => arnMatches(r, resource));
}

/** How the statement names the principal ('direct' for identity policies, which are the principal's own). */
function statementPrincipal(s: PolicyStatement, req: AccessRequest, resourceSide: boolean): PrincipalMatch {
  if (!resourceSide) return 'direct';
  if (s.notPrincipal) return principalMatch(s.notPrincipal, req.principal) ? false : 'direct';
  return s.principal ? principalMatch(s.principal, req.principal) : false;
}

/** The request's condition keys, with the principal keys IAM always sets (§2.7). */
export function requestContext(req: AccessRequest): Record<string, ContextValue> {
  const p = req.principal;
  const base: Record<string, ContextValue> = {};
  if (p.account) {
    base['aws:PrincipalAccount'] = p.account;
    base['aws:PrincipalArn'] = principalArnKey(p);
    base['aws:PrincipalType'] = p.arn.includes(':assumed-role/') ? 'AssumedRole' : 'AWSAccount';
    if (req.action.toLowerCase().startsWith('kms:')) base['kms:CallerAccount'] = p.account;
  }
  if (p.service) base['aws:PrincipalServiceName'] = p.service;
  return { ...base, ...req.context };
}

interface Matched {
  statement: string;
  effect: PolicyStatement['effect'];
  principal: PrincipalMatch;
}

function matching(doc: PolicyDocument | undefined, req: AccessRequest, resourceSide: boolean): Matched[] {
  if (!doc) return [];
  const context = requestContext(req);
  return doc.statements.flatMap((s, i) => {
    const principal = statementPrincipal(s, req, resourceSide);
    if (!principal || !actionApplies(s, req.action) || !resourceApplies(s, req.resource)) return [];
    if (!conditionsHold(s.condition, context)) return [];
    return [{ statement: label(s, i), effect: s.effect, principal }];
  });
}

export function evaluatePolicy(
  resourcePolicy: PolicyDocument | undefined,
  req: AccessRequest,
  o: EvaluateOptions,
): Decision {
  const onResource = matching(resourcePolicy, req, true);
  const onIdentity = (o.identity ?? []).flatMap((d) => matching(d, req, false));
  const deny = [...onResource, ...onIdentity].find((m) => m.effect === 'Deny');
  if (deny)
    return { decision: 'ExplicitDeny', statement: deny.statement, reason: `explicitly denied by ${deny.statement}` };
  const allows = onResource.filter((m) => m.effect === 'Allow');
  const direct = allows.find((m) => m.principal === 'direct');
  const viaAccount = allows.find((m) => m.principal === 'account');
  const identityAllow = o.identity ? onIdentity.some((m) => m.effect === 'Allow') : allows.length > 0;
  const sameAccount = req.principal.account === o.resourceAccount;
  const by = direct ?? viaAccount;
  let allowed: boolean;
  if (sameAccount) {
    allowed = o.resourcePolicyRequired ? !!direct || (!!viaAccount && identityAllow) : !!direct || identityAllow;
  } else {
    allowed = !!by && identityAllow;
  }
  if (allowed)
    return {
      decision: 'Allow',
      statement: by?.statement,
      reason: by ? `allowed by ${by.statement}` : 'allowed by the identity policy',
    };
  const who = req.principal.arn;
  const reason = by
    ? `the resource policy admits ${who} (${by.statement}) but no identity policy of it allows ${req.action}`
    : `no statement of the resource policy allows ${who} to perform ${req.action} on ${req.resource}`;
  return { decision: 'ImplicitDeny', reason };
}
