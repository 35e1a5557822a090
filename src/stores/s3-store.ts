/**
 * Local S3: buckets and objects as plain files so users can look at (and drop files into) them.
 *
 * Layout under `<state>/s3/` (bucket names cannot start with `.`, so the helpers never collide):
 *   <bucket>/<key>                 exactly the object's bytes
 *   .meta/<bucket>/<key>.json      {etag, size, mtimeMs, metadata, contentType}
 *   .tmp/                          in-flight writes, renamed into place when complete
 *
 * A file dropped by hand into `<bucket>/` is a valid object: without (or with stale) metadata,
 * `head` computes the ETag from the bytes.
 */
import { createHash, randomInt } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnvironmentError, InputError } from '../errors.js';

export type PutBody = Buffer | Uint8Array | Readable | string | { file: string };

export interface PutOptions {
  metadata?: Record<string, string>;
  contentType?: string;
}

export interface ObjectHead {
  bucket: string;
  key: string;
  size: number;
  /** MD5 hex in double quotes, as S3 returns it for single-part uploads. */
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
  contentType?: string;
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ListResult {
  objects: ListedObject[];
  /** With a delimiter: the `prefix…delimiter` groups, like S3's CommonPrefixes. */
  commonPrefixes: string[];
}

interface MetaFile {
  etag: string;
  size: number;
  mtimeMs: number;
  metadata: Record<string, string>;
  contentType?: string;
}

/** A missing object; the engine turns it into the action's or build's failure message. */
export class NoSuchKeyError extends InputError {
  readonly bucket: string;
  readonly key: string;
  constructor(bucket: string, key: string) {
    super('S3_NO_SUCH_KEY', `NoSuchKey: The specified key does not exist. (s3://${bucket}/${key})`);
    this.bucket = bucket;
    this.key = key;
  }
}

export function s3Arn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlphanumeric(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/**
 * codepipeline.md §3.1: `<pipeline name[:20]>/<artifact name[:10]>/<7 random alphanumerics>`.
 * Whether a `.zip` suffix follows depends on the producer (UNCERTAIN there), so callers add it.
 */
export function artifactKey(
  pipelineName: string,
  artifactName: string,
  random: () => string = () => randomAlphanumeric(7),
): string {
  // Array.from so a truncation never splits a surrogate pair (names are ASCII in practice).
  const p = Array.from(pipelineName).slice(0, 20).join('');
  const a = Array.from(artifactName).slice(0, 10).join('');
  return `${p}/${a}/${random()}`;
}

function validBucket(bucket: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(bucket) && !bucket.includes('..');
}

/**
 * S3 keys may hold anything; a file tree may not. Keys that cannot be a relative file path
 * (empty segments, `.`/`..`, trailing `/` folder markers) are refused rather than mangled.
 */
function checkKey(key: string): void {
  const segs = key.split('/');
  if (key === '' || key.includes('\0') || segs.some((s) => s === '' || s === '.' || s === '..') || key.includes('\\')) {
    throw new InputError('S3_KEY_UNSUPPORTED', `the local S3 store cannot hold the key "${key}"`, {
      details: ['keys must be relative paths without empty, "." or ".." segments and without a trailing "/"'],
    });
  }
}

function checkBucket(bucket: string): void {
  if (!validBucket(bucket)) throw new InputError('S3_BUCKET_INVALID', `invalid bucket name "${bucket}"`);
}

/** Hashes and counts bytes as they pass, so a put reads its input exactly once. */
class Md5Counter extends Transform {
  readonly hash = createHash('md5');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null, d?: Buffer) => void): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
}

