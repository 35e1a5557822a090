/**
 * The runner images codelocal ships (one folder each under runner-images/) and the names and labels
 * that identify them in the engine.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageClient } from '../runtime/index.js';

/** Every image codelocal builds carries the hash of its inputs here; equal hash = nothing to do. */
export const LABEL_IMAGE_HASH = 'codelocal.image-hash';
/** Which runner-images/ folder (or `base`) an image was built from. */
export const LABEL_IMAGE_NAME = 'codelocal.image-name';
/** Set when the machine's extra CA certificates were baked in (see build-context.ts). */
export const LABEL_EXTRA_CA = 'codelocal.extra-ca';

/**
 * `CODELOCAL_IMAGE_NAMESPACE` builds and uses images under another prefix: for measuring a cold build
 * (bench/images-cold.mjs) without touching the images other builds and tests on the machine use.
 */
const DEFAULT_NAMESPACE = 'codelocal';
export const IMAGE_NAMESPACE = process.env.CODELOCAL_IMAGE_NAMESPACE || DEFAULT_NAMESPACE;
export const BASE_NAME = 'base';
export const BASE_REPO = `${IMAGE_NAMESPACE}/debian-bookworm-base`;

/** The default runner: what `aws/codebuild/standard:7.0` and friends map to. */
export const STANDARD_IMAGE = `${IMAGE_NAMESPACE}/standard:latest`;

/** runner-images/ of the installed package: two levels above both src/images and dist/images. */
export function runnerImagesDir(): string {
  return fileURLToPath(new URL('../../runner-images/', import.meta.url));
}

export function runnerImageRepo(name: string): string {
  return `${IMAGE_NAMESPACE}/${name}`;
}

/** Runner image names (folders with a Dockerfile), `standard` first since others may build on it. */
export function runnerImageNames(dir: string = runnerImagesDir()): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'Dockerfile')))
    .map((d) => d.name)
    .sort();
  return names.includes('standard') ? ['standard', ...names.filter((n) => n !== 'standard')] : names;
}

/**
 * Removes the tags of older images built from the same folder (`codelocal.image-name`), so rebuilds do
 * not pile up multi-GB images. Containers still using one keep working: the engine keeps the layers.
 * Only tags under this process's namespace are touched: a build under CODELOCAL_IMAGE_NAMESPACE (the cold-build
 * bench) must never untag the `codelocal/` images other runs use, nor the reverse.
 */
export async function pruneSuperseded(
  images: Pick<ImageClient, 'list' | 'remove'>,
  name: string,
  keepId: string,
  namespace: string = IMAGE_NAMESPACE,
): Promise<string[]> {
  const removed: string[] = [];
  const ours = (tag: string) => tag.startsWith(`${namespace}/`);
  for (const old of await images.list({ label: [`${LABEL_IMAGE_NAME}=${name}`] })) {
    if (old.id === keepId) continue;
    // An image whose tags all moved to the new one (same hash tag, e.g. a forced base rebuild) goes by id,
    // but only in the default namespace: an untagged image cannot tell which namespace made it.
    const targets = old.tags.length ? old.tags.filter(ours) : namespace === DEFAULT_NAMESPACE ? [old.id] : [];
    for (const tag of targets) {
      try {
        await images.remove(tag);
        removed.push(tag);
      } catch {
        // In use by a container, has child images, or already gone: not worth failing a build for.
      }
    }
  }
  return removed;
}
