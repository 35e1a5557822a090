/**
 * The buildspec cache (docs/aws/codebuild.md §1.11, §8 item 26): restored during DOWNLOAD_SOURCE, saved
 * after the build. The matched files of `cache.paths` (relative to CODEBUILD_SRC_DIR or absolute,
 * the artifact pattern language) travel as one tar per entry of the cache store: saved from
 * `getArchive` of each pattern's static prefix, restored with one `putArchive` at `/`. Every build has a
 * source folder of its own (`/codebuild/output/src<random>/src`), so entries under CODEBUILD_SRC_DIR are
 * stored under the name `CODEBUILD_SRC_DIR/<relative path>` and restored into the new build's folder;
 * absolute paths (`/root/.m2/...`) keep their names. (Archives saved before this have only absolute
 * names and are restored as they are.)
 *
 * Project cache settings (UNCERTAIN by design, for a fast local loop):
 * - `NO_CACHE`, `S3` and `LOCAL` with `LOCAL_CUSTOM_CACHE` all use this local cache: in AWS a
 *   NO_CACHE project ignores `cache.paths`, locally caching them is the point (`--no-cache` turns
 *   it off, passed here as `disabled`). An S3 project's `location` is the namespace, so projects
 *   sharing a location share keyed entries as they do in AWS.
 * - `LOCAL` without `LOCAL_CUSTOM_CACHE` caches no paths, as in AWS (its other modes are volumes
 *   the engine mounts: see dockerLayerCacheVolume / sourceCacheVolume in src/stores/cache-store.ts).
 *
 * Log lines: `Cache is not defined in the buildspec` and `Skip cache due to: no paths specified
 * to be cached` are CodeBuild's (observed, §1.11/§4.2). The reference has no lines for an actual
 * restore or save, so codelocal writes its own in the same style: `Restoring cache with key <k>`,
 * `Restoring cache with fallback key <f> (entry <k>)`, `Restoring cache`, `No cache found for key
 * <k>`, `Saving cache with key <k>`, `Saving cache`, `Cache with key <k> already exists: not saved`,
 * `Skip cache due to: no matching cache paths found`.
 */
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { iterateTar, packWith, TarWriter, type TarHeader } from '../../archive/index.js';
import type { CacheSpec, CodeBuildProject } from '../../model/index.js';
import type { Container } from '../../runtime/index.js';
import { cacheActions, type CacheStore } from '../../stores/index.js';
import { compileGlob, isGlob } from './artifact-select.js';
import { walkContainerPath, type TreeEntry } from './container-tree.js';

export interface CacheSyncOptions {
  container: Container;
  /** CODEBUILD_SRC_DIR inside the container: relative cache paths start there. */
  srcDir: string;
  cache: CacheSpec | undefined;
  project: CodeBuildProject;
  store: CacheStore;
  /** `cache.key` after shell evaluation (the engine runs it). */
  key?: string;
  /** `--no-cache`. */
  disabled?: boolean;
  log: (message: string) => void;
}

export interface CacheOutcome {
  /** What happened, for the build summary. */
  action: 'restored' | 'saved' | 'skipped' | 'missed' | 'exists';
  key?: string;
  entries?: number;
}

/** The cache-store namespace of a project (see the file comment). */
export function cacheNamespace(project: CodeBuildProject): string {
  return project.cache.type === 'S3' && project.cache.location ? project.cache.location : project.name;
}

/** True when the project's cache settings let `cache.paths` be cached locally. */
export function projectCachesPaths(project: CodeBuildProject): boolean {
  return project.cache.type !== 'LOCAL' || project.cache.modes.includes('LOCAL_CUSTOM_CACHE');
}

/** The tar name standing for CODEBUILD_SRC_DIR (see the file comment). */
const SRC_MARK = 'CODEBUILD_SRC_DIR';

interface CachePattern {
  /** Absolute container path where matching starts (the pattern's static prefix). */
  root: string;
  match: (absoluteWithoutSlash: string) => boolean;
}

