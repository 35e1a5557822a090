import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  CacheStore,
  cacheActions,
  dockerLayerCacheVolume,
  sourceCacheVolume,
} from '../../../src/stores/cache-store.js';
import { useTempDirs } from './helpers.js';

const body = (s: string) => Readable.from([Buffer.from(s)]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('build cache (docs/aws/codebuild.md §1.11)', () => {
  const tmp = useTempDirs();

  it('the un-keyed cache is replaced by every save', async () => {
    const c = new CacheStore(join(tmp(), 'cache'));
    expect(c.findRestore('proj', undefined, [])).toBeUndefined();
    await c.save('proj', undefined, body('first'));
    await c.save('proj', undefined, body('second'));
    const hit = c.findRestore('proj', undefined, ['ignored-']);
    expect(hit?.kind).toBe('unkeyed');
    expect(readFileSync(hit!.path, 'utf8')).toBe('second');
  });

  it('docs/aws/codebuild.md §8.26: a keyed entry is immutable once saved', async () => {
    const c = new CacheStore(join(tmp(), 'cache'));
    expect(await c.save('proj', 'npm-key-abc', body('v1'))).toMatchObject({ saved: true });
    const second = body('v2');
    expect(await c.save('proj', 'npm-key-abc', second)).toMatchObject({ saved: false, reason: 'exists' });
    expect(second.destroyed).toBe(true);
    const hit = c.findRestore('proj', 'npm-key-abc', []);
    expect(hit).toMatchObject({ kind: 'exact', key: 'npm-key-abc' });
    expect(readFileSync(hit!.path, 'utf8')).toBe('v1');
  });

  it('two saves of the same new key racing: exactly one wins', async () => {
    const c = new CacheStore(join(tmp(), 'cache'));
    const results = await Promise.all([
      c.save('p', 'k', body('a'.repeat(10000))),
      c.save('p', 'k', body('b'.repeat(10000))),
    ]);
    expect(results.filter((r) => r.saved)).toHaveLength(1);
    expect(c.listKeys('p')).toHaveLength(1);
  });

  it('docs/aws/codebuild.md §8.26: fallback keys match by prefix, newest first, in the order given', async () => {
    const c = new CacheStore(join(tmp(), 'cache'));
    await c.save('proj', 'npm-key-aaa', body('old'));
    await sleep(5);
    await c.save('proj', 'npm-key-bbb', body('new'));
    await c.save('proj', 'other-key-1', body('other'));
    const hit = c.findRestore('proj', 'npm-key-ccc', ['yarn-', 'npm-key-', 'other-']);
    expect(hit).toMatchObject({ kind: 'fallback', key: 'npm-key-bbb', fallbackKey: 'npm-key-' });
    expect(readFileSync(hit!.path, 'utf8')).toBe('new');
    expect(c.findRestore('proj', 'npm-key-ccc', ['nothing-'])).toBeUndefined();
    // fallback keys are ignored without a key
    expect(c.findRestore('proj', undefined, ['npm-key-'])).toBeUndefined();
    // namespaces are separate
    expect(c.findRestore('other-project', 'npm-key-aaa', ['npm-'])).toBeUndefined();
  });

  it('keys with slashes, dots and very long keys are stored safely and found again', async () => {
    const root = join(tmp(), 'cache');
    const c = new CacheStore(root);
    const weird = ['../../etc/passwd', 'a/b c:d', '.', 'x'.repeat(400)];
    for (const k of weird) await c.save('s3://bucket/prefix', k, body(k.slice(0, 10)));
    for (const k of weird) {
      const hit = c.findRestore('s3://bucket/prefix', k, []);
      expect(hit?.path.startsWith(root)).toBe(true);
      expect(readFileSync(hit!.path, 'utf8')).toBe(k.slice(0, 10));
    }
    expect(c.findRestore('s3://bucket/prefix', 'nope', ['xxx'])?.key).toBe('x'.repeat(400));
  });

  it('action: restore | save', () => {
    expect(cacheActions(undefined)).toEqual({ restore: true, save: true });
    expect(cacheActions('restore')).toEqual({ restore: true, save: false });
    expect(cacheActions('save')).toEqual({ restore: false, save: true });
  });

  it('names the local-cache Docker volumes', () => {
    expect(dockerLayerCacheVolume('my-app')).toBe('codelocal-dlc-my-app');
    expect(sourceCacheVolume('my app/x')).toBe('codelocal-src-my-app-x');
  });
});
