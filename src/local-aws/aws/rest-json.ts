/**
 * Requests that are neither JSON 1.1 nor S3: EKS's REST-JSON API (`GET /clusters/NAME`, told apart
 * from an S3 GET of bucket "clusters" by the service in the signature's credential scope) and STS's
 * presigned GET `?Action=GetCallerIdentity`, which is what an EKS token is (docs/local-aws.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalEks } from '../eks/eks-service.js';
import { AwsError, requestId } from './protocol.js';

export interface RestRoutes {
  eks?: LocalEks;
  sts: (query: URLSearchParams) => void;
}

/** The signing service of a SigV4 request: `Credential=AKID/DATE/REGION/SERVICE/aws4_request`. */
export function signingService(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const scope =
    /Credential=([^,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1] ?? query.get('X-Amz-Credential');
  return scope?.split('/')[3];
}

function sendRestJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

/** Answers the request when it is one of these routes; false hands it on to S3. */
export async function restJsonRoute(req: IncomingMessage, res: ServerResponse, r: RestRoutes): Promise<boolean> {
  if (req.method !== 'GET') return false;
  const url = new URL(req.url ?? '/', 'http://local');
  const service = signingService(req, url.searchParams);
  if (service === 'sts' && url.searchParams.get('Action')) {
    r.sts(url.searchParams);
    return true;
  }
  const cluster = /^\/clusters\/([^/]+)$/.exec(url.pathname)?.[1];
  if (service !== 'eks' || !cluster) return false;
  if (!r.eks) {
    sendRestJson(
      res,
      404,
      { message: `No cluster found for name: ${decodeURIComponent(cluster)}.` },
      'ResourceNotFoundException',
    );
    return true;
  }
  try {
    sendRestJson(res, 200, await r.eks.describeCluster(decodeURIComponent(cluster)));
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    sendRestJson(res, e.status, { message: e.message }, e.code);
  }
  return true;
}
