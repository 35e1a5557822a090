/**
 * Builders for the service events codelocal emits locally when something changes that AWS would report to
 * EventBridge: a ref moving in a local repository (CodeCommit's event), an image pushed to the local registry
 * (ECR's), an object created in the local S3 folder (S3's EventBridge form). Shapes: docs/aws/eventbridge.md §4.
 */
import { randomUUID } from 'node:crypto';
import type { AwsEvent } from './types.js';

/** Where and when an event happens: the envelope's account, region, time and id (docs/aws/eventbridge.md §1.1). */
export interface EventContext {
  account: string;
  region: string;
  /** Defaults to now. */
  time?: Date;
  /** Defaults to a fresh v4 UUID. */
  id?: string;
  /** The ARN partition; `aws` unless the region says otherwise. */
  partition?: string;
}

/** `2017-12-22T18:43:48Z`: ISO-8601 UTC to the second, as the envelope carries it (§1.1). */
export function eventTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function partitionOfContext(ctx: EventContext): string {
  if (ctx.partition) return ctx.partition;
  if (ctx.region.startsWith('cn-')) return 'aws-cn';
  if (ctx.region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The common envelope around a service's `detail`. */
export function makeEvent(
  ctx: EventContext,
  source: string,
  detailType: string,
  resources: string[],
  detail: Record<string, unknown>,
): AwsEvent {
  return {
    version: '0',
    id: ctx.id ?? randomUUID(),
    'detail-type': detailType,
    source,
    account: ctx.account,
    time: eventTime(ctx.time ?? new Date()),
    region: ctx.region,
    resources,
    detail,
  };
}

export interface ReferenceChange {
  repositoryName: string;
  referenceType: 'branch' | 'tag';
  referenceName: string;
  /** The new commit (absent on delete). */
  commitId?: string;
  /** The previous commit (on update and delete). */
  oldCommitId?: string;
  /** Default: referenceUpdated when oldCommitId is set, else referenceCreated. */
  event?: 'referenceCreated' | 'referenceUpdated' | 'referenceDeleted';
  /** CodeCommit's repository UUID; a stable local one is derived from the name when absent. */
  repositoryId?: string;
}

/** A stable UUID-shaped id for a local repository name, so the same repository always reads the same. */
function localRepositoryId(name: string): string {
  let h = 0x811c9dc5;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${name}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** "CodeCommit Repository State Change" for a branch or tag that was created, moved or deleted (§4.1). */
export function codeCommitReferenceEvent(ctx: EventContext, change: ReferenceChange): AwsEvent {
  const event = change.event ?? (change.oldCommitId ? 'referenceUpdated' : 'referenceCreated');
  const prefix = change.referenceType === 'branch' ? 'refs/heads/' : 'refs/tags/';
  const detail: Record<string, unknown> = {
    event,
    repositoryName: change.repositoryName,
    repositoryId: change.repositoryId ?? localRepositoryId(change.repositoryName),
    referenceType: change.referenceType,
    referenceName: change.referenceName,
    referenceFullName: `${prefix}${change.referenceName}`,
  };
  if (event !== 'referenceDeleted' && change.commitId) detail.commitId = change.commitId;
  if (change.oldCommitId) detail.oldCommitId = change.oldCommitId;
  const arn = `arn:${partitionOfContext(ctx)}:codecommit:${ctx.region}:${ctx.account}:${change.repositoryName}`;
  return makeEvent(ctx, 'aws.codecommit', 'CodeCommit Repository State Change', [arn], detail);
}

export interface ImagePush {
  repositoryName: string;
  imageTag: string;
  imageDigest: string;
}

/** "ECR Image Action" for a successful push; ECR sends an empty `resources` (§4.2). */
export function ecrImagePushEvent(ctx: EventContext, push: ImagePush): AwsEvent {
  return makeEvent(ctx, 'aws.ecr', 'ECR Image Action', [], {
    result: 'SUCCESS',
    'repository-name': push.repositoryName,
    'image-digest': push.imageDigest,
    'action-type': 'PUSH',
    'image-tag': push.imageTag,
  });
}

export interface ObjectCreated {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  versionId?: string;
  /** The API call that created it: PutObject (default), CopyObject, CompleteMultipartUpload. */
  reason?: string;
}

/** S3's "Object Created" in its EventBridge form (not the S3 notification form) (§4.3). */
export function s3ObjectCreatedEvent(ctx: EventContext, obj: ObjectCreated): AwsEvent {
  const object: Record<string, unknown> = { key: obj.key, size: obj.size, etag: obj.etag };
  if (obj.versionId) object['version-id'] = obj.versionId;
  object.sequencer = Date.now().toString(16).toUpperCase().padStart(18, '0');
  return makeEvent(ctx, 'aws.s3', 'Object Created', [`arn:${partitionOfContext(ctx)}:s3:::${obj.bucket}`], {
    version: '0',
    bucket: { name: obj.bucket },
    object,
    'request-id': randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
    requester: ctx.account,
    'source-ip-address': '127.0.0.1',
    reason: obj.reason ?? 'PutObject',
  });
}
