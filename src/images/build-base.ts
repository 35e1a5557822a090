/**
 * The base image every runner image starts FROM, made without a container registry:
 * `debootstrap --variant=minbase` into a temporary folder, a few container tweaks, then the tree is
 * streamed as a tar into `docker import`. Tagged `codelocal/debian-bookworm-base:<hash>` and `:latest`.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { ImageClient } from '../runtime/index.js';
import { packDirectory } from '../archive/index.js';
import {
  debianArch,
  debootstrapTarballPath,
  imageCacheDir,
  usableTarball,
  writeTarballAtomically,
} from './debootstrap-cache.js';
import { BASE_NAME, BASE_REPO, LABEL_IMAGE_HASH, LABEL_IMAGE_NAME, pruneSuperseded } from './catalog.js';

/**
 * execa (about 100 ES modules, and a signal table computed when it loads) is needed only when an image is
 * built, but this file sits behind the images face that every build loads: loaded on first use
 * (docs/performance.md, "Start-up").
 */
async function loadExeca(): Promise<typeof import('execa').execa> {
  return (await import('execa')).execa;
}

export interface BaseRecipe {
  suite: string;
  mirror: string;
  /** Packages added to minbase. ca-certificates lets the first Dockerfile step use https. */
  include: string[];
}

export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

export function defaultBaseRecipe(env: NodeJS.ProcessEnv = process.env): BaseRecipe {
  return {
    suite: 'bookworm',
    mirror: env.CODELOCAL_DEBIAN_MIRROR || DEFAULT_MIRROR,
    include: ['ca-certificates'],
  };
}

/** Files written into the root file system after debootstrap (path → [mode, content]). */
function containerTweaks(recipe: BaseRecipe): Record<string, [number, string]> {
  const security = recipe.mirror === DEFAULT_MIRROR ? 'http://deb.debian.org/debian-security' : undefined;
  return {
    'etc/apt/sources.list': [
      0o644,
      [
        `deb ${recipe.mirror} ${recipe.suite} main`,
        `deb ${recipe.mirror} ${recipe.suite}-updates main`,
        ...(security ? [`deb ${security} ${recipe.suite}-security main`] : []),
        '',
      ].join('\n'),
    ],
    // Package scripts must not try to start services inside an image build.
    'usr/sbin/policy-rc.d': [0o755, '#!/bin/sh\nexit 101\n'],
    // Keep layers small: no .deb cache, no translated package descriptions.
    'etc/apt/apt.conf.d/docker-clean': [
      0o644,
      [
        'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };',
        'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };',
        'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";',
        '',
      ].join('\n'),
    ],
    'etc/apt/apt.conf.d/docker-no-languages': [0o644, 'Acquire::Languages "none";\n'],
    // The engine provides these at run time; copies of the host's would leak into the image.
    'etc/resolv.conf': [0o644, ''],
    'etc/hostname': [0o644, ''],
    'etc/machine-id': [0o444, ''],
  };
}

/** Identifies a base recipe; the same recipe is never debootstrapped twice unless forced. */
export function baseRecipeHash(recipe: BaseRecipe): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: 1, ...recipe, include: [...recipe.include].sort() }));
  h.update(JSON.stringify(containerTweaks(recipe)));
  return h.digest('hex');
}

export function baseTag(hash: string): string {
  return `${BASE_REPO}:${hash.slice(0, 12)}`;
}

export interface BaseBuildResult {
  tag: string;
  id: string;
  hash: string;
  upToDate: boolean;
}

/** Installs debootstrap with apt-get when missing and we are root; otherwise says how to get it. */
export async function ensureDebootstrap(onProgress: (line: string) => void): Promise<string> {
  const found = await which('debootstrap');
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new EnvironmentError('DEBOOTSTRAP_MISSING', 'debootstrap is not installed and codelocal is not root', {
      details: ['install it (Debian/Ubuntu: sudo apt-get install debootstrap) and run `codelocal images build` again'],
    });
  }
  if (!(await which('apt-get'))) {
    throw new EnvironmentError(
      'DEBOOTSTRAP_MISSING',
      'debootstrap is not installed and there is no apt-get to install it',
      {
        details: ['install debootstrap with your package manager and run `codelocal images build` again'],
      },
    );
  }
  onProgress('debootstrap is missing: installing it with apt-get');
  const execa = await loadExeca();
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const install = await execa('apt-get', ['install', '-y', '--no-install-recommends', 'debootstrap'], {
    env,
    reject: false,
    stdin: 'ignore',
  });
  if (install.exitCode !== 0) {
    await execa('apt-get', ['update'], { env, stdin: 'ignore' });
    await execa('apt-get', ['install', '-y', '--no-install-recommends', 'debootstrap'], { env, stdin: 'ignore' });
  }
  const after = await which('debootstrap');
  if (!after) throw new EnvironmentError('DEBOOTSTRAP_MISSING', 'apt-get installed debootstrap but it is not on PATH');
  return after;
}

