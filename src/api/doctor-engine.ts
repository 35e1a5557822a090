/**
 * The engine part of `doctor`: which engine answered (Docker Engine or Podman, versions, local or remote,
 * rootless) and what it lacks for codelocal (docs/engines.md): nested containers (privileged builds), host bind
 * mounts (`--bind`) and the local AWS stand-ins on a remote engine.
 */
import type { EngineInfo, PrivilegedStrategy } from '../runtime/index.js';

/** The shape of a doctor check (doctor.ts's DoctorCheck, restated so the two files do not import each other). */
export interface EngineFeaturesCheck {
  id: 'engine-features';
  status: 'ok' | 'warn';
  summary: string;
  details: string[];
  fix?: string;
}

const PRODUCT_NAME: Record<EngineInfo['product'], string> = { docker: 'Docker Engine', podman: 'Podman' };

export function describeEngine(e: EngineInfo): string {
  const where = e.remote ? 'remote' : 'local';
  const mode = e.rootless ? ', rootless' : '';
  return `${PRODUCT_NAME[e.product]} ${e.serverVersion} (API ${e.apiVersion}, ${where}${mode}) at ${e.endpoint}, found via ${e.discoveredBy}`;
}

/** What this engine cannot do that some builds need; warn (not fail): plain builds still run. */
export function engineFeatures(e: EngineInfo, privileged: PrivilegedStrategy | undefined): EngineFeaturesCheck {
  const lacks: string[] = [];
  const fixes: string[] = [];
  if (e.remote) {
    lacks.push('host bind mounts: `--bind` is refused (BIND_MOUNT_REMOTE_ENGINE); sources and artifacts are copied');
    lacks.push(
      'local AWS stand-ins (S3/ECR/ECS endpoint on the bridge): deploy actions and the local ECR need a local engine',
    );
    fixes.push('use a local engine for --bind and deploy actions');
  }
  if (e.rootless) {
    lacks.push('privileged containers: privilegedMode builds (Docker-in-Docker) will not run rootless');
    fixes.push('run the engine as root for privileged builds');
  }
  if (!privileged) {
    lacks.push('nested containers: privileged containers do not start, so privilegedMode builds cannot run Docker');
  } else if (privileged.kind === 'capabilities') {
    lacks.push(
      `full privileged mode: ${privileged.capAdd.length} capabilities granted instead (nested containers still work when the docker-in-docker check passes)`,
    );
  }
  const notes =
    e.product === 'podman'
      ? ['Podman through its Docker-compatible API: one anchor container holds the shared network bridge up']
      : [];
  return {
    id: 'engine-features',
    status: lacks.length && (e.remote || e.rootless || !privileged) ? 'warn' : 'ok',
    summary: lacks.length
      ? `this engine lacks ${lacks.length} thing(s) some builds need`
      : 'nothing builds need is missing',
    details: [...lacks, ...notes],
    ...(fixes.length ? { fix: fixes.join('; ') } : {}),
  };
}
