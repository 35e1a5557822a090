/** STS stand-in (Query protocol: form POST, XML answer): GetCallerIdentity with the configured account. */
import type { ServerResponse } from 'node:http';
import { AwsError, requestId, sendXml } from './protocol.js';

export interface StsDeps {
  accountId: string;
  /** The role a build's access key id stands for (docs/accounts.md): an action's RoleArn. */
  roleOf?(accessKeyId: string): string | undefined;
}

/** The access key id of a SigV4 `Authorization` header (`Credential=AKID/date/region/service/aws4_request`). */
export function accessKeyOf(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : undefined;
}

/** The identity of a build that runs as `roleArn`: a session of that role in the role's account. */
export function roleIdentity(roleArn: string) {
  const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!m) return undefined;
  return {
    UserId: 'AROACODELOCALACTIONROLE:codelocal',
    Account: m[2]!,
    Arn: `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/codelocal`,
  };
}

/** The identity a CodeBuild build has: its service role, assumed (AWS's ARN shape; the role name is codelocal's). */
export function callerIdentity(accountId: string) {
  return {
    UserId: 'AROACODELOCALBUILDROLE:codelocal',
    Account: accountId,
    Arn: `arn:aws:sts::${accountId}:assumed-role/codelocal-build-role/codelocal`,
  };
}

export function handleSts(d: StsDeps, form: URLSearchParams, res: ServerResponse, authorization?: string): void {
  const action = form.get('Action');
  if (action !== 'GetCallerIdentity') {
    throw new AwsError('InvalidAction', `codelocal's local STS answers GetCallerIdentity only, not ${action}`);
  }
  sendXml(
    res,
    200,
    'GetCallerIdentityResponse',
    { GetCallerIdentityResult: identityOf(d, authorization, form), ResponseMetadata: { RequestId: requestId() } },
    'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"',
  );
}

function identityOf(d: StsDeps, authorization: string | undefined, form: URLSearchParams) {
  // A presigned request (an EKS token is one) carries the key in X-Amz-Credential instead of a header.
  const key = accessKeyOf(authorization) ?? form.get('X-Amz-Credential')?.split('/')[0];
  const role = key ? d.roleOf?.(key) : undefined;
  return (role && roleIdentity(role)) || callerIdentity(d.accountId);
}
