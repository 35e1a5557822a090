/**
 * Loads dockerode without the parts codelocal never uses on its hot path.
 *
 * Why: dockerode and docker-modem load `ssh2` (ssh:// engines) and `@grpc/grpc-js` with
 * `@grpc/proto-loader` (BuildKit sessions) eagerly: about 150 ms of every CLI start, a tenth of a
 * one-command build. Both are replaced by stand-ins that load the real module on first use, so an
 * ssh:// DOCKER_HOST or a BuildKit build still works, just without the cost for everyone else.
 */
import Module, { createRequire } from 'node:module';
import type DockerodeType from 'dockerode';

const require = createRequire(import.meta.url);
let cached: typeof DockerodeType | undefined;

/** Puts a function stand-in for `request` (resolved from `from`) in the require cache. */
function deferFunctionModule(request: string, from: string): void {
  const resolved = createRequire(from).resolve(request);
  if (require.cache[resolved]) return;
  let real: ((...args: unknown[]) => unknown) | undefined;
  const stub = function (this: unknown, ...args: unknown[]): unknown {
    if (!real) {
      delete require.cache[resolved];
      real = require(resolved) as (...args: unknown[]) => unknown;
    }
    return real.apply(this, args);
  };
  const m = new Module(resolved);
  m.filename = resolved;
  m.loaded = true;
  m.exports = stub;
  require.cache[resolved] = m;
}

export function loadDockerode(): typeof DockerodeType {
  if (cached) return cached;
  const dockerodeMain = require.resolve('dockerode');
  const modemMain = createRequire(dockerodeMain).resolve('docker-modem');
  // docker-modem/lib/ssh.js exports one function (an ssh agent factory); dockerode/lib/session.js
  // exports `withSession(docker, auth, handler)`. Both are only ever called, never inspected.
  deferFunctionModule('./ssh.js', modemMain);
  deferFunctionModule('./session.js', dockerodeMain);
  cached = require('dockerode') as typeof DockerodeType;
  return cached;
}
