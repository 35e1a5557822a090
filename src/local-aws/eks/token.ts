/**
 * The bearer token `aws eks get-token` makes (docs/aws/eks.md §3): "k8s-aws-v1." + base64url of a
 * presigned STS GetCallerIdentity URL whose signature covers the `x-k8s-aws-id` header naming the
 * cluster. The proxy checks it the way EKS's authenticator does, then calls the URL to learn the ARN.
 */
const PREFIX = 'k8s-aws-v1.';
/** How old a token may be: the authenticator accepts 15 minutes (the CLI says it expires in 14). */
const MAX_AGE_MS = 15 * 60_000;

export type TokenCheck = { ok: true; url: URL } | { ok: false; reason: string };

function amzDate(text: string | null): number | undefined {
  const m = text && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

/**
 * Decodes and checks a token; `allowedOrigin` is the only STS the URL may point at. Which cluster it
 * was made for is in the signed header's value, which only a signature check could verify: the local
 * STS checks no signatures (docs/local-aws.md), so neither does this.
 */
export function checkEksToken(token: string, allowedOrigin: string, now = Date.now()): TokenCheck {
  if (!token.startsWith(PREFIX)) return { ok: false, reason: 'not an EKS token (k8s-aws-v1.)' };
  let url: URL;
  try {
    url = new URL(Buffer.from(token.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'the token does not decode to a URL' };
  }
  // Calling an arbitrary URL from the host would let a build make the host fetch anything.
  if (url.origin !== new URL(allowedOrigin).origin)
    return { ok: false, reason: `the token's STS URL is not ${allowedOrigin}` };
  const q = url.searchParams;
  if (q.get('Action') !== 'GetCallerIdentity') return { ok: false, reason: 'the token is not for GetCallerIdentity' };
  const signed = (q.get('X-Amz-SignedHeaders') ?? '').split(';');
  if (!signed.includes('x-k8s-aws-id')) return { ok: false, reason: 'the token does not sign x-k8s-aws-id' };
  const at = amzDate(q.get('X-Amz-Date'));
  if (at === undefined || now - at > MAX_AGE_MS) return { ok: false, reason: 'the token has expired' };
  return { ok: true, url };
}

/** Asks the STS the token names who signed it (with the cluster header the signature covers). */
export async function callerArn(url: URL, cluster: string): Promise<string | undefined> {
  const res = await fetch(url, { headers: { 'x-k8s-aws-id': cluster }, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) return undefined;
  return /<Arn>([^<]+)<\/Arn>/.exec(await res.text())?.[1];
}
