/**
 * How "privileged" is delivered on this engine, decided once per engine and cached in memory and on disk.
 *
 * Some engines refuse `Privileged: true` at start ("unable to apply caps: operation not permitted") because
 * the kernel bounding set they run under lacks a capability (e.g. CAP_SYS_RESOURCE inside a sandbox). There we
 * fall back to every capability the engine *can* grant, seccomp/apparmor/SELinux off, /proc unmasked and
 * writable (empty MaskedPaths/ReadonlyPaths: what the CLI's `systempaths=unconfined` sends), and a tiny shell prelude that remounts the cgroup file systems read-write: Docker
 * mounts them read-only for non-privileged containers, and an inner dockerd cannot create containers without
 * them. With an anonymous volume on the inner /var/lib/docker, Docker-in-Docker then works.
 *
 * The probe costs one failed container start (the caller's image with an entrypoint that does not exist: runc
 * applies capabilities *before* it looks the executable up, so "no such file" proves privileged works).
 */
import type Docker from 'dockerode';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { logger } from '../../util/index.js';
import { guestFile } from '../../guest/index.js';
import { resourceLabels, type LabelContext } from '../labels.js';
import { LABEL_ROLE, type PrivilegedStrategy } from '../types.js';
import { engineMessage, ignoreGone } from './api-errors.js';
import { CAPABILITY_NAMES, boundingSet } from './capabilities.js';

/** Security options that make up the rest of "privileged" when Privileged itself is refused. */
export const FALLBACK_SECURITY_OPT = ['seccomp=unconfined', 'apparmor=unconfined', 'label=disable'];

/**
 * Remounts read-only cgroup mounts read-write, then runs the real command: the guest file
 * src/guest/files/runtime/cgroup-rw-prelude.sh, passed to `sh -c` without its comment lines.
 */
export function cgroupRwPrelude(): string {
  return guestFile('runtime/cgroup-rw-prelude.sh')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .join('\n');
}

export const FALLBACK_LOG_LINE =
  'privileged mode refused by this engine (unable to apply caps); running with all grantable capabilities, seccomp and apparmor unconfined instead';

export interface EngineIdentity {
  engineId: string;
  serverVersion: string;
  kernelVersion: string;
}

interface CacheFile extends EngineIdentity {
  strategy: PrivilegedStrategy;
  decidedAt: string;
}

const PROBE_ENTRYPOINT = '/.codelocal-privilege-probe';
const PROBE_IMAGE = 'codelocal/privilege-probe:latest';

type ProbeOutcome = { kind: 'started' } | { kind: 'caps-refused' } | { kind: 'unknown-cap'; cap: string };

/** Decisions already made in this process, per engine id (several runtimes may talk to one engine). */
const decided = new Map<string, PrivilegedStrategy>();
const logged = new Set<string>();

