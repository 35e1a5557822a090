/**
 * S3 stand-in (REST-XML) over the local S3 folder (`<state>/s3/<bucket>/<key>`), so `aws s3 cp/ls/rm`
 * and SDK calls in a buildspec read and write the same objects pipelines use. Path-style
 * (`/bucket/key`) and virtual-host style (`bucket.<endpoint host>`, `bucket.s3[.region].amazonaws.com`)
 * both work. A bucket exists when its folder does (create one with `aws s3 mb` or `mkdir`): writing to a
 * missing bucket is NoSuchBucket, as on S3.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import type { LocalS3Store, ObjectHead } from '../../stores/index.js';
import { decodeAwsChunked, isAwsChunked } from './s3-chunked.js';
import { listBuckets, listObjects } from './s3-list.js';
import { MultipartUploads } from './s3-multipart.js';
import { AwsError, sendXml, xmlValues } from './protocol.js';
import { accessKeyOf } from './sts.js';

/** The IAM action of an S3 request the policies decide on (reads, writes, deletes, listing). */
function s3Action(method: string, q: URLSearchParams, key: string | undefined): string | undefined {
  if (key === undefined) return method === 'GET' && !q.has('location') ? 's3:ListBucket' : undefined;
  if (method === 'GET' || method === 'HEAD') return 's3:GetObject';
  // A copy is a PutObject on the target (its GetObject on the source is not checked).
  if (method === 'PUT' || method === 'POST') return 's3:PutObject';
  return method === 'DELETE' && !q.has('uploadId') ? 's3:DeleteObject' : undefined;
}

export interface S3Deps {
  s3: LocalS3Store;
  region: string;
  accountId: string;
  /** Host names that name the endpoint itself; `<bucket>.<one of them>` is virtual-host style. */
  endpointHosts: string[];
  /** Why a bucket policy refuses the request (docs/accounts.md), or undefined; see s3-authorize.ts. */
  refusal?(r: S3Access): string | undefined;
}

/** What a bucket policy decides on: who (by access key id), which IAM action, on which bucket and key. */
export interface S3Access {
  accessKeyId?: string;
  action: string;
  bucket: string;
  key?: string;
  context: Record<string, string | boolean>;
}

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

/** One request on an existing bucket, as the handlers below take it. */
interface S3Request {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  q: URLSearchParams;
  bucket: string;
  /** The body, aws-chunked encoding removed. */
  body: () => Buffer;
}

/** Bucket and key of a request, whichever addressing style it uses. */
export function addressOf(host: string, path: string, endpointHosts: string[]): { bucket?: string; key?: string } {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const decoded = (s: string) => decodeURIComponent(s);
  let vhost: string | undefined;
  const aws = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(name);
  if (aws) vhost = aws[1];
  for (const h of endpointHosts) if (name.endsWith(`.${h}`)) vhost = name.slice(0, -h.length - 1);
  if (vhost) {
    const key = path.replace(/^\//, '');
    return { bucket: vhost, ...(key ? { key: decoded(key) } : {}) };
  }
  const m = /^\/([^/]+)(?:\/(.*))?$/.exec(path);
  if (!m) return {};
  return { bucket: decoded(m[1]!), ...(m[2] ? { key: decoded(m[2]) } : {}) };
}

function bucketExists(s3: LocalS3Store, bucket: string): boolean {
  try {
    return statSync(join(s3.root, bucket)).isDirectory() && !bucket.startsWith('.');
  } catch {
    return false;
  }
}

function noSuchBucket(bucket: string): AwsError {
  return new AwsError('NoSuchBucket', `The specified bucket does not exist: ${bucket}`, 404);
}

function metadataOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (k.startsWith('x-amz-meta-') && typeof v === 'string') out[k.slice(11)] = v;
  return out;
}

function objectHeaders(head: ObjectHead): Record<string, string | number> {
  const h: Record<string, string | number> = {
    etag: head.etag,
    'last-modified': head.lastModified.toUTCString(),
    'content-type': head.contentType ?? 'binary/octet-stream',
    'accept-ranges': 'bytes',
  };
  for (const [k, v] of Object.entries(head.metadata)) h[`x-amz-meta-${k}`] = v;
  return h;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → inclusive range, or undefined when absent/unsatisfiable. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') return { start: Math.max(size - Number(m[2]), 0), end: size - 1 };
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) throw new AwsError('InvalidRange', 'The requested range is not satisfiable', 416);
  return { start, end };
}

