/**
 * What `codelocal images build` and `codelocal images list` do, on any ImageClient: the base image
 * first (debootstrap, skipped when present), then each runner image (skipped when its hash matches).
 */
import { EnvironmentError, InputError } from '../errors.js';
import type { ImageClient } from '../runtime/index.js';
import { buildBaseImage, defaultBaseRecipe, type BaseRecipe } from './build-base.js';
import { buildRunnerImage } from './build-runner.js';
import {
  BASE_NAME,
  BASE_REPO,
  IMAGE_NAMESPACE,
  LABEL_IMAGE_HASH,
  LABEL_IMAGE_NAME,
  runnerImageNames,
  runnerImagesDir,
} from './catalog.js';
import { awsNamesFor, type ImageOverrides } from './image-map.js';

export interface ImageBuildReport {
  name: string;
  tag: string;
  id: string;
  hash: string;
  status: 'built' | 'up-to-date';
  seconds: number;
}

export interface BuildImagesOptions {
  /** One runner image (`standard`, `registry`) or `base`; all runner images when absent. */
  name?: string;
  /** Rebuild even when up to date: a fresh debootstrap, and runner images on top of it. */
  force?: boolean;
  /** Run every Dockerfile step afresh (no engine layer cache), as on a fresh machine. */
  noCache?: boolean;
  recipe?: BaseRecipe;
  /**
   * Start from this image pulled from a registry (e.g. `debian:bookworm`) instead of debootstrapping
   * the base; for machines that can pull but cannot run debootstrap (not root, not Linux).
   */
  fromRegistry?: string;
  dir?: string;
  /** Engine/debootstrap output, line by line. */
  onProgress?: (image: string, line: string) => void;
  /**
   * Called when a phase of an image starts (debootstrap download, install, import; each Dockerfile step):
   * the one line per phase a non-interactive `codelocal images build` prints.
   */
  onPhase?: (image: string, phase: string) => void;
  /** Called when an image starts and when it is done. */
  onImage?: (event: { name: string; phase: 'start' } | ({ phase: 'done' } & ImageBuildReport)) => void;
}

const seconds = (start: number): number => Math.round((performance.now() - start) / 100) / 10;

export async function buildImages(images: ImageClient, options: BuildImagesOptions = {}): Promise<ImageBuildReport[]> {
  const dir = options.dir ?? runnerImagesDir();
  const all = runnerImageNames(dir);
  if (options.name && options.name !== BASE_NAME && !all.includes(options.name)) {
    throw new InputError('IMAGE_UNKNOWN', `there is no runner image named '${options.name}'`, {
      details: [`choose one of: ${[BASE_NAME, ...all].join(', ')}`],
    });
  }
  const names = options.name === BASE_NAME ? [] : options.name ? [options.name] : all;
  const reports: ImageBuildReport[] = [];
  const progress = (image: string) => (line: string) => options.onProgress?.(image, line);

  const start = performance.now();
  options.onImage?.({ name: BASE_NAME, phase: 'start' });
  const base = options.fromRegistry
    ? await pulledBase(images, options.fromRegistry, progress(BASE_NAME))
    : await buildBaseImage(images, {
        recipe: options.recipe ?? defaultBaseRecipe(),
        force: options.force,
        onProgress: progress(BASE_NAME),
        onPhase: (phase) => options.onPhase?.(BASE_NAME, phase),
      });
  const baseReport: ImageBuildReport = {
    name: BASE_NAME,
    tag: base.tag,
    id: base.id,
    hash: base.hash,
    status: base.upToDate ? 'up-to-date' : 'built',
    seconds: seconds(start),
  };
  reports.push(baseReport);
  options.onImage?.({ phase: 'done', ...baseReport });

  // The runner images all start FROM the base and not from each other: built side by side, so the engine
  // overlaps their downloads and unpacking (docs/performance.md, "Cold runner-image build").
  const built = await Promise.all(
    names.map(async (name): Promise<ImageBuildReport> => {
      const begin = performance.now();
      options.onImage?.({ name, phase: 'start' });
      const r = await buildRunnerImage(images, name, {
        baseImage: base.id,
        force: options.force,
        noCache: options.noCache,
        dir,
        onProgress: progress(name),
        onPhase: (phase) => options.onPhase?.(name, phase),
      });
      const report: ImageBuildReport = {
        name,
        tag: r.tag,
        id: r.id,
        hash: r.hash,
        status: r.upToDate ? 'up-to-date' : 'built',
        seconds: seconds(begin),
      };
      options.onImage?.({ phase: 'done', ...report });
      return report;
    }),
  );
  reports.push(...built);
  return reports;
}

async function pulledBase(images: ImageClient, ref: string, onProgress: (line: string) => void) {
  await images.pull(ref, onProgress);
  const info = await images.inspect(ref);
  if (!info) throw new EnvironmentError('IMAGE_MISSING', `pulled ${ref} but the engine does not list it`);
  return { tag: ref, id: info.id, hash: info.id.replace(/^sha256:/, ''), upToDate: false };
}

export interface LocalImageEntry {
  /** runner-images/ folder name, or `base`. */
  name: string;
  tags: string[];
  id: string;
  hash?: string;
  sizeBytes: number;
  created: string;
  /** AWS image names that resolve to this image (built-in map and overrides). */
  awsNames: string[];
}

/** codelocal's images in the engine (those it built, plus anything tagged under codelocal/). */
export async function listImages(images: ImageClient, overrides: ImageOverrides = {}): Promise<LocalImageEntry[]> {
  const byId = new Map<string, LocalImageEntry>();
  const labelled = await images.list({ label: [LABEL_IMAGE_HASH] });
  const named = (await images.list()).filter((i) => i.tags.some((t) => t.startsWith(`${IMAGE_NAMESPACE}/`)));
  for (const info of [...labelled, ...named]) {
    if (byId.has(info.id)) continue;
    const name =
      info.labels[LABEL_IMAGE_NAME] ??
      (info.tags.some((t) => t.startsWith(`${BASE_REPO}:`)) ? BASE_NAME : (info.tags[0] ?? info.id));
    const awsNames = new Set<string>();
    for (const tag of info.tags) for (const aws of awsNamesFor(tag, overrides)) awsNames.add(aws);
    byId.set(info.id, {
      name,
      // `:latest` first: it is the name builds use; the hash tags are for history.
      tags: [...info.tags].sort(
        (a, b) => Number(b.endsWith(':latest')) - Number(a.endsWith(':latest')) || a.localeCompare(b),
      ),
      id: info.id,
      hash: info.labels[LABEL_IMAGE_HASH],
      sizeBytes: info.sizeBytes,
      created: info.created,
      awsNames: [...awsNames],
    });
  }
  // Override targets outside codelocal/ (the user's own images) are listed too, so the map is complete.
  for (const map of [overrides.flag, overrides.config]) {
    for (const to of Object.values(map ?? {})) {
      const info = await images.inspect(to);
      if (!info || byId.has(info.id)) continue;
      byId.set(info.id, {
        name: to,
        tags: info.tags,
        id: info.id,
        hash: info.labels[LABEL_IMAGE_HASH],
        sizeBytes: info.sizeBytes,
        created: info.created,
        awsNames: awsNamesFor(to, overrides),
      });
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || b.created.localeCompare(a.created));
}