function cachePath(stateDir: string | undefined, engineId: string): string {
  return path.join(stateDir ?? os.tmpdir(), `codelocal-privileged-${engineId.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

async function readCache(file: string, id: EngineIdentity): Promise<PrivilegedStrategy | undefined> {
  try {
    const c = JSON.parse(await fs.readFile(file, 'utf8')) as CacheFile;
    // An engine upgrade or a new kernel can change the answer: decide again.
    if (c.engineId !== id.engineId || c.serverVersion !== id.serverVersion || c.kernelVersion !== id.kernelVersion) {
      return undefined;
    }
    return c.strategy;
  } catch {
    return undefined;
  }
}

async function writeCache(file: string, id: EngineIdentity, strategy: PrivilegedStrategy): Promise<void> {
  const body: CacheFile = { ...id, strategy, decidedAt: new Date().toISOString() };
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(tmp, JSON.stringify(body, null, 2));
    await fs.rename(tmp, file);
  } catch (e) {
    // Only a cache: the next process decides again.
    logger().debug({ err: e }, `could not write ${file}`);
  }
}

export interface PrivilegedDeciderOptions {
  docker: Docker;
  labels: LabelContext;
  /** The engine shares our kernel: read the grantable set from /proc instead of probing for it. */
  local: boolean;
  stateDir?: string;
  identity: () => Promise<EngineIdentity>;
  /** HostConfig every container on this engine needs (Podman's explicit ulimits, rlimits.ts), probes included. */
  baseHostConfig?: (image: string) => Promise<Docker.HostConfig>;
}

export class PrivilegedDecider {
  private pending?: Promise<PrivilegedStrategy>;

  constructor(private readonly o: PrivilegedDeciderOptions) {}

  /** The strategy for this engine; `probeImage` (any local image) spares importing a probe image. */
  strategy(probeImage?: string): Promise<PrivilegedStrategy> {
    this.pending ??= this.decide(probeImage).catch((e: unknown) => {
      this.pending = undefined; // a transient failure must not stick
      throw e;
    });
    return this.pending;
  }

  private async decide(probeImage: string | undefined): Promise<PrivilegedStrategy> {
    const id = await this.o.identity();
    let strategy = decided.get(id.engineId);
    const file = cachePath(this.o.stateDir, id.engineId);
    strategy ??= await readCache(file, id);
    if (!strategy) {
      strategy = await this.probeStrategy(probeImage ?? (await this.probeImageRef()));
      await writeCache(file, id, strategy);
    }
    decided.set(id.engineId, strategy);
    if (strategy.kind === 'capabilities' && !logged.has(id.engineId)) {
      logged.add(id.engineId);
      logger().info(FALLBACK_LOG_LINE);
    }
    return strategy;
  }

  private async probeStrategy(image: string): Promise<PrivilegedStrategy> {
    const first = await this.probe(image, { Privileged: true });
    if (first.kind === 'started') return { kind: 'privileged' };
    const initial = this.o.local ? (boundingSet() ?? [...CAPABILITY_NAMES]) : [...CAPABILITY_NAMES];
    const capAdd = await this.grantable(image, initial);
    return { kind: 'capabilities', capAdd, reason: 'unable to apply caps' };
  }

  /**
   * The largest subset of `caps` the engine accepts and can apply: names it does not know are dropped one by
   * one (it says which), names it cannot apply are found by halving (a handful of probes, once per engine).
   */
  private async grantable(image: string, caps: string[]): Promise<string[]> {
    let list = caps;
    for (;;) {
      const r = await this.probe(image, fallbackHostConfig(list));
      if (r.kind === 'started') return list;
      if (r.kind === 'unknown-cap') {
        list = list.filter((c) => c !== r.cap);
        continue;
      }
      if (list.length <= 1) return [];
      const mid = Math.ceil(list.length / 2);
      const left = await this.grantable(image, list.slice(0, mid));
      const right = await this.grantable(image, list.slice(mid));
      return [...left, ...right];
    }
  }

  /** Creates and starts a throwaway container whose entrypoint does not exist, and reads how it failed. */
  private async probe(image: string, hostConfig: Docker.HostConfig): Promise<ProbeOutcome> {
    let container: Docker.Container | undefined;
    try {
      container = await this.o.docker.createContainer({
        Image: image,
        Entrypoint: [PROBE_ENTRYPOINT],
        Cmd: [],
        Labels: resourceLabels(this.o.labels, { extra: { [LABEL_ROLE]: 'probe' } }),
        HostConfig: { ...(await this.o.baseHostConfig?.(image)), ...hostConfig, NetworkMode: 'none' },
      });
    } catch (e) {
      const m = /unknown capability:?\s*"?(?:CAP_)?([A-Z_]+)"?/i.exec(engineMessage(e));
      if (m) return { kind: 'unknown-cap', cap: m[1].toUpperCase() };
      throw new EnvironmentError('PRIVILEGED_PROBE_FAILED', `could not create a probe container from ${image}`, {
        details: [engineMessage(e)],
        cause: e,
      });
    }
    try {
      await container.start();
      return { kind: 'started' };
    } catch (e) {
      const msg = engineMessage(e);
      if (/unable to apply caps|apply capabilities|operation not permitted/i.test(msg)) return { kind: 'caps-refused' };
      if (/no such file|not found|executable/i.test(msg)) return { kind: 'started' };
      throw new EnvironmentError('PRIVILEGED_PROBE_FAILED', 'the engine refused a privileged probe container', {
        details: [msg],
        cause: e,
      });
    } finally {
      await ignoreGone(container.remove({ force: true, v: true }));
    }
  }

  /** Any local image will do as a probe; an empty imported one when there is none (no registry needed). */
  private async probeImageRef(): Promise<string> {
    const images = await this.o.docker.listImages();
    const tagged = images.find((i) => (i.RepoTags ?? []).some((t) => t !== '<none>:<none>'));
    if (tagged) return tagged.Id;
    const { packEntries } = await import('../../archive/index.js');
    const stream = await this.o.docker.importImage(packEntries([{ name: 'tmp', type: 'directory' }]), {
      repo: PROBE_IMAGE.split(':')[0],
      tag: 'latest',
    });
    await new Promise<void>((resolve, reject) =>
      this.o.docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
    );
    return PROBE_IMAGE;
  }
}

/** HostConfig fields that stand in for Privileged under the capabilities strategy. */
export function fallbackHostConfig(capAdd: string[]): Docker.HostConfig {
  // An inner dockerd writes /proc/sys (ip_forward, accept_ra): the default read-only /proc/sys would stop it.
  return { CapAdd: capAdd, SecurityOpt: [...FALLBACK_SECURITY_OPT], MaskedPaths: [], ReadonlyPaths: [] };
}

/** Wraps the container's command in the cgroup prelude (the image's own entrypoint/cmd when the spec has none). */
export function wrapWithCgroupPrelude(argv: string[]): { Entrypoint: string[]; Cmd: string[] } {
  return { Entrypoint: ['/bin/sh', '-c', cgroupRwPrelude(), 'codelocal-privileged'], Cmd: argv };
}

/** Forget in-memory decisions (tests). */
export function resetPrivilegedMemo(): void {
  decided.clear();
  logged.clear();
}
