/**
 * Who a request comes from and whether a statement's Principal names them (docs/aws/iam.md §2.1): an
 * account grant delegates to that account's IAM, a role grant covers the role's sessions, `*` everyone.
 */
import type { PrincipalSpec, RequestPrincipal } from './policy-types.js';

const IAM_ARN = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}):(.+)$/;

/** The principal of a role ARN, an assumed-role session ARN, a user ARN or an account id. */
export function principalOf(arnOrAccount: string): RequestPrincipal {
  if (/^\d{12}$/.test(arnOrAccount)) return { arn: `arn:aws:iam::${arnOrAccount}:root`, account: arnOrAccount };
  const m = IAM_ARN.exec(arnOrAccount);
  return m ? { arn: arnOrAccount, account: m[2] } : { arn: arnOrAccount };
}

/** The account of an IAM or STS ARN, if it has one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn ? IAM_ARN.exec(arn)?.[2] : undefined;
}

/** For an assumed-role session, the role's account and name (paths are not in session ARNs). */
function roleKey(arn: string): string | undefined {
  const m = IAM_ARN.exec(arn);
  if (!m) return undefined;
  const [, kind, account, rest] = m;
  if (kind === 'iam' && rest!.startsWith('role/')) return `${account}/${rest!.split('/').pop()}`;
  if (kind === 'sts' && rest!.startsWith('assumed-role/')) return `${account}/${rest!.split('/')[1]}`;
  return undefined;
}

/** The role ARN behind a principal (itself for a role; the role of a session), for aws:PrincipalArn. */
export function principalArnKey(p: RequestPrincipal): string {
  const m = IAM_ARN.exec(p.arn);
  if (m && m[1] === 'sts' && m[3]!.startsWith('assumed-role/')) {
    return `arn:aws:iam::${m[2]}:role/${m[3]!.split('/')[1]}`;
  }
  return p.arn;
}

export type PrincipalMatch = 'direct' | 'account' | false;

function awsValue(value: string, p: RequestPrincipal): PrincipalMatch {
  if (value === '*') return 'direct';
  if (/^\d{12}$/.test(value)) return p.account === value && !p.service ? 'account' : false;
  const m = IAM_ARN.exec(value);
  if (!m) return false;
  if (m[1] === 'iam' && m[3] === 'root') return p.account === m[2] && !p.service ? 'account' : false;
  if (value === p.arn) return 'direct';
  const key = roleKey(value);
  // A role ARN (not a session ARN) in a policy covers every session of the role.
  return m[1] === 'iam' && key !== undefined && key === roleKey(p.arn) ? 'direct' : false;
}

/** How a Principal block names the request's principal: directly, through its account, or not at all. */
export function principalMatch(spec: PrincipalSpec, p: RequestPrincipal): PrincipalMatch {
  if (spec === '*') return 'direct';
  let best: PrincipalMatch = false;
  for (const [type, values] of Object.entries(spec)) {
    for (const v of values) {
      const m = type === 'AWS' ? awsValue(v, p) : type === 'Service' && p.service === v ? 'direct' : false;
      if (m === 'direct') return m;
      if (m) best = m;
    }
  }
  return best;
}
