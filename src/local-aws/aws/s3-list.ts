/** ListObjectsV2 / ListObjects (v1) answers over LocalS3Store.list, with S3's paging and `encoding-type=url`. */
import type { ServerResponse } from 'node:http';
import type { LocalS3Store } from '../../stores/index.js';
import { sendXml } from './protocol.js';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

interface Entry {
  key: string;
  prefix: boolean;
}

/** Keys percent-encoded as S3 does for `encoding-type=url` (the CLI asks for it and decodes). */
function enc(s: string, url: boolean): string {
  return url ? encodeURIComponent(s).replace(/%2F/g, '/') : s;
}

export async function listObjects(
  s3: LocalS3Store,
  bucket: string,
  q: URLSearchParams,
  res: ServerResponse,
): Promise<void> {
  const v2 = q.get('list-type') === '2';
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') || undefined;
  const maxKeys = Math.min(Math.max(Number(q.get('max-keys') ?? 1000) || 0, 0), 1000);
  const url = q.get('encoding-type') === 'url';
  const token = q.get('continuation-token');
  const after = v2
    ? token
      ? Buffer.from(token, 'base64').toString('utf8')
      : (q.get('start-after') ?? '')
    : (q.get('marker') ?? '');

  const listed = await s3.list(bucket, prefix, delimiter);
  const entries: Entry[] = [
    ...listed.objects.map((o) => ({ key: o.key, prefix: false })),
    ...listed.commonPrefixes.map((p) => ({ key: p, prefix: true })),
  ].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  const remaining = entries.filter((e) => !after || Buffer.compare(Buffer.from(e.key), Buffer.from(after)) > 0);
  const page = remaining.slice(0, maxKeys);
  const truncated = remaining.length > page.length;
  const last = page[page.length - 1]?.key;

  const contents = [];
  for (const e of page.filter((x) => !x.prefix)) {
    const head = await s3.head(bucket, e.key);
    if (!head) continue;
    contents.push({
      Key: enc(e.key, url),
      LastModified: head.lastModified.toISOString(),
      ETag: head.etag,
      Size: head.size,
      StorageClass: 'STANDARD',
    });
  }
  const body: Record<string, unknown> = {
    Name: bucket,
    Prefix: enc(prefix, url),
    ...(v2 ? { KeyCount: page.length } : { Marker: enc(after, url) }),
    MaxKeys: maxKeys,
    ...(delimiter ? { Delimiter: enc(delimiter, url) } : {}),
    ...(url ? { EncodingType: 'url' } : {}),
    IsTruncated: truncated,
    Contents: contents,
    CommonPrefixes: page.filter((x) => x.prefix).map((x) => ({ Prefix: enc(x.key, url) })),
  };
  if (v2) {
    if (token) body.ContinuationToken = token;
    if (q.get('start-after')) body.StartAfter = enc(q.get('start-after')!, url);
    if (truncated && last) body.NextContinuationToken = Buffer.from(last).toString('base64');
  } else if (truncated && last && delimiter) {
    body.NextMarker = enc(last, url);
  }
  sendXml(res, 200, 'ListBucketResult', body, NS);
}

export function listBuckets(s3: LocalS3Store, res: ServerResponse, owner: string): void {
  sendXml(
    res,
    200,
    'ListAllMyBucketsResult',
    {
      Owner: { ID: owner, DisplayName: 'codelocal' },
      Buckets: { Bucket: s3.listBuckets().map((b) => ({ Name: b, CreationDate: new Date(0).toISOString() })) },
    },
    NS,
  );
}
