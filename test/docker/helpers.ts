/**
 * Shared helpers for tests against a real Docker engine.
 *
 * - `describeDocker`: `describe` when an engine answers, or always under CI=true (a missing engine must fail CI,
 *   never skip it); `describe.skip` with a printed reason otherwise (a laptop without Docker).
 * - `getRuntime()`: one runtime per test file, cleaned up automatically after the file's tests.
 * - `ensureTinyImage()`: `codelocal-test/busybox:latest`, built with no registry by importing a rootfs made of
 *   Debian's static busybox and its applet links.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { afterAll, describe } from 'vitest';
import { discoverEngine } from '../../src/runtime/docker/discovery.js';
import { createDockerRuntime, type DockerRuntime } from '../../src/runtime/docker/runtime.js';
import { packEntries, type MemoryEntry } from '../../src/archive/index.js';
import type { ContainerRuntime } from '../../src/runtime/types.js';

export const TINY_IMAGE = 'codelocal-test/busybox:latest';
export const BUSYBOX_PATH = '/bin/busybox';
export const isCI = process.env.CI === 'true';

async function probeEngine(): Promise<string | undefined> {
  try {
    await discoverEngine({ pingTimeoutMs: 3_000 });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Why docker tests cannot run here (undefined when an engine answered). */
export const engineUnavailable = await probeEngine();

if (engineUnavailable && !isCI) {
  console.warn(`[docker tests skipped] ${engineUnavailable}: start an engine (dockerd) or set DOCKER_HOST`);
}

/** `describe` for tests that need an engine (see the file comment for when it skips). */
export const describeDocker: typeof describe.skip = !engineUnavailable || isCI ? describe : describe.skip;

let shared: Promise<DockerRuntime> | undefined;

/** The runtime for this test file (vitest isolates modules per file, so "shared" means per file). */
export function getRuntime(): Promise<DockerRuntime> {
  shared ??= createDockerRuntime();
  return shared;
}

afterAll(async () => {
  if (shared) await (await shared).cleanup();
});

/** True when the ELF file has no PT_INTERP header, i.e. runs without a dynamic loader (in a FROM-scratch image). */
export function isStaticElf(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64);
    readSync(fd, head, 0, 64, 0);
    if (head.readUInt32BE(0) !== 0x7f454c46 || head[4] !== 2) return false; // ELF64 only
    const phoff = Number(head.readBigUInt64LE(0x20));
    const phentsize = head.readUInt16LE(0x36);
    const phnum = head.readUInt16LE(0x38);
    const table = Buffer.alloc(phentsize * phnum);
    readSync(fd, table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false; // PT_INTERP
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Makes sure a static busybox is on the host, installing Debian's busybox-static when it is not. */
export function ensureStaticBusybox(): string {
  if (!existsSync(BUSYBOX_PATH) || !isStaticElf(BUSYBOX_PATH)) {
    try {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'busybox-static'], { stdio: 'ignore' });
    } catch (e) {
      throw new Error(`a static busybox is needed at ${BUSYBOX_PATH}: apt-get install busybox-static (${e})`);
    }
  }
  return BUSYBOX_PATH;
}

function rootfsEntries(busybox: string): MemoryEntry[] {
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .map((a) => a.trim())
    .filter((a) => a && a !== 'busybox' && !a.includes('/'));
  return [
    { name: 'bin', type: 'directory' },
    ...applets.map((a): MemoryEntry => ({ name: `bin/${a}`, type: 'symlink', linkname: 'busybox' })),
    { name: 'tmp', type: 'directory', mode: 0o1777 },
    { name: 'root', type: 'directory', mode: 0o700 },
    { name: 'etc', type: 'directory' },
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' },
    { name: 'etc/group', content: 'root:x:0:\nnogroup:x:65534:\n' },
  ];
}

/** Imports the tiny test image into the runtime's engine (no registry: a rootfs tar); returns its reference. */
export async function buildTinyImage(runtime: ContainerRuntime): Promise<string> {
  const busybox = ensureStaticBusybox();
  const entries = rootfsEntries(busybox);
  entries.splice(1, 0, { name: 'bin/busybox', content: readFileSync(busybox), mode: 0o755 });
  await runtime.images.importTar(packEntries(entries), TINY_IMAGE, {
    changes: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'CMD ["sh"]'],
  });
  return TINY_IMAGE;
}

let tiny: Promise<string> | undefined;

/** The tiny test image on the shared engine, imported once when missing. */
export function ensureTinyImage(runtime: ContainerRuntime): Promise<string> {
  tiny ??= (async () => ((await runtime.images.inspect(TINY_IMAGE)) ? TINY_IMAGE : buildTinyImage(runtime)))();
  return tiny;
}
