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
import { existsSync, mkdirSync, rmSync, statSync, createReadStream, type Stats } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnvironmentError, InputError } from '../errors.js';
import { isAlive } from './execution-orphans.js';
import { md5OfFile, Md5Counter, syncFileWriter, toReadable, type PutBody } from './s3-bytes.js';
import { randomAlphanumeric, s3Arn } from './s3-naming.js';
import { checkBucket, checkKey, keyConflict, mkdirOrConflict, pruneEmpty, readdirSafe, walk } from './s3-paths.js';

// Naming rules and the body type live in their own files; importers keep reading them from here.
export type { PutBody } from './s3-bytes.js';
export { artifactKey, defaultArtifactBucket, randomAlphanumeric, s3Arn } from './s3-naming.js';

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
  /** Absent after putObjectEtagLater until a head() computes it. */
  etag?: string;
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

  private swept = false;

  /**
   * Partial writes of processes that died (SIGKILL mid-upload) are removed once per store, before
   * its first write, and by every start that opens the history (workspace openHistory): their file
   * names start with the writer's pid (issue 17).
   */
  sweepTmp(): void {
    if (this.swept) return;
    this.swept = true;
    for (const name of readdirSafe(this.tmpRoot)) {
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
        rmSync(join(this.tmpRoot, name), { force: true });
      }
    }
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
    const counter = new Md5Counter();
    const { meta, st } = await this.write(bucket, key, body, options, counter);
    return this.toHead(bucket, key, { ...meta, etag: String(meta.etag) }, st);
  }

  /**
   * putObject without hashing the bytes on the way in: the ETag is computed by the first head() that
   * asks for it, and kept. For large objects the engine writes and rarely looks at again (pipeline
   * artifacts): their MD5 costs ~0.3 s per 200 MB on the writer's critical path (docs/performance.md).
   */
  async putObjectEtagLater(bucket: string, key: string, body: PutBody, options: PutOptions = {}): Promise<void> {
    await this.write(bucket, key, body, options);
  }

  private async write(
    bucket: string,
    key: string,
    body: PutBody,
    options: PutOptions,
    hasher?: Md5Counter,
  ): Promise<{ meta: MetaFile; st: Stats }> {
    const target = this.objectPath(bucket, key);
    this.sweepTmp();
    mkdirSync(this.tmpRoot, { recursive: true });
    const tmp = join(this.tmpRoot, `${process.pid}-${randomAlphanumeric(12)}`);
    try {
      if (hasher) await pipeline(toReadable(body), hasher, syncFileWriter(tmp));
      else await pipeline(toReadable(body), syncFileWriter(tmp));
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
      etag: hasher?.hash.digest('hex'),
      size: st.size,
      mtimeMs: st.mtimeMs,
      metadata: { ...(options.metadata ?? {}) },
      contentType: options.contentType,
    };
    // Written after the bytes: a crash in between leaves stale metadata, which head() detects
    // (size/mtime mismatch) and recomputes rather than trusting.
    await this.writeMeta(bucket, key, meta);
    return { meta, st };
  }

  private async writeMeta(bucket: string, key: string, meta: MetaFile): Promise<void> {
    const path = this.metaPath(bucket, key);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = join(this.tmpRoot, `${process.pid}-${randomAlphanumeric(12)}.json`);
    await writeFile(tmp, JSON.stringify(meta));
    await rename(tmp, path);
  }

  private toHead(bucket: string, key: string, meta: MetaFile & { etag: string }, st: Stats): ObjectHead {
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
      return this.toHead(
        bucket,
        key,
        { etag: await md5OfFile(path), size: st.size, mtimeMs: st.mtimeMs, metadata: {} },
        st,
      );
    }
    const etag = meta.etag ?? (await this.etagLater(bucket, key, meta, path));
    return this.toHead(bucket, key, { ...meta, etag }, st);
  }

  /** The ETag of an object written by putObjectEtagLater, computed once and kept in its metadata. */
  private async etagLater(bucket: string, key: string, meta: MetaFile, path: string): Promise<string> {
    const etag = await md5OfFile(path);
    // Best effort: a failed write only means the next head() hashes the bytes again.
    await this.writeMeta(bucket, key, { ...meta, etag }).catch(() => undefined);
    return etag;
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
