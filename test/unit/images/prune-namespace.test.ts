/**
 * A build under another image namespace (the cold-build bench) must never untag the `codelocal/` images other
 * runs use: pruneSuperseded touches only tags under its own namespace. And the debootstrap tarball cache is keyed
 * by what decides its contents (suite, architecture, variant, package list) and expires.
 */
import { describe, expect, it } from 'vitest';
import { pruneSuperseded } from '../../../src/images/catalog.js';
import { debootstrapEnv } from '../../../src/images/build-base.js';
import {
  DEBOOTSTRAP_CACHE_MAX_AGE_MS,
  debootstrapTarballPath,
  usableTarball,
  writeTarballAtomically,
} from '../../../src/images/debootstrap-cache.js';
import { mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function fakeImages(list: { id: string; tags: string[] }[]) {
  const removed: string[] = [];
  return {
    removed,
    client: {
      list: async () => list.map((i) => ({ ...i, labels: {}, sizeBytes: 0, created: '' })),
      remove: async (ref: string) => void removed.push(ref),
    },
  };
}

describe('pruneSuperseded', () => {
  const images = [
    { id: 'sha256:new', tags: ['bench-x/standard:latest'] },
    { id: 'sha256:shared', tags: ['codelocal/standard:latest', 'codelocal/standard:abc'] },
    { id: 'sha256:oldbench', tags: ['bench-x/standard:old'] },
    { id: 'sha256:untagged', tags: [] },
  ];

  it('in another namespace removes only that namespace tags, never untagged images', async () => {
    const f = fakeImages(images);
    const removed = await pruneSuperseded(f.client as never, 'standard', 'sha256:new', 'bench-x');
    expect(removed).toEqual(['bench-x/standard:old']);
  });

  it('in the default namespace leaves other namespaces alone and removes untagged ones by id', async () => {
    const f = fakeImages(images);
    const removed = await pruneSuperseded(f.client as never, 'standard', 'sha256:shared', 'codelocal');
    expect(removed).toEqual(['sha256:untagged']);
  });
});

describe('debootstrap tarball cache', () => {
  const key = { suite: 'bookworm', arch: 'amd64', variant: 'minbase', include: ['ca-certificates', 'a'] };

  it('is keyed by the package list (order-free), suite and architecture', () => {
    const p = debootstrapTarballPath('/c', key);
    expect(debootstrapTarballPath('/c', { ...key, include: ['a', 'ca-certificates'] })).toBe(p);
    expect(debootstrapTarballPath('/c', { ...key, include: ['ca-certificates'] })).not.toBe(p);
    expect(debootstrapTarballPath('/c', { ...key, arch: 'arm64' })).not.toBe(p);
    expect(p).toMatch(/^\/c\/debootstrap-bookworm-amd64-[0-9a-f]{16}\.tgz$/);
  });

  it('is used when present and young, not when forced, empty or expired', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deb-cache-'));
    const path = join(dir, 't.tgz');
    expect(await usableTarball(path, false)).toBe(false);
    writeFileSync(path, 'x');
    expect(await usableTarball(path, false)).toBe(true);
    expect(await usableTarball(path, true)).toBe(false);
    expect(await usableTarball(path, false, Date.now() + DEBOOTSTRAP_CACHE_MAX_AGE_MS + 1000)).toBe(false);
  });

  it('never leaves a partial tarball behind when the download fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deb-cache-'));
    const path = join(dir, 'sub', 't.tgz');
    await expect(
      writeTarballAtomically(path, async (tmp) => {
        writeFileSync(tmp, 'half');
        throw new Error('mirror gone');
      }),
    ).rejects.toThrow('mirror gone');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
    await writeTarballAtomically(path, async (tmp) => writeFileSync(tmp, 'whole'));
    expect(existsSync(path)).toBe(true);
  });
});

describe('debootstrap environment', () => {
  it('retries a lost DNS answer after 1 s (5 tries) unless the user set RES_OPTIONS; apt stays non-interactive', () => {
    expect(debootstrapEnv({})).toEqual({ DEBIAN_FRONTEND: 'noninteractive', RES_OPTIONS: 'timeout:1 attempts:5' });
    expect(debootstrapEnv({ RES_OPTIONS: 'rotate timeout:2' }).RES_OPTIONS).toBe('rotate timeout:2');
  });
});
