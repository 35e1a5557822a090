/**
 * Deploy `S3` (docs/aws/codepipeline.md §2.4): the input artifact goes into a bucket of the local S3 store,
 * unzipped file by file (`Extract=true`, `ObjectKey` as key prefix) or as the one zip object
 * (`Extract=false`). `CacheControl`, `CannedACL` and `KMSEncryptionKeyARN` are recorded as object
 * metadata: there is no ACL or KMS locally, but a test or a later action can read what was asked.
 *
 * The bucket must exist, as on AWS: deploying never creates it (a typo would otherwise "succeed").
 * CODEBUILD_CLONE_REF inputs are refused by the engine (the provider does not set acceptsCloneRef).
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { listFilesInside } from '../../../archive/index.js';
import type { ActionContext, ActionProvider, ActionResult } from '../types.js';
import { contentTypeOf } from './s3-content-type.js';

const failed = (summary: string): ActionResult => ({ status: 'Failed', summary });

/** The metadata keys the deploy options are recorded under (served back as x-amz-meta-*). */
export const DEPLOY_METADATA = {
  CacheControl: 'cache-control',
  CannedACL: 'canned-acl',
  KMSEncryptionKeyARN: 'kms-key-id',
} as const;

/** Canned ACLs S3 accepts (the action passes the value through to PutObject). */
const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'aws-exec-read',
  'authenticated-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
];

/**
 * UNCERTAIN: AWS does not document how an `ObjectKey` prefix joins the extracted paths; codelocal
 * uses `prefix/` + relative path (one slash, never doubled) and no prefix when ObjectKey is empty.
 */
export function extractedKey(prefix: string | undefined, relative: string): string {
  const p = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return p ? `${p}/${relative}` : relative;
}

function metadataOf(c: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, meta] of Object.entries(DEPLOY_METADATA)) if (c[key]) out[meta] = c[key]!;
  return out;
}

async function run(ctx: ActionContext): Promise<ActionResult> {
  const c = ctx.configuration;
  const s3 = ctx.services.s3;
  const bucket = c.BucketName!;
  const extract = (c.Extract ?? '').toLowerCase();
  if (extract !== 'true' && extract !== 'false') return failed(`Extract must be true or false, got "${c.Extract}"`);
  if (c.CannedACL && !CANNED_ACLS.includes(c.CannedACL))
    return failed(`CannedACL "${c.CannedACL}" is not one of ${CANNED_ACLS.join(', ')}`);
  if (!existsSync(join(s3.root, bucket))) {
    return failed(
      `NoSuchBucket: The specified bucket does not exist (${bucket}). Create it in the local S3 store first: ` +
        `mkdir -p ${join(s3.root, bucket)}, or aws s3 mb s3://${bucket} through the local endpoint`,
    );
  }
  const input = ctx.inputs[0]!;
  const metadata = metadataOf(c);

  if (extract === 'false') {
    if (!c.ObjectKey) return failed('ObjectKey is required when Extract is false');
    // The artifact object as stored (the zip, or an S3 source's object byte for byte).
    const source = s3.objectPath(input.record.bucket, input.record.key);
    const head = await s3.putObject(bucket, c.ObjectKey, createReadStream(source), {
      metadata,
      contentType: input.record.format === 'OBJECT' ? contentTypeOf(c.ObjectKey) : 'application/zip',
    });
    ctx.log(`uploaded ${input.record.name} as s3://${bucket}/${c.ObjectKey} (${head.size} bytes)`);
    return {
      status: 'Succeeded',
      summary: `s3://${bucket}/${c.ObjectKey}`,
      externalExecutionId: head.etag.replace(/"/g, ''),
    };
  }

  if (input.unpackError) return failed(`Extract is true but ${input.unpackError}`);
  // S3 has no folders or links: every file becomes one object (a symlink uploads what it points to
  // when that stays inside the artifact; links out of it are skipped, docs/security.md).
  const files = listFilesInside(input.dir, (path, why) => ctx.log(`skipped ${path}: ${why}`));
  for (const f of files) {
    const key = extractedKey(c.ObjectKey, f.path);
    await s3.putObject(bucket, key, { file: f.file }, { metadata, contentType: contentTypeOf(key) });
  }
  const where = `s3://${bucket}/${extractedKey(c.ObjectKey, '')}`;
  ctx.log(`extracted ${input.record.name} into ${where}: ${files.length} object(s)`);
  return { status: 'Succeeded', summary: `${files.length} object(s) into ${where}` };
}

export const s3DeployProvider: ActionProvider = {
  types: [{ category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' }],
  run,
};
