/**
 * Finds a Docker engine. An engine the user named (DOCKER_HOST, DOCKER_CONTEXT, the CLI's current context)
 * is the only candidate; otherwise a chain (the default socket, the rootless socket, Docker Desktop's
 * per-user socket), each pinged once; the first that answers wins. When none does, the
 * error lists every endpoint tried and why it failed, because "cannot connect" alone is what users complain about.
 */
import type Docker from 'dockerode';
import { loadDockerode } from './load-dockerode.js';
import { traceEngineCalls } from './engine-trace.js';
import { askEngine, type EngineAnswers } from './engine-answers.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { sshHostKeyHint, sshModemOptions } from './ssh-endpoint.js';

export interface DiscoveryOptions {
  /** Overrides DOCKER_HOST (same syntax: unix:///path, tcp://host:port). */
  dockerHost?: string;
  /** Environment to read DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH / XDG_RUNTIME_DIR from. */
  env?: NodeJS.ProcessEnv;
  /** How long one ping may take; a dead tcp endpoint otherwise hangs for the OS connect timeout. */
  pingTimeoutMs?: number;
  /** The system socket (default /var/run/docker.sock): for hosts that put it elsewhere, and for tests. */
  defaultSocket?: string;
}

export interface DiscoveredEngine {
  docker: Docker;
  /** e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375 */
  endpoint: string;
  discoveredBy: string;
  /** A unix socket on this machine: the engine shares our kernel (used to read grantable capabilities). */
  local: boolean;
  /**
   * The engine may be on another machine, so it cannot see this machine's files: true for ssh:// and for tcp://
   * to anything but a loopback address (a unix socket or tcp://127.0.0.1 is this machine).
   */
  remote: boolean;
  /** Endpoints tried before this one, with why they failed (a broken DOCKER_HOST deserves a warning). */
  failedBefore: string[];
  /**
   * The engine's info and version, asked for alongside the ping that found it: every build needs them before its
   * container is created (the compute type's caps), and asking after the ping put ~10 ms on that path
   * (docs/performance.md, change 16). The runtime takes them once; a failure is asked again.
   */
  answers?: Promise<EngineAnswers>;
}

interface Candidate {
  endpoint: string;
  discoveredBy: string;
  local: boolean;
  /** Why this candidate cannot even be tried (missing socket file, unsupported scheme). */
  unusable?: string;
  options?: Docker.DockerOptions;
}

/**
 * Every modem field is set explicitly: docker-modem merges its own DOCKER_HOST-derived defaults under the options
 * we pass, so a field left out could silently point the client somewhere else.
 */
function modemOptions(fields: Partial<Docker.DockerOptions>): Docker.DockerOptions {
  return {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    headers: { 'User-Agent': 'codelocal' },
    ...fields,
  } as Docker.DockerOptions;
}

function unixCandidate(socketPath: string, discoveredBy: string): Candidate {
  const endpoint = `unix://${socketPath}`;
  if (!existsSync(socketPath)) return { endpoint, discoveredBy, local: true, unusable: 'no such socket file' };
  return { endpoint, discoveredBy, local: true, options: modemOptions({ socketPath }) };
}

function tlsFiles(env: NodeJS.ProcessEnv): { ca: Buffer; cert: Buffer; key: Buffer } {
  const dir = env.DOCKER_CERT_PATH || path.join(os.homedir(), '.docker');
  const read = (name: string) => readFileSync(path.join(dir, name));
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

function dockerHostCandidate(value: string, env: NodeJS.ProcessEnv, source: string): Candidate {
  if (value.startsWith('unix://')) return unixCandidate(value.slice('unix://'.length), source);
  const withScheme = value.includes('://') ? value : `tcp://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return {
      endpoint: value,
      discoveredBy: source,
      local: false,
      unusable: 'not a valid URL (expected tcp://host:port)',
    };
  }
  if (url.protocol === 'ssh:') {
    return { endpoint: withScheme, discoveredBy: source, local: false, options: sshModemOptions(url, env) as never };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      endpoint: value,
      discoveredBy: source,
      local: false,
      unusable: `scheme ${url.protocol} is not supported (use unix://, tcp:// or ssh://)`,
    };
  }
  const verify = (env.DOCKER_TLS_VERIFY ?? '') !== '' && env.DOCKER_TLS_VERIFY !== '0';
  const tls = verify || url.protocol === 'https:' || url.port === '2376';
  const base = { endpoint: withScheme, discoveredBy: source, local: false };
  if (!tls) {
    return { ...base, options: modemOptions({ host: url.hostname, port: url.port || 2375, protocol: 'http' }) };
  }
  try {
    return {
      ...base,
      options: modemOptions({ host: url.hostname, port: url.port || 2376, protocol: 'https', ...tlsFiles(env) }),
    };
  } catch (e) {
    return { ...base, unusable: `TLS requested but certificates are unreadable: ${(e as Error).message}` };
  }
}

/**
 * The endpoint the user named, if any: `dockerHost`, DOCKER_HOST, DOCKER_CONTEXT, or the Docker CLI's
 * current context. Naming one is a hard choice, as in the docker CLI, act and gitlab-ci-local: a build
 * (privileged ones included) must never land on an engine other than the one named (docs/engine.md).
 */
function namedCandidate(options: DiscoveryOptions, env: NodeJS.ProcessEnv): Candidate | undefined {
  if (options.dockerHost) return dockerHostCandidate(options.dockerHost, env, 'dockerHost option');
  if (env.DOCKER_HOST) return dockerHostCandidate(env.DOCKER_HOST, env, 'DOCKER_HOST');
  const context = env.DOCKER_CONTEXT || currentContext(env);
  if (!context || context === 'default') return undefined;
  const source = env.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : 'docker context';
  const host = contextHost(context, env);
  if (!host) {
    return {
      endpoint: context,
      discoveredBy: source,
      local: false,
      unusable: `context "${context}" names no Docker endpoint`,
    };
  }
  return dockerHostCandidate(host, env, `${source} ${context}`);
}

