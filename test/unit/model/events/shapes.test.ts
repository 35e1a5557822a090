/*
 * The local trigger events carry AWS's envelope and detail fields (docs/aws/eventbridge.md §1.1, §4.1–§4.3),
 * so patterns written for AWS select them.
 */
import { describe, expect, it } from 'vitest';
import {
  codeCommitReferenceEvent,
  ecrImagePushEvent,
  eventTime,
  matchesEventPattern,
  s3ObjectCreatedEvent,
} from '../../../../src/model/index.js';

const CTX = { account: '123456789012', region: 'eu-west-1', time: new Date('2026-01-02T03:04:05.678Z') };

describe('event envelope (§1.1)', () => {
  it('has version "0", a UUID id, ISO time to the second and the context', () => {
    const e = ecrImagePushEvent(CTX, { repositoryName: 'r', imageTag: 't', imageDigest: 'sha256:x' });
    expect(e.version).toBe('0');
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(e.time).toBe('2026-01-02T03:04:05Z');
    expect([e.account, e.region]).toEqual(['123456789012', 'eu-west-1']);
    expect(eventTime(new Date(0))).toBe('1970-01-01T00:00:00Z');
  });
});

describe('CodeCommit Repository State Change (§4.1)', () => {
  it('an update names both commits and the full ref', () => {
    const e = codeCommitReferenceEvent(CTX, {
      repositoryName: 'app',
      referenceType: 'branch',
      referenceName: 'main',
      commitId: 'c2',
      oldCommitId: 'c1',
    });
    expect(e.source).toBe('aws.codecommit');
    expect(e['detail-type']).toBe('CodeCommit Repository State Change');
    expect(e.resources).toEqual(['arn:aws:codecommit:eu-west-1:123456789012:app']);
    expect(e.detail).toMatchObject({
      event: 'referenceUpdated',
      referenceType: 'branch',
      referenceName: 'main',
      referenceFullName: 'refs/heads/main',
      commitId: 'c2',
      oldCommitId: 'c1',
      repositoryName: 'app',
    });
    expect(e.detail.repositoryId).toMatch(/^[0-9a-f-]{36}$/);
  });
  it('a new tag is referenceCreated with no old commit; a delete has no commitId', () => {
    const created = codeCommitReferenceEvent(CTX, {
      repositoryName: 'a',
      referenceType: 'tag',
      referenceName: 'v1',
      commitId: 'c',
    });
    expect(created.detail).toMatchObject({ event: 'referenceCreated', referenceFullName: 'refs/tags/v1' });
    expect(created.detail).not.toHaveProperty('oldCommitId');
    const deleted = codeCommitReferenceEvent(CTX, {
      repositoryName: 'a',
      referenceType: 'branch',
      referenceName: 'x',
      commitId: 'c',
      oldCommitId: 'o',
      event: 'referenceDeleted',
    });
    expect(deleted.detail).not.toHaveProperty('commitId');
  });
});

describe('ECR Image Action (§4.2) and S3 Object Created (§4.3)', () => {
  it('an image push matches the pipeline ECR-source rule shape', () => {
    const e = ecrImagePushEvent(CTX, { repositoryName: 'myapp', imageTag: 'latest', imageDigest: 'sha256:abc' });
    expect(e.resources).toEqual([]);
    const rule = {
      source: ['aws.ecr'],
      'detail-type': ['ECR Image Action'],
      detail: { 'action-type': ['PUSH'], result: ['SUCCESS'], 'repository-name': ['myapp'], 'image-tag': ['latest'] },
    };
    expect(matchesEventPattern(rule, e)).toBe(true);
  });
  it('an object created carries bucket and key where S3 puts them', () => {
    const e = s3ObjectCreatedEvent(CTX, { bucket: 'b', key: 'src/app.zip', size: 3, etag: 'e' });
    expect(e.source).toBe('aws.s3');
    expect(e['detail-type']).toBe('Object Created');
    expect(e.resources).toEqual(['arn:aws:s3:::b']);
    expect(e.detail).toMatchObject({
      bucket: { name: 'b' },
      object: { key: 'src/app.zip', size: 3 },
      reason: 'PutObject',
    });
    expect(matchesEventPattern({ detail: { object: { key: [{ prefix: 'src/' }] } } }, e)).toBe(true);
  });
});