async function which(cmd: string): Promise<string | undefined> {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']);
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      const names = await readdir(dir);
      if (names.includes(cmd)) return join(dir, cmd);
    } catch {
      // unreadable PATH entries are not our concern
    }
  }
  return undefined;
}

export async function buildBaseImage(
  images: ImageClient,
  options: {
    recipe?: BaseRecipe;
    force?: boolean;
    onProgress?: (line: string) => void;
    /** Called when a phase starts (download, install, import); defaults to onProgress. */
    onPhase?: (phase: string) => void;
  } = {},
): Promise<BaseBuildResult> {
  const recipe = options.recipe ?? defaultBaseRecipe();
  const onProgress = options.onProgress ?? (() => undefined);
  const hash = baseRecipeHash(recipe);
  const tag = baseTag(hash);
  const latest = `${BASE_REPO}:latest`;

  const existing = await images.inspect(tag);
  if (existing && !options.force) {
    if ((await images.inspect(latest))?.id !== existing.id) await images.tag(existing.id, latest);
    return { tag, id: existing.id, hash, upToDate: true };
  }

  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new EnvironmentError('DEBOOTSTRAP_NEEDS_ROOT', 'building the base image runs debootstrap, which needs root', {
      details: ['run `sudo codelocal images build` once; later builds reuse the base image'],
    });
  }
  const debootstrap = await ensureDebootstrap(onProgress);
  const work = await mkdtemp(join(tmpdir(), 'codelocal-rootfs-'));
  const rootfs = join(work, 'rootfs');
  try {
    await mkdir(rootfs);
    await debootstrapRootfs(debootstrap, recipe, work, {
      force: !!options.force,
      onProgress,
      onPhase: options.onPhase ?? onProgress,
    });
    await applyTweaks(rootfs, recipe);
    (options.onPhase ?? onProgress)(`importing the root file system as ${tag}`);
    const id = await images.importTar(
      packDirectory(rootfs, { skip: (rel) => /^(proc|sys|dev|run|tmp)\/./.test(rel) }),
      tag,
      {
        changes: [
          'CMD ["bash"]',
          'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          `LABEL ${LABEL_IMAGE_HASH}=${hash}`,
          `LABEL ${LABEL_IMAGE_NAME}=${BASE_NAME}`,
        ],
      },
    );
    await images.tag(id, latest);
    for (const old of await pruneSuperseded(images, BASE_NAME, id)) onProgress(`removed superseded ${old}`);
    return { tag, id, hash, upToDate: false };
  } finally {
    await removeRootfs(work, onProgress);
  }
}

/**
 * debootstrap's environment. It fetches every package with its own `wget`, so each of ~95 downloads
 * looks the mirror's name up again; one lost DNS answer then costs the resolver's default 5 s timeout
 * (measured here: 1 lookup in 40, two such stalls in a 19 s download). `timeout:1 attempts:5` keeps the
 * same patience in all (5 s) but retries after 1 s (docs/performance.md, change 12). A RES_OPTIONS the user
 * set is kept as it is.
 */
export function debootstrapEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { DEBIAN_FRONTEND: 'noninteractive', RES_OPTIONS: env.RES_OPTIONS || 'timeout:1 attempts:5' };
}

