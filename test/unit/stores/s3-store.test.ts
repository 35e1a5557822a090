import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { artifactKey, defaultArtifactBucket, LocalS3Store, NoSuchKeyError } from '../../../src/stores/s3-store.js';
import { useTempDirs } from './helpers.js';

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

describe('local S3 store', () => {
  const tmp = useTempDirs();

  it('s3/BUCKET/KEY holds exactly the object bytes; head gives quoted md5 etag and metadata', async () => {
    const root = join(tmp(), 's3');
    const s3 = new LocalS3Store(root);
    const body = Buffer.from('hello artifact\n');
    const h = await s3.putObject('bkt', 'dir/sub/obj.zip', body, { metadata: { 'codebuild-buildarn': 'x' } });
    expect(readFileSync(join(root, 'bkt', 'dir', 'sub', 'obj.zip'))).toEqual(body);
    expect(s3.objectPath('bkt', 'dir/sub/obj.zip')).toBe(join(root, 'bkt', 'dir', 'sub', 'obj.zip'));
    expect(h.etag).toBe(`"${md5(body)}"`);
    const head = await s3.head('bkt', 'dir/sub/obj.zip');
    expect(head).toMatchObject({ size: body.length, etag: `"${md5(body)}"`, metadata: { 'codebuild-buildarn': 'x' } });
    expect(head!.lastModified).toBeInstanceOf(Date);
    expect(s3.arn('bkt', 'dir/sub/obj.zip')).toBe('arn:aws:s3:::bkt/dir/sub/obj.zip');
    // nothing but the object sits in the bucket folder
    expect(readdirSync(join(root, 'bkt'))).toEqual(['dir']);
  });

  it('an object written with its ETag later gets the same ETag, metadata and content type from its first head', async () => {
    const root = join(tmp(), 's3');
    const s3 = new LocalS3Store(root);
    const body = Buffer.from('an artifact zip, hashed only when asked\n');
    await s3.putObjectEtagLater('bkt', 'p/Out/abc1234', Readable.from([body]), {
      metadata: { 'codebuild-buildarn': 'x' },
      contentType: 'application/zip',
    });
    const metaFile = join(root, '.meta', 'bkt', 'p', 'Out', 'abc1234.json');
    expect(JSON.parse(readFileSync(metaFile, 'utf8'))).not.toHaveProperty('etag');
    const head = await s3.head('bkt', 'p/Out/abc1234');
    expect(head).toMatchObject({
      size: body.length,
      etag: `"${md5(body)}"`,
      metadata: { 'codebuild-buildarn': 'x' },
      contentType: 'application/zip',
    });
    // Kept: the next head reads it from the metadata instead of hashing the bytes again.
    expect(JSON.parse(readFileSync(metaFile, 'utf8'))).toMatchObject({ etag: md5(body) });
    expect(await s3.head('bkt', 'p/Out/abc1234')).toEqual(head);
  });

  it('accepts a file path and a stream as body, and reads back by buffer and stream', async () => {
    const dir = tmp();
    const s3 = new LocalS3Store(join(dir, 's3'));
    const src = join(dir, 'in.bin');
    writeFileSync(src, 'from file');
    await s3.putObject('b1', 'f', src);
    await s3.putObject('b1', 's', Readable.from([Buffer.from('from '), Buffer.from('stream')]));
    expect((await s3.getObject('b1', 'f')).toString()).toBe('from file');
    const chunks: Buffer[] = [];
    for await (const c of s3.openRead('b1', 's')) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('from stream');
  });

  it('a file dropped in by hand is an object; its etag is computed from the bytes', async () => {
    const root = join(tmp(), 's3');
    const s3 = new LocalS3Store(root);
    mkdirSync(join(root, 'manual', 'src'), { recursive: true });
    writeFileSync(join(root, 'manual', 'src', 'app.zip'), 'zipbytes');
    expect(await s3.head('manual', 'src/app.zip')).toMatchObject({ etag: `"${md5('zipbytes')}"`, metadata: {} });
    // overwritten by hand after a put: stale metadata is not trusted
    await s3.putObject('manual', 'k', Buffer.from('one'));
    writeFileSync(join(root, 'manual', 'k'), 'changed!');
    expect((await s3.head('manual', 'k'))!.etag).toBe(`"${md5('changed!')}"`);
  });

  it('list is sorted by key, filters by prefix and groups by delimiter', async () => {
    const s3 = new LocalS3Store(join(tmp(), 's3'));
    for (const k of ['b/2', 'a', 'b/1', 'c/x/y', 'B']) await s3.putObject('bk', k, Buffer.from(k));
    expect((await s3.list('bk')).objects.map((o) => o.key)).toEqual(['B', 'a', 'b/1', 'b/2', 'c/x/y']);
    expect((await s3.list('bk', 'b/')).objects.map((o) => o.key)).toEqual(['b/1', 'b/2']);
    const grouped = await s3.list('bk', '', '/');
    expect(grouped.objects.map((o) => o.key)).toEqual(['B', 'a']);
    expect(grouped.commonPrefixes).toEqual(['b/', 'c/']);
    expect(await s3.list('missing-bucket')).toEqual({ objects: [], commonPrefixes: [] });
    expect(s3.listBuckets()).toEqual(['bk']);
  });

  it('writes are atomic: until a put completes the old object stays, and a failed put leaves no trace', async () => {
    const root = join(tmp(), 's3');
    const s3 = new LocalS3Store(root);
    await s3.putObject('bk', 'obj', Buffer.from('old'));
    const slow = new PassThrough();
    const pending = s3.putObject('bk', 'obj', slow);
    slow.write('new-part-1 ');
    await new Promise((r) => setTimeout(r, 20));
    expect(readFileSync(join(root, 'bk', 'obj'), 'utf8')).toBe('old');
    slow.end('new-part-2');
    await pending;
    expect(readFileSync(join(root, 'bk', 'obj'), 'utf8')).toBe('new-part-1 new-part-2');

    const broken = new PassThrough();
    const failing = s3.putObject('bk', 'obj', broken);
    broken.write('half');
    setTimeout(() => broken.destroy(new Error('connection reset')), 5);
    await expect(failing).rejects.toThrow(/connection reset/);
    expect(readFileSync(join(root, 'bk', 'obj'), 'utf8')).toBe('new-part-1 new-part-2');
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
  });

  it('puts written from the calling thread close their file on success and on failure (no descriptor leaks)', async () => {
    const s3 = new LocalS3Store(join(tmp(), 's3'));
    const openFds = () => readdirSync('/proc/self/fd').length;
    const before = openFds();
    for (let i = 0; i < 20; i++) {
      await s3.putObjectEtagLater('bk', `ok/${i}`, Readable.from([Buffer.alloc(100_000, i), Buffer.alloc(10, i)]));
      const broken = new PassThrough();
      const failing = s3.putObject('bk', `bad/${i}`, broken);
      broken.write(Buffer.alloc(50_000));
      setImmediate(() => broken.destroy(new Error('reset')));
      await expect(failing).rejects.toThrow(/reset/);
    }
    expect(openFds()).toBe(before);
    expect(readFileSync(s3.objectPath('bk', 'ok/19'))).toEqual(
      Buffer.concat([Buffer.alloc(100_000, 19), Buffer.alloc(10, 19)]),
    );
  });

  it('missing objects, conflicting and unsupported keys are typed errors', async () => {
    const s3 = new LocalS3Store(join(tmp(), 's3'));
    await expect(s3.getObject('bk', 'nope')).rejects.toBeInstanceOf(NoSuchKeyError);
    expect(() => s3.openRead('bk', 'nope')).toThrow(NoSuchKeyError);
    expect(await s3.head('bk', 'nope')).toBeUndefined();
    await s3.putObject('bk', 'a/b', Buffer.from('x'));
    await expect(s3.putObject('bk', 'a', Buffer.from('y'))).rejects.toMatchObject({ code: 'S3_KEY_CONFLICT' });
    await expect(s3.putObject('bk', 'a/b/c', Buffer.from('y'))).rejects.toMatchObject({ code: 'S3_KEY_CONFLICT' });
    for (const k of ['../x', 'a//b', 'dir/', '/abs', './x']) {
      await expect(s3.putObject('bk', k, Buffer.from('y'))).rejects.toMatchObject({ code: 'S3_KEY_UNSUPPORTED' });
    }
    expect(() => s3.objectPath('../etc', 'x')).toThrow(/invalid bucket/);
    // delete prunes empty folders so the prefix can become an object
    await s3.deleteObject('bk', 'a/b');
    await s3.deleteObject('bk', 'a/b'); // deleting twice is fine, like S3
    await s3.putObject('bk', 'a', Buffer.from('now a file'));
    expect((await s3.getObject('bk', 'a')).toString()).toBe('now a file');
  });
});

