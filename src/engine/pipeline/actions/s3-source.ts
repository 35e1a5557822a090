/**
 * Source `S3`: the object `S3Bucket`/`S3ObjectKey` of the local S3 store (or the file given with
 * `--source Action=PATH`) becomes the artifact byte for byte; consumers that unzip need it to be a
 * zip (docs/aws/codepipeline.md §2.1, §3.2). Variables ETag and VersionId (§4.2).
 */
import { resolve } from 'node:path';
import { createReadStream, existsSync } from 'node:fs';
import { NoSuchKeyError } from '../../../stores/index.js';
import type { ActionProvider, ActionResult } from '../types.js';

/** The local store keeps no versions; S3 reports the version of an unversioned object as "null". */
const UNVERSIONED = 'null';

export const s3SourceProvider: ActionProvider = {
  types: [{ category: 'Source', owner: 'AWS', provider: 'S3', version: '1' }],
  async run(ctx): Promise<ActionResult> {
    const { S3Bucket: bucket, S3ObjectKey: key } = ctx.configuration;
    const slot = ctx.outputs[0]!;
    const s3 = ctx.services.s3;
    const override = ctx.services.sourceOverrides[ctx.actionName];
    s3.createBucket(slot.bucket);
    let head;
    if (override?.path) {
      const file = resolve(ctx.services.cwd, override.path);
      if (!existsSync(file)) return { status: 'Failed', summary: `source file ${file} does not exist` };
      head = await s3.putObject(slot.bucket, slot.key, createReadStream(file));
      ctx.log(`read ${file} (${head.size} bytes) in place of s3://${bucket}/${key}`);
    } else {
      try {
        const source = await s3.head(bucket!, key!);
        if (!source) throw new NoSuchKeyError(bucket!, key!);
        await s3.putObject(slot.bucket, slot.key, s3.openRead(bucket!, key!), { metadata: source.metadata });
        head = source;
        ctx.log(`read s3://${bucket}/${key} (${head.size} bytes) from ${s3.root}`);
      } catch (e) {
        if (e instanceof NoSuchKeyError) {
          return {
            status: 'Failed',
            summary: `The object s3://${bucket}/${key} does not exist in the local S3 store (${s3.objectPath(bucket!, key!)})`,
          };
        }
        throw e;
      }
    }
    const etag = head.etag.replace(/"/g, '');
    return {
      status: 'Succeeded',
      outputVariables: { ETag: etag, VersionId: UNVERSIONED },
      externalExecutionId: etag,
      stored: { [slot.name]: { format: 'OBJECT', revision: etag } },
      revision: { revisionId: `${UNVERSIONED}/${etag}`, revisionSummary: `s3://${bucket}/${key}` },
    };
  },
};