function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
}

function currentContext(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const config = JSON.parse(readFileSync(path.join(dockerConfigDir(env), 'config.json'), 'utf8')) as {
      currentContext?: unknown;
    };
    return typeof config.currentContext === 'string' ? config.currentContext : undefined;
  } catch {
    return undefined;
  }
}

/** The Docker CLI keeps a context at contexts/meta/<sha256 of its name>/meta.json. */
function contextHost(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const id = createHash('sha256').update(name).digest('hex');
  try {
    const meta = JSON.parse(
      readFileSync(path.join(dockerConfigDir(env), 'contexts', 'meta', id, 'meta.json'), 'utf8'),
    ) as {
      Endpoints?: { docker?: { Host?: unknown } };
    };
    const host = meta.Endpoints?.docker?.Host;
    return typeof host === 'string' ? host : undefined;
  } catch {
    return undefined;
  }
}

function candidates(options: DiscoveryOptions): Candidate[] {
  const env = options.env ?? process.env;
  const named = namedCandidate(options, env);
  if (named) return [named];
  const list: Candidate[] = [];
  list.push(unixCandidate(options.defaultSocket ?? '/var/run/docker.sock', 'default socket'));
  if (env.XDG_RUNTIME_DIR) list.push(unixCandidate(path.join(env.XDG_RUNTIME_DIR, 'docker.sock'), 'rootless socket'));
  list.push(unixCandidate(path.join(os.homedir(), '.docker', 'run', 'docker.sock'), 'Docker Desktop socket'));
  // The same socket can be reached by two strategies: try it once.
  return list.filter((c, i) => list.findIndex((o) => o.endpoint === c.endpoint) === i);
}

/** True unless the endpoint is a unix socket or tcp:// to a loopback address (see DiscoveredEngine.remote). */
export function isRemoteEndpoint(endpoint: string): boolean {
  if (endpoint.startsWith('unix://') || endpoint.startsWith('npipe://')) return false;
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    if (new URL(endpoint).protocol === 'ssh:') return true;
    return !(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
  } catch {
    return true;
  }
}

function describeFailure(e: unknown, sshHint?: string): string {
  const err = e as NodeJS.ErrnoException & { statusCode?: number };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'no answer (timed out)';
  if (err?.code === 'EACCES') return 'permission denied (add your user to the docker group, or run as root)';
  if (/host denied|verification failed/i.test(err?.message ?? '')) return `${err.message}: ${sshHint ?? ''}`;
  if (err?.code) return `${err.code}: ${err.message}`;
  return err?.message ?? String(e);
}

function sshHintFor(endpoint: string): string | undefined {
  return endpoint.startsWith('ssh://') ? sshHostKeyHint(new URL(endpoint)) : undefined;
}

export async function discoverEngine(options: DiscoveryOptions = {}): Promise<DiscoveredEngine> {
  const tried: string[] = [];
  const timeoutMs = options.pingTimeoutMs ?? 5_000;
  for (const c of candidates(options)) {
    if (c.unusable || !c.options) {
      tried.push(`${c.discoveredBy} ${c.endpoint}: ${c.unusable}`);
      continue;
    }
    const DockerClient = loadDockerode();
    const docker = new DockerClient(c.options);
    traceEngineCalls(docker);
    // Given up with the ping: when it fails, or when it has not answered within its timeout. Once the ping has
    // answered they may take as long as the engine needs (as they did when asked later).
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), timeoutMs);
    timer.unref();
    const answers = askEngine(docker, giveUp.signal);
    // Read (or asked again) by the runtime; never an unhandled rejection.
    answers.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
    try {
      // dockerode takes an abortSignal on every call; its typings only know the callback form.
      await (docker.ping as (o: { abortSignal: AbortSignal }) => Promise<unknown>)({
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      clearTimeout(timer);
      const remote = isRemoteEndpoint(c.endpoint);
      return {
        docker,
        endpoint: c.endpoint,
        discoveredBy: c.discoveredBy,
        local: c.local,
        remote,
        failedBefore: tried,
        answers,
      };
    } catch (e) {
      giveUp.abort();
      tried.push(`${c.discoveredBy} ${c.endpoint}: ${describeFailure(e, sshHintFor(c.endpoint))}`);
    }
  }
  const named = namedCandidate(options, options.env ?? process.env);
  if (named) {
    throw new EnvironmentError(
      'DOCKER_UNREACHABLE',
      `the Docker engine named by ${named.discoveredBy} did not answer`,
      {
        details: [
          ...tried.map((t) => `tried ${t}`),
          `codelocal uses only the engine ${named.discoveredBy} names, as docker itself does (no fallback to another engine)`,
          'fix: start that engine, or unset DOCKER_HOST / DOCKER_CONTEXT (or `docker context use default`) to use the local one',
        ],
      },
    );
  }
  throw new EnvironmentError('DOCKER_UNREACHABLE', 'no Docker engine answered', {
    details: [
      ...tried.map((t) => `tried ${t}`),
      'fix: install and start an engine (Debian/Ubuntu: apt-get install docker.io && dockerd &),',
      '     or point DOCKER_HOST at a running one, e.g. DOCKER_HOST=tcp://127.0.0.1:2375 or unix:///path/docker.sock',
    ],
  });
}
