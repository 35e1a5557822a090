/**
 * Multipart uploads for the S3 stand-in. Parts wait in `<s3 root>/.multipart/<upload id>/` (bucket
 * names cannot start with `.`, so the folder never looks like a bucket); Complete streams them, in the
 * order the request lists them, into one object through LocalS3Store so the object is written atomically.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { LocalS3Store, ObjectHead } from '../../stores/index.js';
import { AwsError } from './protocol.js';

interface UploadInfo {
  bucket: string;
  key: string;
  contentType?: string;
  metadata: Record<string, string>;
}

export class MultipartUploads {
  constructor(
    private readonly s3: LocalS3Store,
    private readonly root: string = join(s3.root, '.multipart'),
  ) {}

  private dir(uploadId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(uploadId)) throw noSuchUpload();
    return join(this.root, uploadId);
  }

  async create(info: UploadInfo): Promise<string> {
    const id = randomBytes(24).toString('base64url');
    await mkdir(this.dir(id), { recursive: true });
    await writeFile(join(this.dir(id), 'upload.json'), JSON.stringify(info));
    return id;
  }

  private async info(uploadId: string, bucket: string, key: string): Promise<UploadInfo> {
    let info: UploadInfo;
    try {
      info = JSON.parse(await readFile(join(this.dir(uploadId), 'upload.json'), 'utf8')) as UploadInfo;
    } catch {
      throw noSuchUpload();
    }
    if (info.bucket !== bucket || info.key !== key) throw noSuchUpload();
    return info;
  }

  /** Stores one part; returns its ETag (quoted MD5, as S3 does). */
  async putPart(uploadId: string, bucket: string, key: string, partNumber: number, body: Buffer): Promise<string> {
    await this.info(uploadId, bucket, key);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
      throw new AwsError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
    }
    const etag = createHash('md5').update(body).digest('hex');
    await writeFile(join(this.dir(uploadId), `${partNumber}.part`), body);
    await writeFile(join(this.dir(uploadId), `${partNumber}.etag`), etag);
    return `"${etag}"`;
  }

  async complete(
    uploadId: string,
    bucket: string,
    key: string,
    parts: { partNumber: number; etag: string }[],
  ): Promise<{ head: ObjectHead; etag: string }> {
    const info = await this.info(uploadId, bucket, key);
    const dir = this.dir(uploadId);
    const md5s: Buffer[] = [];
    for (const p of parts) {
      const file = join(dir, `${p.partNumber}.part`);
      const etagFile = join(dir, `${p.partNumber}.etag`);
      if (!existsSync(file))
        throw new AwsError(
          'InvalidPart',
          `One or more of the specified parts could not be found: part ${p.partNumber}`,
        );
      const stored = (await readFile(etagFile, 'utf8')).trim();
      if (p.etag && p.etag.replace(/"/g, '') !== stored) {
        throw new AwsError(
          'InvalidPart',
          `One or more of the specified parts could not be found: part ${p.partNumber} has another ETag`,
        );
      }
      md5s.push(Buffer.from(stored, 'hex'));
    }
    for (let i = 1; i < parts.length; i++) {
      if (parts[i]!.partNumber <= parts[i - 1]!.partNumber) {
        throw new AwsError(
          'InvalidPartOrder',
          'The list of parts was not in ascending order. Parts must be ordered by part number.',
        );
      }
    }
    const joined = new PassThrough();
    const feed = (async () => {
      for (const p of parts) {
        for await (const chunk of createReadStream(join(dir, `${p.partNumber}.part`))) {
          if (!joined.write(chunk)) await new Promise((r) => joined.once('drain', r));
        }
      }
      joined.end();
    })();
    const [head] = await Promise.all([
      this.s3.putObject(bucket, key, joined, {
        metadata: info.metadata,
        ...(info.contentType ? { contentType: info.contentType } : {}),
      }),
      feed,
    ]);
    await rm(dir, { recursive: true, force: true });
    // S3's multipart ETag: MD5 of the parts' MD5s, then `-<number of parts>`.
    const etag = `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${parts.length}"`;
    return { head, etag };
  }

  async abort(uploadId: string, bucket: string, key: string): Promise<void> {
    await this.info(uploadId, bucket, key);
    await rm(this.dir(uploadId), { recursive: true, force: true });
  }
}

function noSuchUpload(): AwsError {
  return new AwsError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
  );
}