export class S3Service {
  private readonly uploads: MultipartUploads;

  constructor(private readonly d: S3Deps) {
    this.uploads = new MultipartUploads(d.s3);
  }

  async handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    try {
      await this.route(req, res, raw);
    } catch (e) {
      const err =
        e instanceof AwsError ? e : e instanceof InputError ? new AwsError('InvalidArgument', e.message) : undefined;
      if (!err) throw e;
      if (req.method === 'HEAD') {
        res.writeHead(err.status).end();
        return;
      }
      sendXml(res, err.status, 'Error', { Code: err.code, Message: err.message });
    }
  }

  /** Dispatch by addressing level: the service (no bucket), a bucket, or an object. */
  private async route(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const { bucket, key } = addressOf(String(req.headers.host ?? ''), url.pathname, this.d.endpointHosts);
    const method = req.method ?? 'GET';
    if (!bucket) {
      if (method === 'GET') return listBuckets(this.d.s3, res, this.d.accountId);
      throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
    }
    if (method === 'PUT' && !key) return this.createBucket(bucket, res);
    if (!bucketExists(this.d.s3, bucket)) throw noSuchBucket(bucket);
    this.authorize(req, method, url.searchParams, bucket, key);
    const body = () => (isAwsChunked(req.headers) ? decodeAwsChunked(raw) : raw);
    const r: S3Request = { req, res, method, q: url.searchParams, bucket, body };
    return key ? this.onObject(r, key) : this.onBucket(r);
  }

  /** S3's 403 when the bucket policy refuses a request (docs/aws/iam.md §3.4). */
  private authorize(req: IncomingMessage, method: string, q: URLSearchParams, bucket: string, key?: string): void {
    if (!this.d.refusal) return;
    const action = s3Action(method, q, key);
    if (!action) return;
    const sse = req.headers['x-amz-server-side-encryption'];
    const refused = this.d.refusal({
      accessKeyId: accessKeyOf(req.headers.authorization),
      action,
      bucket,
      ...(key !== undefined ? { key } : {}),
      context: typeof sse === 'string' ? { 's3:x-amz-server-side-encryption': sse } : {},
    });
    if (refused) throw new AwsError('AccessDenied', 'Access Denied', 403);
  }

  private createBucket(bucket: string, res: ServerResponse): void {
    if (bucketExists(this.d.s3, bucket))
      throw new AwsError(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
      );
    this.d.s3.createBucket(bucket);
    res.writeHead(200, { location: `/${bucket}` }).end();
  }

  /** Requests on an existing bucket itself (no key). */
  private async onBucket({ method, q, bucket, res, body }: S3Request): Promise<void> {
    if (method === 'HEAD') return void res.writeHead(200, { 'x-amz-bucket-region': this.d.region }).end();
    if (method === 'GET' && q.has('location'))
      return sendXml(res, 200, 'LocationConstraint', this.d.region === 'us-east-1' ? '' : this.d.region, NS);
    if (method === 'GET') return listObjects(this.d.s3, bucket, q, res);
    if (method === 'POST' && q.has('delete')) return this.deleteObjects(bucket, body().toString('utf8'), res);
    if (method === 'DELETE') return this.deleteBucket(bucket, res);
    throw new AwsError(
      'NotImplemented',
      `codelocal's local S3 does not implement ${method} on a bucket with ?${[...q.keys()].join('&')}`,
      501,
    );
  }

  /** Requests on an object of an existing bucket; multipart uploads go to onMultipart. */
  private async onObject(r: S3Request, key: string): Promise<void> {
    const { req, res, method, q, bucket } = r;
    if (method === 'GET' || method === 'HEAD') return this.getObject(bucket, key, req, res);
    if (q.has('uploadId') || (method === 'POST' && q.has('uploads'))) return this.onMultipart(r, key);
    if (method === 'PUT' && req.headers['x-amz-copy-source']) return this.copyObject(bucket, key, req, res);
    if (method === 'PUT') {
      const head = await this.d.s3.putObject(bucket, key, r.body(), {
        metadata: metadataOf(req),
        ...(req.headers['content-type'] ? { contentType: String(req.headers['content-type']) } : {}),
      });
      return void res.writeHead(200, { etag: head.etag }).end();
    }
    if (method === 'DELETE') {
      await this.d.s3.deleteObject(bucket, key);
      return void res.writeHead(204).end();
    }
    throw new AwsError('NotImplemented', `codelocal's local S3 does not implement ${method} on an object`, 501);
  }

  /** Multipart uploads: create (POST ?uploads), part (PUT ?uploadId), complete (POST), abort (DELETE). */
  private async onMultipart({ req, res, method, q, bucket, body }: S3Request, key: string): Promise<void> {
    const uploadId = q.get('uploadId');
    if (method === 'PUT' && uploadId !== null) {
      const etag = await this.uploads.putPart(uploadId, bucket, key, Number(q.get('partNumber')), body());
      return void res.writeHead(200, { etag }).end();
    }
    if (method === 'POST' && q.has('uploads')) {
      const id = await this.uploads.create({
        bucket,
        key,
        metadata: metadataOf(req),
        ...(req.headers['content-type'] ? { contentType: String(req.headers['content-type']) } : {}),
      });
      return sendXml(res, 200, 'InitiateMultipartUploadResult', { Bucket: bucket, Key: key, UploadId: id }, NS);
    }
    if (method === 'POST' && uploadId !== null) {
      const xml = body().toString('utf8');
      const parts = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
        partNumber: Number(xmlValues(m[1]!, 'PartNumber')[0]),
        etag: xmlValues(m[1]!, 'ETag')[0] ?? '',
      }));
      const done = await this.uploads.complete(uploadId, bucket, key, parts);
      const result = { Location: `/${bucket}/${key}`, Bucket: bucket, Key: key, ETag: done.etag };
      return sendXml(res, 200, 'CompleteMultipartUploadResult', result, NS);
    }
    if (method === 'DELETE' && uploadId !== null) {
      await this.uploads.abort(uploadId, bucket, key);
      return void res.writeHead(204).end();
    }
    throw new AwsError('NotImplemented', `codelocal's local S3 does not implement ${method} on an object`, 501);
  }

  private async getObject(bucket: string, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = await this.d.s3.head(bucket, key);
    if (!head) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
    const range = parseRange(req.headers.range, head.size);
    const headers = objectHeaders(head);
    if (range) {
      headers['content-range'] = `bytes ${range.start}-${range.end}/${head.size}`;
      headers['content-length'] = range.end - range.start + 1;
    } else headers['content-length'] = head.size;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD' || head.size === 0) return void res.end();
    const stream = createReadStream(
      this.d.s3.objectPath(bucket, key),
      range ? { start: range.start, end: range.end } : {},
    );
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
    });
  }

  private async copyObject(bucket: string, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const source = decodeURIComponent(String(req.headers['x-amz-copy-source']).split('?')[0]!.replace(/^\//, ''));
    const slash = source.indexOf('/');
    const [sb, sk] = [source.slice(0, slash), source.slice(slash + 1)];
    if (slash <= 0 || !bucketExists(this.d.s3, sb)) throw noSuchBucket(sb);
    const from = await this.d.s3.head(sb, sk);
    if (!from) throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404);
    const replace = String(req.headers['x-amz-metadata-directive'] ?? 'COPY') === 'REPLACE';
    const head = await this.d.s3.putObject(bucket, key, await this.d.s3.getObject(sb, sk), {
      metadata: replace ? metadataOf(req) : from.metadata,
      ...((replace ? req.headers['content-type'] : from.contentType)
        ? { contentType: String(replace ? req.headers['content-type'] : from.contentType) }
        : {}),
    });
    sendXml(res, 200, 'CopyObjectResult', { LastModified: head.lastModified.toISOString(), ETag: head.etag }, NS);
  }

  private async deleteObjects(bucket: string, xml: string, res: ServerResponse): Promise<void> {
    const keys = [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((m) => xmlValues(m[1]!, 'Key')[0] ?? '');
    const quiet = xmlValues(xml, 'Quiet')[0] === 'true';
    const deleted: { Key: string }[] = [];
    for (const k of keys) {
      await this.d.s3.deleteObject(bucket, k);
      deleted.push({ Key: k });
    }
    sendXml(res, 200, 'DeleteResult', { Deleted: quiet ? [] : deleted }, NS);
  }

  private async deleteBucket(bucket: string, res: ServerResponse): Promise<void> {
    const listed = await this.d.s3.list(bucket);
    if (listed.objects.length > 0)
      throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
    await rm(join(this.d.s3.root, bucket), { recursive: true, force: true });
    res.writeHead(204).end();
  }
}