async function md5OfFile(path: string): Promise<string> {
  const h = createHash('md5');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function toReadable(body: PutBody): Readable {
  if (typeof body === 'string') return createReadStream(body);
  if (body instanceof Readable) return body;
  if (body instanceof Uint8Array) return Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
  return createReadStream(body.file);
}

export class LocalS3Store {
  readonly root: string;
  private readonly metaRoot: string;
  private readonly tmpRoot: string;

  /** `root` is `<state>/s3`. */
  constructor(root: string) {
    this.root = root;
    this.metaRoot = join(root, '.meta');
    this.tmpRoot = join(root, '.tmp');
  }

  arn(bucket: string, key: string): string {
    return s3Arn(bucket, key);
  }

  objectPath(bucket: string, key: string): string {
    checkBucket(bucket);
    checkKey(key);
    return join(this.root, bucket, ...key.split('/'));
  }

  private metaPath(bucket: string, key: string): string {
    return join(this.metaRoot, bucket, ...key.split('/')) + '.json';
  }

  createBucket(bucket: string): void {
    checkBucket(bucket);
    mkdirSync(join(this.root, bucket), { recursive: true });
  }

  listBuckets(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSafe(this.root).filter((n) => !n.startsWith('.'));
  }

  /**
   * Writes an object atomically: bytes go to `.tmp/` and are renamed into place, so readers and
   * a crash mid-write only ever see the old object or the complete new one. A string body is a
   * file path (the common case: an artifact zip already on disk), not content.
   */
  async putObject(bucket: string, key: string, body: PutBody, options: PutOptions = {}): Promise<ObjectHead> {
    const target = this.objectPath(bucket, key);
    mkdirSync(this.tmpRoot, { recursive: true });
    const tmp = join(this.tmpRoot, `${process.pid}-${randomAlphanumeric(12)}`);
    const counter = new Md5Counter();
    try {
      await pipeline(toReadable(body), counter, createWriteStream(tmp));
      mkdirOrConflict(dirname(target), bucket, key);
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      if (e instanceof InputError) throw e;
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EISDIR') throw keyConflict(bucket, key);
      throw new EnvironmentError('S3_WRITE_FAILED', `cannot write s3://${bucket}/${key}: ${err.code ?? err.message}`, {
        cause: e,
      });
    }
    // No fsync: the guarantee we need is against a killed process (rename covers it); syncing
    // every 200 MB artifact would cost more than an OS crash is worth for local state.
    const st = await stat(target);
    const meta: MetaFile = {
      etag: counter.hash.digest('hex'),
      size: counter.size,
      mtimeMs: st.mtimeMs,
      metadata: { ...(options.metadata ?? {}) },
      contentType: options.contentType,
    };
    // Written after the bytes: a crash in between leaves stale metadata, which head() detects
    // (size/mtime mismatch) and recomputes rather than trusting.
    await this.writeMeta(bucket, key, meta);
    return this.toHead(bucket, key, meta, st);
  }

  private async writeMeta(bucket: string, key: string, meta: MetaFile): Promise<void> {
    const path = this.metaPath(bucket, key);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = join(this.tmpRoot, `${process.pid}-${randomAlphanumeric(12)}.json`);
    await writeFile(tmp, JSON.stringify(meta));
    await rename(tmp, path);
  }

  private toHead(bucket: string, key: string, meta: MetaFile, st: Stats): ObjectHead {
    return {
      bucket,
      key,
      size: st.size,
      etag: `"${meta.etag}"`,
      lastModified: st.mtime,
      metadata: meta.metadata,
      ...(meta.contentType ? { contentType: meta.contentType } : {}),
    };
  }

  /** Object facts, or undefined when there is no such object. */
  async head(bucket: string, key: string): Promise<ObjectHead | undefined> {
    const path = this.objectPath(bucket, key);
    let st: Stats;
    try {
      st = await stat(path);
    } catch {
      return undefined;
    }
    if (!st.isFile()) return undefined;
    let meta: MetaFile | undefined;
    try {
      meta = JSON.parse(await readFile(this.metaPath(bucket, key), 'utf8')) as MetaFile;
    } catch {
      meta = undefined;
    }
    if (!meta || meta.size !== st.size || meta.mtimeMs !== st.mtimeMs) {
      meta = { etag: await md5OfFile(path), size: st.size, mtimeMs: st.mtimeMs, metadata: {} };
    }
    return this.toHead(bucket, key, meta, st);
  }

  async exists(bucket: string, key: string): Promise<boolean> {
    return (await this.head(bucket, key)) !== undefined;
  }

  /** A stream of the object's bytes; throws NoSuchKeyError up front rather than on first read. */
  openRead(bucket: string, key: string): Readable {
    const path = this.objectPath(bucket, key);
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) throw new NoSuchKeyError(bucket, key);
    return createReadStream(path);
  }

  async getObject(bucket: string, key: string): Promise<Buffer> {
    try {
      return await readFile(this.objectPath(bucket, key));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') throw new NoSuchKeyError(bucket, key);
      throw e;
    }
  }

  /** Like S3, deleting a missing key is not an error. Empty parent folders are pruned so the key's path is free again. */
  async deleteObject(bucket: string, key: string): Promise<void> {
    const path = this.objectPath(bucket, key);
    const meta = this.metaPath(bucket, key);
    try {
      if (!(await stat(path)).isFile()) return;
    } catch {
      return;
    }
    await rm(path, { force: true });
    await rm(meta, { force: true });
    await pruneEmpty(dirname(path), join(this.root, bucket));
    await pruneEmpty(dirname(meta), join(this.metaRoot, bucket));
  }

  /** Objects under `prefix`, sorted by UTF-8 bytes like S3; with `delimiter`, grouped into commonPrefixes. */
  async list(bucket: string, prefix = '', delimiter?: string): Promise<ListResult> {
    checkBucket(bucket);
    const bucketRoot = join(this.root, bucket);
    const all: ListedObject[] = [];
    await walk(bucketRoot, '', async (key, st) => {
      if (key.startsWith(prefix)) all.push({ key, size: st.size, lastModified: st.mtime });
    });
    all.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    if (!delimiter) return { objects: all, commonPrefixes: [] };
    const objects: ListedObject[] = [];
    const prefixes = new Set<string>();
    for (const o of all) {
      const at = o.key.indexOf(delimiter, prefix.length);
      if (at < 0) objects.push(o);
      else prefixes.add(o.key.slice(0, at + delimiter.length));
    }
    return { objects, commonPrefixes: [...prefixes] };
  }
}