describe('artifact keys (docs/aws/codepipeline.md §3.1, §8 item 17)', () => {
  const tmp = useTempDirs();

  it('truncates the pipeline name to 20 and the artifact name to 10 characters, then 7 alphanumerics', () => {
    const key = artifactKey('CodeBuild-Python-Pip-Pipeline', 'SourceArtifact');
    expect(key).toMatch(/^CodeBuild-Python-Pip\/SourceArti\/[A-Za-z0-9]{7}$/);
    expect(artifactKey('short', 'Out')).toMatch(/^short\/Out\/[A-Za-z0-9]{7}$/);
    expect(artifactKey('p', 'a', () => 'FIXED12')).toBe('p/a/FIXED12');
  });

  it('docs/aws/codepipeline.md §8.17: two executions get different keys', () => {
    const keys = new Set(Array.from({ length: 50 }, () => artifactKey('MyGitHubPipeline', 'BuildArtifact')));
    expect(keys.size).toBe(50);
  });

  it('the default artifact bucket is codepipeline-<region>-<12 digits> and stable per state folder', async () => {
    const state = tmp();
    const a = await defaultArtifactBucket(state, 'us-west-2');
    expect(a).toMatch(/^codepipeline-us-west-2-\d{12}$/);
    expect(await defaultArtifactBucket(state, 'us-west-2')).toBe(a);
    expect(await defaultArtifactBucket(tmp(), 'us-west-2')).not.toBe(a);
  });

  // Issue 17: a SIGKILL mid-upload leaves a partial file in .tmp; the next writer removes it.
  it('removes partial writes left by dead processes before its first write, and keeps live ones', async () => {
    const root = join(tmp(), 's3');
    mkdirSync(join(root, '.tmp'), { recursive: true });
    const dead = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
    writeFileSync(join(root, '.tmp', `${dead}-abcdefabcdef`), 'partial');
    writeFileSync(join(root, '.tmp', `${process.ppid}-abcdefabcdef`), 'in flight elsewhere');
    await new LocalS3Store(root).putObject('bkt', 'k', Buffer.from('x'));
    expect(readdirSync(join(root, '.tmp'))).toEqual([`${process.ppid}-abcdefabcdef`]);
  });
});
