/**
 * Resource limits (ulimits) for engines that raise them on their own. Docker Engine passes its own limits on to
 * containers; Podman (rootful) asks the OCI runtime for nofile=1048576 and nproc=4194304 on every container, and
 * where the engine itself runs under lower hard limits (a CI sandbox, a container) every start fails with
 * "error setting rlimit type 7: operation not permitted". There we look once per engine for the highest values
 * it can apply (halving: a handful of failed starts) and send them explicitly, which Podman honours instead of its
 * defaults. When even small values fail, the error says so with its own code.
 */
import type Docker from 'dockerode';
import { EnvironmentError } from '../../errors.js';
import { resourceLabels, type LabelContext } from '../labels.js';
import { LABEL_ROLE } from '../types.js';
import { engineMessage, ignoreGone } from './api-errors.js';

/** Linux RLIMIT_* numbers the OCI runtime names in its error, and the ulimit names the engine API takes. */
const RLIMIT_NAMES: Record<string, 'nofile' | 'nproc'> = { '6': 'nproc', '7': 'nofile' };
const PODMAN_DEFAULTS = { nofile: 1_048_576, nproc: 4_194_304 };
/** Below these a build is likely to break anyway: stop halving and say what is wrong. */
const FLOOR = { nofile: 1024, nproc: 1024 };

/**
 * Capabilities in Docker Engine's default set that Podman's default set lacks: added on Podman so a build that
 * pings, writes audit records or makes device nodes behaves as on Docker (and as in CodeBuild, which runs Docker).
 */
export const PODMAN_MISSING_CAPS = ['AUDIT_WRITE', 'MKNOD', 'NET_RAW'] as const;

export type Ulimit = { Name: string; Soft: number; Hard: number };

const RLIMIT_ERROR = /error setting rlimit type (\d+)/i;

/** The limit an OCI runtime refused, from its error message ("error setting rlimit type 7"). */
export function refusedRlimit(message: string): 'nofile' | 'nproc' | undefined {
  const m = RLIMIT_ERROR.exec(message);
  return m ? RLIMIT_NAMES[m[1]] : undefined;
}

/** Decisions per engine id within this process (the probe costs a few container starts). */
const decided = new Map<string, Ulimit[] | undefined>();

export interface RlimitProbeOptions {
  docker: Docker;
  labels: LabelContext;
  engineId: string;
  image: string;
}

/**
 * The ulimits to send with every container on this engine: undefined when its defaults start containers.
 * Only asked for engines known to raise limits by themselves (Podman).
 */
export async function engineUlimits(o: RlimitProbeOptions): Promise<Ulimit[] | undefined> {
  if (decided.has(o.engineId)) return decided.get(o.engineId);
  const values = { ...PODMAN_DEFAULTS };
  let explicit = false;
  for (let attempt = 0; attempt < 24; attempt++) {
    const refused = await probe(o, explicit ? toUlimits(values) : undefined);
    if (!refused) {
      const result = explicit ? toUlimits(values) : undefined;
      decided.set(o.engineId, result);
      return result;
    }
    explicit = true;
    values[refused] = Math.floor(values[refused] / 2);
    if (values[refused] < FLOOR[refused]) break;
  }
  throw new EnvironmentError('ENGINE_RLIMITS_REFUSED', 'the engine cannot apply the resource limits containers get', {
    details: [
      `even ${FLOOR.nofile} open files / ${FLOOR.nproc} processes were refused (error setting rlimit: operation not permitted)`,
      'the engine runs under lower hard limits than it asks for: raise them (ulimit -Hn / -Hu) where the engine starts,',
      'or set default_ulimits in /etc/containers/containers.conf (Podman)',
    ],
  });
}

function toUlimits(values: { nofile: number; nproc: number }): Ulimit[] {
  return Object.entries(values).map(([Name, v]) => ({ Name, Soft: v, Hard: v }));
}

/** Starts a throwaway container with these ulimits; the refused limit's name, or undefined when it started. */
async function probe(o: RlimitProbeOptions, ulimits: Ulimit[] | undefined): Promise<'nofile' | 'nproc' | undefined> {
  const c = await o.docker.createContainer({
    Image: o.image,
    Entrypoint: ['/.codelocal-rlimit-probe'],
    Cmd: [],
    Labels: resourceLabels(o.labels, { extra: { [LABEL_ROLE]: 'probe' } }),
    HostConfig: { NetworkMode: 'none', ...(ulimits ? { Ulimits: ulimits } : {}) },
  });
  try {
    await c.start();
    return undefined;
  } catch (e) {
    const msg = engineMessage(e);
    const refused = refusedRlimit(msg);
    if (refused) return refused;
    // runc sets limits before it looks the entrypoint up: "no such file" means the limits were applied.
    if (/no such file|not found|executable/i.test(msg)) return undefined;
    throw e;
  } finally {
    await ignoreGone(c.remove({ force: true, v: true }));
  }
}

/** Forget in-memory decisions (tests). */
export function resetRlimitMemo(): void {
  decided.clear();
}
