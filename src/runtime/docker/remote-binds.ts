/**
 * Bind mounts on an engine on another machine. A bind mount names a path on the engine's machine, so on a remote
 * engine `--bind` would mount whatever happens to be at that path there (usually nothing: Docker creates an empty
 * folder), and a build would silently see no sources. The runtime refuses instead, with its own code; everything
 * else codelocal moves (sources, artifacts, caches, reports) goes through archive copies and named volumes, which
 * work on any engine (docs/engines.md).
 */
import { EnvironmentError } from '../../errors.js';
import type { ContainerSpec } from '../types.js';

export function refuseHostBinds(spec: ContainerSpec, endpoint: string): void {
  if (!spec.binds?.length) return;
  const shown = spec.binds
    .slice(0, 3)
    .map((b) => `${b.source} -> ${b.target}`)
    .join(', ');
  throw new EnvironmentError(
    'BIND_MOUNT_REMOTE_ENGINE',
    `cannot bind-mount host paths on the engine at ${endpoint}: it may run on another machine`,
    {
      details: [
        `bind mounts asked for: ${shown}${spec.binds.length > 3 ? ` and ${spec.binds.length - 3} more` : ''}`,
        "a bind mount names a folder on the engine's machine, not this one; the build would see an empty folder there",
        'fix: run without --bind (the default copies the sources into the container, and artifacts back out),',
        '     or use an engine on this machine (a unix socket or tcp://127.0.0.1)',
      ],
    },
  );
}