/** Runs debootstrap, failing with its output tail and the mirror in question. */
async function runDebootstrap(
  debootstrap: string,
  args: string[],
  recipe: BaseRecipe,
  onProgress: (line: string) => void,
): Promise<void> {
  const execa = await loadExeca();
  const child = execa(debootstrap, args, {
    all: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    env: debootstrapEnv(),
  });
  const tail: string[] = [];
  for await (const line of child.iterable({ from: 'all' })) {
    const text = String(line);
    tail.push(text);
    if (tail.length > 20) tail.shift();
    onProgress(text);
  }
  const result = await child;
  if (result.exitCode !== 0) {
    throw new EnvironmentError('DEBOOTSTRAP_FAILED', `debootstrap ${recipe.suite} failed (exit ${result.exitCode})`, {
      details: [...tail, `is ${recipe.mirror} reachable? (set CODELOCAL_DEBIAN_MIRROR to use another mirror)`],
    });
  }
}

/**
 * debootstrap in two steps: the downloads into a tarball kept in the image cache (debootstrap-cache.ts; skipped
 * when a young one is there), then the install from it into `<work>/rootfs`.
 */
async function debootstrapRootfs(
  debootstrap: string,
  recipe: BaseRecipe,
  work: string,
  options: { force: boolean; onProgress: (line: string) => void; onPhase: (phase: string) => void },
): Promise<void> {
  const variant = 'minbase';
  const common = [`--variant=${variant}`, `--include=${recipe.include.join(',')}`, '--components=main'];
  const tarball = debootstrapTarballPath(imageCacheDir(), {
    suite: recipe.suite,
    arch: debianArch(),
    variant,
    include: recipe.include,
  });
  if (await usableTarball(tarball, options.force)) {
    options.onPhase(`debootstrap: reusing the downloads in ${tarball}`);
  } else {
    options.onPhase(`debootstrap: downloading the ${variant} packages of ${recipe.suite} (${recipe.mirror})`);
    const scratch = join(work, 'download');
    await mkdir(scratch);
    await writeTarballAtomically(tarball, (tmp) =>
      runDebootstrap(
        debootstrap,
        [...common, `--make-tarball=${tmp}`, recipe.suite, scratch, recipe.mirror],
        recipe,
        options.onProgress,
      ),
    );
    await rm(scratch, { recursive: true, force: true });
  }
  options.onPhase('debootstrap: unpacking and configuring the packages');
  await runDebootstrap(
    debootstrap,
    [...common, `--unpack-tarball=${tarball}`, recipe.suite, join(work, 'rootfs'), recipe.mirror],
    recipe,
    options.onProgress,
  );
}

/** Mount points at or below `dir` (debootstrap mounts proc/sys into the target and unmounts on exit). */
async function mountsBelow(dir: string): Promise<string[]> {
  const text = await readFile('/proc/self/mounts', 'utf8').catch(() => '');
  return text
    .split('\n')
    .map((line) => (line.split(' ')[1] ?? '').replace(/\\040/g, ' '))
    .filter((m) => m === dir || m.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length);
}

/**
 * Deletes the temporary root file system, but never through a mount point still inside it (a failed
 * debootstrap may leave the host's /proc or /dev mounted there; a recursive delete would walk into them).
 */
async function removeRootfs(work: string, onProgress: (line: string) => void): Promise<void> {
  const execa = await loadExeca();
  for (const mount of await mountsBelow(work)) {
    await execa('umount', ['-l', mount], { reject: false, stdin: 'ignore' });
  }
  const left = await mountsBelow(work);
  if (left.length) {
    onProgress(`left ${work} in place: still mounted there: ${left.join(', ')}`);
    return;
  }
  await rm(work, { recursive: true, force: true });
}

async function applyTweaks(rootfs: string, recipe: BaseRecipe): Promise<void> {
  for (const [rel, [mode, content]] of Object.entries(containerTweaks(recipe))) {
    const path = join(rootfs, rel);
    await rm(path, { force: true });
    await writeFile(path, content);
    await chmod(path, mode);
  }
  // Package indexes and downloaded .debs are stale the moment the image is made.
  for (const dir of ['var/lib/apt/lists', 'var/cache/apt/archives']) {
    const abs = join(rootfs, dir);
    for (const name of await readdir(abs).catch(() => [] as string[])) {
      if (name === 'partial' || name === 'lock') continue;
      await rm(join(abs, name), { recursive: true, force: true });
    }
  }
  await rm(join(rootfs, 'var/log/bootstrap.log'), { force: true });
}
