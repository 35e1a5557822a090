/** STS stand-in (Query protocol: form POST, XML answer): GetCallerIdentity with the configured account. */
import type { ServerResponse } from 'node:http';
import { AwsError, requestId, sendXml } from './protocol.js';

export interface StsDeps {
  accountId: string;
}

/** The identity a CodeBuild build has: its service role, assumed (AWS's ARN shape; the role name is codelocal's). */
export function callerIdentity(accountId: string) {
  return {
    UserId: 'AROACODELOCALBUILDROLE:codelocal',
    Account: accountId,
    Arn: `arn:aws:sts::${accountId}:assumed-role/codelocal-build-role/codelocal`,
  };
}

export function handleSts(d: StsDeps, form: URLSearchParams, res: ServerResponse): void {
  const action = form.get('Action');
  if (action !== 'GetCallerIdentity') {
    throw new AwsError('InvalidAction', `codelocal's local STS answers GetCallerIdentity only, not ${action}`);
  }
  sendXml(
    res,
    200,
    'GetCallerIdentityResponse',
    { GetCallerIdentityResult: callerIdentity(d.accountId), ResponseMetadata: { RequestId: requestId() } },
    'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"',
  );
}
