/**
 * Artifact hand-off between actions (docs/aws/codepipeline.md §3): every output is a zip object in the
 * pipeline's artifact bucket under `<pipeline[:20]>/<artifact[:10]>/<random7>` (a new object per
 * action execution), and every consumer gets it unpacked into a fresh temp folder.
 *
 * Zips are written straight into the store as they are produced (no temp file), and compressed
 * at a low level: artifacts are mostly read once by the next action on the same disk, where
 * deflate time, not bytes, is the cost (bench/artifact-handoff.mjs measures it). Content that looks
 * incompressible is stored, not deflated (src/archive/zip-read-ahead.ts; docs/performance.md).
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { InputError } from '../../errors.js';
import { artifactKey, type LocalS3Store } from '../../stores/index.js';
import { createZip, extractZip, type ZipEntry } from '../../archive/index.js';
import { processTempFolder, removeProcessTempFolder, type StateDir } from '../../workspace/index.js';
import type { ArtifactFormat, ArtifactRecord } from './types.js';

/** Deflate level for artifacts; 1 keeps most of the size win at a fraction of level 6's time. */
export const ARTIFACT_COMPRESSION_LEVEL = 1;

/** Every file, symlink and empty folder under `dir`, as zip entries relative to it. */
export function listTree(dir: string): ZipEntry[] {
  const out: ZipEntry[] = [];
  const walk = (abs: string, rel: string) => {
    const names = readdirSync(abs);
    if (names.length === 0 && rel) out.push({ path: rel, directory: true });
    for (const name of names) {
      const a = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(a);
      if (st.isDirectory()) walk(a, r);
      else if (st.isFile() || st.isSymbolicLink()) out.push({ path: r, file: a, mode: st.mode & 0o7777 });
    }
  };
  walk(dir, '');
  return out;
}

export function newArtifactKey(pipelineName: string, artifactName: string): string {
  return artifactKey(pipelineName, artifactName);
}

/** Zips `dir` into the store at bucket/key; symlinks are kept as links (nothing here makes them for CODE_ZIP). */
export async function storeDirectory(
  s3: LocalS3Store,
  dir: string,
  target: { bucket: string; key: string },
  options: { symlinks?: boolean; compressionLevel?: number } = {},
): Promise<void> {
  s3.createBucket(target.bucket);
  const pass = new PassThrough();
  // No MD5 on the way in: the artifact's ETag is computed if and when something asks (S3 HeadObject).
  const put = s3.putObjectEtagLater(target.bucket, target.key, pass, { contentType: 'application/zip' });
  const zipped = createZip(listTree(dir), pass, {
    symlinks: options.symlinks ?? true,
    // Links followed (symlinks: false) must stay inside the folder being zipped (docs/security.md).
    root: dir,
    compressionLevel: options.compressionLevel ?? ARTIFACT_COMPRESSION_LEVEL,
  });
  // Both must settle: a failed zip destroys `pass`, which fails the put and removes its temp file.
  const [z, p] = await Promise.allSettled([zipped, put]);
  if (z.status === 'rejected') {
    pass.destroy(z.reason as Error);
    throw z.reason;
  }
  if (p.status === 'rejected') throw p.reason;
}

export interface Unpacked {
  dir: string;
  /** Why the object could not be unpacked (an S3 source object that is not a zip); the folder is then empty. */
  error?: string;
}

/**
 * A fresh temp folder under the state folder's per-process `tmp/` (swept at the next start when the
 * process was killed), fenced so nothing upward is mistaken for the build's git checkout.
 */
export function tempFolder(state: StateDir, prefix: string): string {
  return processTempFolder(state, prefix);
}

export async function unpackArtifact(s3: LocalS3Store, record: ArtifactRecord, dest: string): Promise<Unpacked> {
  const path = s3.objectPath(record.bucket, record.key);
  try {
    lstatSync(path);
  } catch {
    throw new InputError(
      'ARTIFACT_MISSING',
      `input artifact ${record.name} is missing from the artifact store: s3://${record.bucket}/${record.key}`,
    );
  }
  try {
    await extractZip(path, dest, { symlinks: true });
    return { dir: dest };
  } catch (e) {
    // An S3 source passes the object as is (§3.2); only consumers that unzip care that it is not a zip.
    if (record.format === 'OBJECT' && e instanceof InputError && e.code === 'ZIP_INVALID') {
      return {
        dir: dest,
        error: `input artifact ${record.name} (s3://${record.bucket}/${record.key}) is not a zip file`,
      };
    }
    throw e;
  }
}

/** Removes a temp folder of tempFolder() (and this process's folder once it is empty). */
export function removeQuietly(dir: string | undefined): void {
  if (dir) removeProcessTempFolder(dir);
}

export function record(
  name: string,
  bucket: string,
  key: string,
  format?: ArtifactFormat,
  revision?: string,
): ArtifactRecord {
  return { name, bucket, key, ...(format ? { format } : {}), ...(revision ? { revision } : {}) };
}
