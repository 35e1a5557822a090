/**
 * The build cache (docs/aws/codebuild.md §1.11, §8 item 26), as tar archives the engine streams out of and
 * back into the build container.
 *
 * Layout under `<state>/cache/<namespace>/`:
 *   paths.tar              un-keyed cache: `cache.paths` without `key`, replaced by every build
 *   keys/<key>.tar         keyed entry: written once, never replaced ("will not be updated once created")
 *   keys/<key>.json        {key, savedAt, size}: the real key (file names are encoded) and its age
 *
 * The namespace is what the engine passes as `project`: the project name, or the project's S3 cache
 * location so that projects sharing a location share keyed entries, as they do in AWS.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { link, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** AWS documents at most five fallback keys; more are ignored rather than failing a build. */
export const MAX_FALLBACK_KEYS = 5;

export interface CacheHit {
  path: string;
  /** 'exact' key, a 'fallback' prefix match, or the un-keyed archive. */
  kind: 'exact' | 'fallback' | 'unkeyed';
  /** The stored key that matched (keyed hits). */
  key?: string;
  /** The fallback key whose prefix matched. */
  fallbackKey?: string;
}

export interface SaveResult {
  saved: boolean;
  path: string;
  /** Why nothing was written: a keyed entry is immutable once it exists. */
  reason?: 'exists';
}

interface KeyIndex {
  key: string;
  savedAt: number;
  size: number;
}

/** `action` from the buildspec: absent means both. */
export function cacheActions(action: string | undefined): { restore: boolean; save: boolean } {
  const a = action?.toLowerCase();
  return { restore: a !== 'save', save: a !== 'restore' };
}

/** Readable file names for ordinary keys; a hash for very long ones (file names max out at 255 bytes). */
function keyFileStem(key: string): string {
  const enc = encodeURIComponent(key).replace(/\./g, '%2E');
  return enc.length <= 180 ? enc : `sha256-${createHash('sha256').update(key).digest('hex')}`;
}

function namespaceDir(name: string): string {
  return encodeURIComponent(name).replace(/\./g, '%2E');
}

export class CacheStore {
  readonly root: string;

  /** `root` is `<state>/cache`. */
  constructor(root: string) {
    this.root = root;
  }

  namespacePath(project: string): string {
    return join(this.root, namespaceDir(project));
  }

  unkeyedPath(project: string): string {
    return join(this.namespacePath(project), 'paths.tar');
  }

  keyedPath(project: string, key: string): string {
    return join(this.namespacePath(project), 'keys', `${keyFileStem(key)}.tar`);
  }

  has(project: string, key: string): boolean {
    return existsSync(this.keyedPath(project, key));
  }

  /** Keyed entries of a namespace, newest first. */
  listKeys(project: string): KeyIndex[] {
    const dir = join(this.namespacePath(project), 'keys');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const out: KeyIndex[] = [];
    for (const n of names) {
      // Dot files are in-flight writes. An archive whose index a crash never wrote is still found
      // by its exact key (has/findRestore), just not by prefix.
      if (!n.endsWith('.json') || n.startsWith('.')) continue;
      try {
        const idx = JSON.parse(readFileSync(join(dir, n), 'utf8')) as KeyIndex;
        // The index is written after the archive is linked into place, so an index implies an archive.
        if (typeof idx.key === 'string' && existsSync(join(dir, n.slice(0, -5) + '.tar'))) out.push(idx);
      } catch {
        /* half-written index from a crash: ignore the entry */
      }
    }
    return out.sort((a, b) => b.savedAt - a.savedAt || (a.key < b.key ? -1 : 1));
  }

  /**
   * What to restore: with a `key`, that exact entry, else the newest entry whose key starts with
   * the first fallback key that matches anything (fallbacks in the order written). Without a key,
   * fallback keys are ignored (AWS does the same) and the un-keyed archive is used.
   */
  findRestore(project: string, key: string | undefined, fallbackKeys: readonly string[] = []): CacheHit | undefined {
    if (key === undefined || key === '') {
      const p = this.unkeyedPath(project);
      return existsSync(p) ? { path: p, kind: 'unkeyed' } : undefined;
    }
    if (this.has(project, key)) return { path: this.keyedPath(project, key), kind: 'exact', key };
    const entries = this.listKeys(project);
    for (const fb of fallbackKeys.slice(0, MAX_FALLBACK_KEYS)) {
      const hit = entries.find((e) => e.key.startsWith(fb));
      if (hit) return { path: this.keyedPath(project, hit.key), kind: 'fallback', key: hit.key, fallbackKey: fb };
    }
    return undefined;
  }

  /**
   * Stores a tar stream. Un-keyed: replaces the previous archive atomically. Keyed: written only
   * if the key is new; when it exists the stream is destroyed unread (callers that can avoid
   * producing it should check `has` first). Two builds saving the same new key at once: the first
   * to finish wins, the other reports `exists`.
   */
  async save(project: string, key: string | undefined, tar: Readable): Promise<SaveResult> {
    const keyed = key !== undefined && key !== '';
    const target = keyed ? this.keyedPath(project, key) : this.unkeyedPath(project);
    if (keyed && existsSync(target)) {
      tar.destroy();
      return { saved: false, path: target, reason: 'exists' };
    }
    const dir = join(target, '..');
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await pipeline(tar, createWriteStream(tmp));
      if (!keyed) {
        await rename(tmp, target);
        return { saved: true, path: target };
      }
      // link() fails with EEXIST instead of replacing, which is exactly "immutable once saved"
      // even against another process racing us; rename() would silently overwrite.
      try {
        await link(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { saved: false, path: target, reason: 'exists' };
        throw e;
      }
      const size = (await stat(target)).size;
      const index: KeyIndex = { key, savedAt: Date.now(), size };
      const idxTmp = `${tmp}.json`;
      await writeFile(idxTmp, JSON.stringify(index));
      await rename(idxTmp, target.slice(0, -4) + '.json');
      return { saved: true, path: target };
    } finally {
      await rm(tmp, { force: true });
    }
  }
}

function volumeSafe(name: string): string {
  // Docker volume names: [a-zA-Z0-9][a-zA-Z0-9_.-]*
  return name.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/** Named volume behind LOCAL_DOCKER_LAYER_CACHE (the engine creates and mounts it). */
export function dockerLayerCacheVolume(project: string): string {
  return `codelocal-dlc-${volumeSafe(project)}`;
}

/** Named volume behind LOCAL_SOURCE_CACHE. */
export function sourceCacheVolume(project: string): string {
  return `codelocal-src-${volumeSafe(project)}`;
}

/** Named volume behind LOCAL_CUSTOM_CACHE. */
export function customCacheVolume(project: string): string {
  return `codelocal-custom-${volumeSafe(project)}`;
}
