/**
 * Reads a policy as templates and codelocal.yml write it (an object, or a JSON string as in
 * `RepositoryPolicyText` written as text) into the normalised shape of policy-types.ts. Rejects only what
 * IAM rejects for resource policies (docs/aws/iam.md §2): a statement without Effect, Action/NotAction or
 * Principal/NotPrincipal, or a principal ARN with a wildcard inside it.
 */
import { InputError } from '../../errors.js';
import type { ConditionBlock, PolicyDocument, PolicyStatement, PrincipalSpec } from './policy-types.js';

function fail(where: string, message: string): never {
  throw new InputError('POLICY_INVALID', `${where}: ${message}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown, where: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    return fail(where, `expected a string or a list of strings, got ${JSON.stringify(x)}`);
  });
}

function principal(v: unknown, where: string): PrincipalSpec {
  if (v === '*') return '*';
  if (!isObject(v)) return fail(where, 'a principal is "*" or a map such as {"AWS": "arn:aws:iam::111122223333:root"}');
  const out: Record<string, string[]> = {};
  for (const [type, values] of Object.entries(v)) {
    out[type] = strings(values, `${where}.${type}`);
    for (const p of out[type]) {
      // IAM refuses partial wildcards in principals (docs/aws/iam.md §2.1).
      if (p !== '*' && /[*?]/.test(p)) fail(where, `invalid principal '${p}': wildcards are only allowed as "*"`);
    }
  }
  return out;
}

function condition(v: unknown, where: string): ConditionBlock {
  if (!isObject(v)) return fail(where, 'Condition must be a map of operators');
  const out: ConditionBlock = {};
  for (const [op, keys] of Object.entries(v)) {
    if (!isObject(keys)) fail(`${where}.${op}`, 'expected a map of condition keys');
    out[op] = {};
    for (const [key, values] of Object.entries(keys)) out[op][key] = strings(values, `${where}.${op}.${key}`);
  }
  return out;
}

function statement(raw: unknown, where: string): PolicyStatement {
  if (!isObject(raw)) return fail(where, 'a statement must be a map');
  const effect = raw.Effect;
  if (effect !== 'Allow' && effect !== 'Deny')
    fail(where, `Effect must be Allow or Deny, got ${JSON.stringify(effect)}`);
  const both = (a: string, b: string) => raw[a] !== undefined && raw[b] !== undefined;
  if (both('Action', 'NotAction')) fail(where, 'a statement has Action or NotAction, not both');
  if (raw.Action === undefined && raw.NotAction === undefined) fail(where, 'a statement needs Action or NotAction');
  if (both('Principal', 'NotPrincipal')) fail(where, 'a statement has Principal or NotPrincipal, not both');
  if (both('Resource', 'NotResource')) fail(where, 'a statement has Resource or NotResource, not both');
  const s: PolicyStatement = { effect };
  if (typeof raw.Sid === 'string') s.sid = raw.Sid;
  if (raw.Principal !== undefined) s.principal = principal(raw.Principal, `${where}.Principal`);
  if (raw.NotPrincipal !== undefined) s.notPrincipal = principal(raw.NotPrincipal, `${where}.NotPrincipal`);
  if (raw.Action !== undefined) s.action = strings(raw.Action, `${where}.Action`);
  if (raw.NotAction !== undefined) s.notAction = strings(raw.NotAction, `${where}.NotAction`);
  if (raw.Resource !== undefined) s.resource = strings(raw.Resource, `${where}.Resource`);
  if (raw.NotResource !== undefined) s.notResource = strings(raw.NotResource, `${where}.NotResource`);
  if (raw.Condition !== undefined) s.condition = condition(raw.Condition, `${where}.Condition`);
  return s;
}

export interface ParsePolicyOptions {
  /** Resource policies need Principal or NotPrincipal in every statement (identity policies must not have one). */
  kind?: 'resource' | 'identity';
}

/** `where` names the policy in messages (`template.yaml: ArtifactBucketPolicy.PolicyDocument`). */
export function parsePolicy(raw: unknown, where: string, options: ParsePolicyOptions = {}): PolicyDocument {
  let doc = raw;
  if (typeof raw === 'string') {
    try {
      doc = JSON.parse(raw);
    } catch (e) {
      return fail(where, `the policy text is not JSON (${(e as Error).message})`);
    }
  }
  if (!isObject(doc)) return fail(where, 'a policy document must be a map with Statement');
  const list = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement === undefined ? [] : [doc.Statement];
  if (list.length === 0) fail(where, 'a policy document needs at least one Statement');
  const kind = options.kind ?? 'resource';
  const statements = list.map((s, i) => {
    const st = statement(s, `${where}.Statement[${i}]`);
    const hasPrincipal = st.principal !== undefined || st.notPrincipal !== undefined;
    if (kind === 'resource' && !hasPrincipal)
      fail(`${where}.Statement[${i}]`, 'a resource policy statement needs Principal');
    if (kind === 'identity' && hasPrincipal) fail(`${where}.Statement[${i}]`, 'an identity policy has no Principal');
    return st;
  });
  return { statements };
}
