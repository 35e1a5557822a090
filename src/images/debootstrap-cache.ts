/**
 * Keeps debootstrap's downloads (a `--make-tarball` of the .debs and package lists) on the machine, so a
 * second base build (`--force`, a changed tweak, another state folder, a re-setup of the same machine) installs
 * from the tarball instead of downloading ~50 MB again (docs/performance.md, "Cold runner-image build").
 * Keyed by suite + architecture + package list: the same key means the same set of packages to unpack.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** After this long a cached tarball is downloaded again, so the base does not fall behind Debian's updates. */
export const DEBOOTSTRAP_CACHE_MAX_AGE_MS = 14 * 24 * 3600_000;

/** `CODELOCAL_IMAGE_CACHE_DIR`, else `$XDG_CACHE_HOME/codelocal/images`, else `~/.cache/codelocal/images`. */
export function imageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CODELOCAL_IMAGE_CACHE_DIR) return env.CODELOCAL_IMAGE_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'codelocal', 'images');
}

/** Debian's name for the host's architecture (debootstrap's default target). */
export function debianArch(nodeArch: string = process.arch): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'armhf', ia32: 'i386', ppc64: 'ppc64el' };
  return map[nodeArch] ?? nodeArch;
}

export function debootstrapTarballPath(
  cacheDir: string,
  key: { suite: string; arch: string; variant: string; include: string[] },
): string {
  const h = createHash('sha256')
    .update(JSON.stringify({ v: 1, ...key, include: [...key.include].sort() }))
    .digest('hex')
    .slice(0, 16);
  return join(cacheDir, `debootstrap-${key.suite}-${key.arch}-${h}.tgz`);
}

/** The cached tarball when present and young enough (and not `force`d away). */
export async function usableTarball(path: string, force: boolean, now = Date.now()): Promise<boolean> {
  if (force) return false;
  const info = await stat(path).catch(() => undefined);
  return !!info && info.size > 0 && now - info.mtimeMs < DEBOOTSTRAP_CACHE_MAX_AGE_MS;
}

/**
 * Runs `make(tmp)` to write the tarball next to its final name, then renames it into place: a download
 * cut short never leaves a truncated tarball that a later build would trust.
 */
export async function writeTarballAtomically(path: string, make: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.partial`;
  try {
    await make(tmp);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}