function keyConflict(bucket: string, key: string): InputError {
  return new InputError(
    'S3_KEY_CONFLICT',
    `s3://${bucket}/${key} cannot be stored locally: a key is both an object and a prefix of another object`,
  );
}

function mkdirOrConflict(dir: string, bucket: string, key: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw keyConflict(bucket, key);
    throw e;
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

async function walk(dir: string, rel: string, visit: (key: string, st: Stats) => Promise<void>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    const key = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      await walk(full, key, visit);
    } else if (e.isFile() || e.isSymbolicLink()) {
      // A symlink dropped in by hand counts when it points at a file; loops and dangling links do not.
      try {
        const st = await stat(full);
        if (st.isFile()) await visit(key, st);
      } catch {
        /* dangling link */
      }
    }
  }
}

async function pruneEmpty(dir: string, stopAt: string): Promise<void> {
  let d = dir;
  while (d.length > stopAt.length && d.startsWith(stopAt + sep)) {
    try {
      await rmdir(d);
    } catch {
      return;
    }
    d = dirname(d);
  }
}

/**
 * The default artifact bucket, `codepipeline-<region>-<12 digits>` like the console creates.
 * The digits are drawn once and kept in the state folder so every run of this project agrees.
 */
export async function defaultArtifactBucket(stateRoot: string, region: string): Promise<string> {
  const file = join(stateRoot, 'artifact-bucket-id');
  mkdirSync(stateRoot, { recursive: true });
  let digits: string;
  try {
    digits = (await readFile(file, 'utf8')).trim();
  } catch {
    digits = '';
  }
  if (!/^\d{12}$/.test(digits)) {
    const fresh = Array.from({ length: 12 }, () => String(randomInt(10))).join('');
    try {
      // 'wx' so two first runs racing agree on whichever wrote first.
      await writeFile(file, fresh + '\n', { flag: 'wx' });
      digits = fresh;
    } catch {
      digits = (await readFile(file, 'utf8')).trim();
      if (!/^\d{12}$/.test(digits)) {
        digits = fresh;
        await writeFile(file, fresh + '\n');
      }
    }
  }
  return `codepipeline-${region}-${digits}`;
}