/** `cache.paths` as absolute patterns with their static prefixes. */
export function cachePatterns(paths: readonly string[], srcDir: string): CachePattern[] {
  return paths.map((p) => {
    const absolute = posix.normalize(p.startsWith('/') ? p : posix.join(srcDir, p.replace(/^\.\//, '')));
    const segments = absolute.split('/').filter(Boolean);
    const firstGlob = segments.findIndex((s) => isGlob(s));
    const staticSegments = firstGlob < 0 ? segments : segments.slice(0, firstGlob);
    return { root: '/' + staticSegments.join('/'), match: compileGlob(segments.join('/')) };
  });
}

/** Nested roots are fetched once, through their outermost folder. */
function outermost(roots: string[]): string[] {
  const sorted = [...new Set(roots)].sort();
  return sorted.filter((r, i) => !sorted.slice(0, i).some((o) => o === '/' || r.startsWith(o + '/')));
}

/** Common precondition of restore and save; logs why nothing happens when it doesn't. */
function usablePaths(o: CacheSyncOptions, phase: 'restore' | 'save'): readonly string[] | undefined {
  if (o.disabled) return undefined;
  if (!o.cache) {
    if (phase === 'restore') {
      o.log('Cache is not defined in the buildspec');
      o.log('Skip cache due to: no paths specified to be cached');
    }
    return undefined;
  }
  if (o.cache.paths.length === 0 || !projectCachesPaths(o.project)) {
    if (phase === 'restore') o.log('Skip cache due to: no paths specified to be cached');
    return undefined;
  }
  return o.cache.paths;
}

export async function restoreCache(o: CacheSyncOptions): Promise<CacheOutcome> {
  const paths = usablePaths(o, 'restore');
  if (!paths || !cacheActions(o.cache?.action).restore) return { action: 'skipped' };
  const key = o.key?.trim() || undefined;
  const namespace = cacheNamespace(o.project);
  const hit = o.store.findRestore(namespace, key, o.cache?.fallbackKeys ?? []);
  if (!hit) {
    o.log(key ? `No cache found for key ${key}` : 'No cache found');
    return { action: 'missed', ...(key ? { key } : {}) };
  }
  if (hit.kind === 'exact') o.log(`Restoring cache with key ${hit.key}`);
  else if (hit.kind === 'fallback') o.log(`Restoring cache with fallback key ${hit.fallbackKey} (entry ${hit.key})`);
  else o.log('Restoring cache');
  await o.container.putArchive(relocated(createReadStream(hit.path), o.srcDir), '/');
  return { action: 'restored', ...(hit.key ? { key: hit.key } : {}) };
}

export async function saveCache(o: CacheSyncOptions): Promise<CacheOutcome> {
  const paths = usablePaths(o, 'save');
  if (!paths || !cacheActions(o.cache?.action).save) return { action: 'skipped' };
  const key = o.key?.trim() || undefined;
  const namespace = cacheNamespace(o.project);
  if (key && o.store.has(namespace, key)) {
    // Keyed entries are immutable (§1.11): no need to even read the files.
    o.log(`Cache with key ${key} already exists: not saved`);
    return { action: 'exists', key };
  }
  o.log(key ? `Saving cache with key ${key}` : 'Saving cache');
  const patterns = cachePatterns(paths, o.srcDir);
  const pack = new TarWriter();
  const saved = o.store.save(namespace, key, pack.output);
  saved.catch(() => undefined);
  let entries = 0;
  try {
    entries = await packMatches(o.container, patterns, pack, storedName(o.srcDir));
  } catch (e) {
    pack.destroy(e);
    await saved.catch(() => undefined);
    throw e;
  }
  if (entries === 0) {
    // An empty archive would pin a keyed entry to nothing forever: store none.
    pack.destroy(new Error('nothing to cache'));
    await saved.catch(() => undefined);
    o.log('Skip cache due to: no matching cache paths found');
    return { action: 'skipped', ...(key ? { key } : {}) };
  }
  pack.finalize();
  const result = await saved;
  if (!result.saved) {
    o.log(`Cache with key ${key} already exists: not saved`);
    return { action: 'exists', ...(key ? { key } : {}) };
  }
  return { action: 'saved', entries, ...(key ? { key } : {}) };
}

/** The tar name of a container path: relative to the source folder under SRC_MARK, else absolute without `/`. */
function storedName(srcDir: string): (absolute: string) => string {
  const src = srcDir.replace(/^\/+/, '').replace(/\/+$/, '');
  return (absolute) => {
    const name = absolute.replace(/^\/+/, '');
    if (name === src) return SRC_MARK;
    return name.startsWith(src + '/') ? `${SRC_MARK}/${name.slice(src.length + 1)}` : name;
  };
}

/** A stored archive with its SRC_MARK names moved under this build's source folder. */
function relocated(archive: Readable, srcDir: string): Readable {
  const src = srcDir.replace(/^\/+/, '').replace(/\/+$/, '');
  const place = (name: string) =>
    name === SRC_MARK || name.startsWith(SRC_MARK + '/') ? src + name.slice(SRC_MARK.length) : name;
  return packWith(async (out) => {
    for await (const { header, body } of iterateTar(archive)) {
      const linkname = header.type === 'link' && header.linkname ? place(header.linkname) : header.linkname;
      await out.add({ ...header, name: place(header.name), linkname }, header.type === 'file' ? body : undefined);
    }
  });
}

/** Streams every matching entry under the patterns' roots into `pack`; returns how many. */
async function packMatches(
  container: Container,
  patterns: CachePattern[],
  pack: TarWriter,
  stored: (absolute: string) => string,
): Promise<number> {
  const included = new Set<string>();
  let count = 0;
  const visit = async (entry: TreeEntry): Promise<void> => {
    const path = entry.path.replace(/^\/+/, '');
    const name = stored(path);
    if (included.has(name) || entry.type === 'other' || !patterns.some((p) => p.match(path))) return;
    const header: TarHeader = {
      name,
      mode: entry.mode,
      mtime: entry.mtime,
      uid: entry.uid,
      gid: entry.gid,
      type: 'file',
    };
    if (entry.type === 'dir') await pack.add({ ...header, type: 'directory' });
    else if (entry.type === 'symlink') await pack.add({ ...header, type: 'symlink', linkname: entry.linkname ?? '' });
    else if (entry.type === 'hardlink') {
      // A hard link is only valid next to the file it links to; without it the link is left out.
      const target = stored((entry.linkname ?? '').replace(/^\/+/, ''));
      if (!included.has(target)) return;
      await pack.add({ ...header, type: 'link', linkname: target });
    } else if (entry.open) await pack.add({ ...header, size: entry.size }, entry.open());
    included.add(name);
    count++;
  };
  for (const root of outermost(patterns.map((p) => p.root))) await walkContainerPath(container, root, visit);
  return count;
}
