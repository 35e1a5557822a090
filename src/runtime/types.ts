/**
 * The container runtime interface: everything codelocal asks of a container engine.
 * One implementation (src/runtime/docker/) talks to Docker through dockerode; tests and
 * the engine depend only on these types. Modelled on testcontainers-node's per-resource clients.
 */
import type { Readable, Writable } from 'node:stream';

/** Labels every resource codelocal creates carries (see src/runtime/labels.ts). */
export const LABEL_TOOL = 'codelocal';
export const LABEL_RUN_ID = 'codelocal.run-id';
export const LABEL_PID = 'codelocal.pid';
export const LABEL_HOST = 'codelocal.host';
/** Resources the user asked to keep (`--keep`, local ECS services): never swept automatically. */
export const LABEL_KEEP = 'codelocal.keep';
/** What a resource is for: build, action, service, registry, probe... */
export const LABEL_ROLE = 'codelocal.role';
/**
 * The absolute state folder (`.codelocal/`) of the project a resource was created for: `codelocal
 * clean` removes only its own state folder's resources unless told `--all-projects`.
 */
export const LABEL_STATE_DIR = 'codelocal.state-dir';
/**
 * Resources every project shares (the local ECR registry, its volume, the codelocal-aws network):
 * they carry no state folder and go only with a host-wide clean.
 */
export const LABEL_SHARED = 'codelocal.shared';

export interface BindMount {
  source: string;
  target: string;
  readOnly?: boolean;
}

export interface VolumeMount {
  /** Name of a volume (created on demand by the engine when absent). */
  name: string;
  target: string;
}

export interface PortBinding {
  containerPort: number;
  hostPort: number;
  hostIp?: string;
  protocol?: 'tcp' | 'udp';
}

export interface ContainerSpec {
  image: string;
  name?: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  workingDir?: string;
  user?: string;
  /** Extra labels; the runtime always adds the tool/run/pid/host labels. */
  labels?: Record<string, string>;
  /**
   * Run privileged. The runtime tries `Privileged: true` and, where the engine refuses
   * ("unable to apply caps"), falls back to every grantable capability with seccomp and
   * apparmor unconfined, logging one line. Callers never see the difference.
   */
  privileged?: boolean;
  binds?: BindMount[];
  volumes?: VolumeMount[];
  /** Anonymous volume targets (e.g. the inner /var/lib/docker of DinD). */
  anonymousVolumes?: string[];
  /**
   * Empty in-memory folders mounted at these targets: read-only ones hide what a bind mount would
   * otherwise show there (the state folder inside a bind-mounted source).
   */
  tmpfs?: { target: string; readOnly?: boolean }[];
  /**
   * Writable in-memory folders (tmpfs, files there may be run) for a container's own small, often rewritten
   * files: no size of their own beyond the container's memory limit. The engine's archive upload does not reach
   * them in a running container.
   */
  scratch?: string[];
  network?: string;
  networkAliases?: string[];
  ports?: PortBinding[];
  /** `host:ip` entries for /etc/hosts. */
  extraHosts?: string[];
  openStdin?: boolean;
  tty?: boolean;
  /** Run an init process as PID 1 (docker-init) so zombies are reaped and signals delivered. */
  init?: boolean;
  /**
   * The engine removes the container (and its anonymous volumes) when its main process ends, like
   * `docker run --rm`: the caller need not wait for a removal (see Container.forget).
   */
  autoRemove?: boolean;
  /** Memory limit in bytes (compute type emulation). */
  memoryBytes?: number;
  nanoCpus?: number;
  /** Most processes the container may run (a fork bomb stops there instead of taking the host). */
  pidsLimit?: number;
  healthcheck?: { test: string[]; intervalMs: number; timeoutMs: number; retries: number; startPeriodMs?: number };
  /** Keep this container past the run (not swept, not removed by cleanup). */
  keep?: boolean;
}

export interface ExecOptions {
  env?: Record<string, string>;
  workingDir?: string;
  user?: string;
  /** Data written to the process's stdin, then stdin is closed. */
  stdin?: string | Buffer | Readable;
  tty?: boolean;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Initial TTY size (only with `tty`), so a full-screen program draws right from the start. */
  size?: TtySize;
  /** Called once the process runs; interactive shells use the handle to follow terminal resizes. */
  onStarted?: (control: ExecControl) => void;
}

export interface TtySize {
  rows: number;
  columns: number;
}

/** A running exec, for the caller that drives an interactive TTY. */
export interface ExecControl {
  resize(size: TtySize): Promise<void>;
}

export interface ExecResult {
  exitCode: number;
  /** Collected output, only when no onStdout/onStderr callbacks were given. */
  stdout: string;
  stderr: string;
}

/** Live streams of a container's main process (docker attach). */
export interface AttachedStreams {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
}

export interface ContainerState {
  id: string;
  name: string;
  running: boolean;
  exitCode: number | null;
  health?: 'starting' | 'healthy' | 'unhealthy' | 'none';
  labels: Record<string, string>;
  /** Container IP on each network it is attached to. */
  networks: Record<string, string>;
}

export interface Container {
  readonly id: string;
  readonly name: string;
  start(): Promise<void>;
  /** Attach to the main process. Call before start() to see all output. */
  attach(): Promise<AttachedStreams>;
  exec(cmd: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Extract a tar stream into the container at `path` (which must exist). */
  putArchive(tar: Readable | Buffer, path: string): Promise<void>;
  /** A tar stream of `path` in the container (the last path element is the tar's top entry). */
  getArchive(path: string): Promise<Readable>;
  /** Resolves with the exit code when the main process ends. */
  wait(): Promise<{ exitCode: number }>;
  inspect(): Promise<ContainerState>;
  stop(timeoutSeconds?: number): Promise<void>;
  kill(signal?: string): Promise<void>;
  /** Force-remove with its anonymous volumes; no error when already gone. */
  remove(): Promise<void>;
  /**
   * Stop tracking a started `autoRemove` container whose main process was told to exit: the engine
   * removes it, so cleanup() need not (and a process that dies first leaves nothing either, because
   * its attach stream closes and the main process ends).
   */
  forget(): void;
}

export interface ImageInfo {
  id: string;
  tags: string[];
  labels: Record<string, string>;
  created: string;
  sizeBytes: number;
}

export interface BuildImageOptions {
  /** Tar stream of the build context. */
  context: Readable;
  tag: string;
  dockerfile?: string;
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  /** Progress lines (the engine's stream output). */
  onProgress?: (line: string) => void;
  /** Never pull: builds here must work with no registry. */
  pull?: false;
  /** Ignore the engine's layer cache (`docker build --no-cache`). */
  noCache?: boolean;
}

/** Credentials for a push. Without them the push is anonymous to the ref's registry host. */
export interface RegistryAuth {
  /** The registry host (`host:port`). */
  serveraddress: string;
  username?: string;
  password?: string;
}

export interface PushImageOptions {
  auth?: RegistryAuth;
  /** Progress lines (the engine's stream output). */
  onProgress?: (line: string) => void;
}

export type UntagOutcome = 'untagged' | 'in-use' | 'absent';

export interface ImageClient {
  inspect(ref: string): Promise<ImageInfo | undefined>;
  list(filter?: { label?: string[]; reference?: string }): Promise<ImageInfo[]>;
  /** `docker import`: a root file system tar becomes an image. */
  importTar(rootfs: Readable, repoTag: string, options?: { changes?: string[] }): Promise<string>;
  build(options: BuildImageOptions): Promise<string>;
  tag(source: string, repoTag: string): Promise<void>;
  remove(ref: string): Promise<void>;
  /**
   * Remove one name of an image (`repo:tag`, or `repo@digest` as a pull by digest leaves it) without force, as
   * `docker rmi NAME` does: the image stays while it has other names, and goes with its last one unless a
   * container uses it. The engine's refusal (a container uses the image) is 'in-use', never forced;
   * 'absent' when there is no such name.
   */
  untag(ref: string): Promise<UntagOutcome>;
  /** Pull when a registry is reachable; throws EnvironmentError otherwise. */
  pull(ref: string, onProgress?: (line: string) => void): Promise<void>;
  /** Push `ref` (a local image whose name starts with its registry's host); throws EnvironmentError on failure. */
  push(ref: string, options?: PushImageOptions): Promise<void>;
}

export interface NetworkInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** The gateways of its subnets (for a bridge: the bridge's addresses on the engine's machine). */
  gateways: string[];
}

export interface NetworkClient {
  create(
    name: string,
    options?: { labels?: Record<string, string>; keep?: boolean },
  ): Promise<{ id: string; name: string }>;
  remove(nameOrId: string): Promise<void>;
  exists(name: string): Promise<boolean>;
  /** The network, or undefined when there is none by that name or id. */
  inspect(nameOrId: string): Promise<NetworkInfo | undefined>;
}

export interface VolumeClient {
  create(name: string, options?: { labels?: Record<string, string>; keep?: boolean }): Promise<{ name: string }>;
  remove(name: string): Promise<void>;
  exists(name: string): Promise<boolean>;
}

export interface EngineInfo {
  /** Where the engine was found, e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375. */
  endpoint: string;
  /** How it was found: DOCKER_HOST, default socket, config... */
  discoveredBy: string;
  engineId: string;
  serverVersion: string;
  apiVersion: string;
  os: string;
  arch: string;
  cpus: number;
  memoryBytes: number;
  dockerRootDir: string;
  /** Which engine answers the Docker API: Docker Engine, or Podman's Docker-compatible service. */
  product: EngineProduct;
  /**
   * The engine may run on another machine (tcp:// to a non-loopback host, ssh://): host paths cannot be
   * bind-mounted there, so sources and artifacts go through archive copies (docs/engines.md).
   */
  remote: boolean;
  /** The engine runs without root (its SecurityOptions say `name=rootless`): no privileged containers. */
  rootless: boolean;
}

export type EngineProduct = 'docker' | 'podman';

/** How privileged containers are started on this engine (decided once per engine, cached). */
export type PrivilegedStrategy = { kind: 'privileged' } | { kind: 'capabilities'; capAdd: string[]; reason: string };

export interface ResourceRef {
  kind: 'container' | 'network' | 'volume';
  id: string;
  name: string;
  labels: Record<string, string>;
  /** Creation time, epoch ms (containers only; `codelocal clean --older-than` reads it). */
  created?: number;
}

export interface ContainerRuntime {
  /** Identifies this process's run; stamped on every resource it creates. */
  readonly runId: string;
  readonly images: ImageClient;
  readonly networks: NetworkClient;
  readonly volumes: VolumeClient;
  info(): Promise<EngineInfo>;
  createContainer(spec: ContainerSpec): Promise<Container>;
  getContainer(idOrName: string): Promise<Container | undefined>;
  /** Find labelled resources (all codelocal resources when no filter). */
  listResources(filter?: { runId?: string; labels?: Record<string, string> }): Promise<ResourceRef[]>;
  privilegedStrategy(): Promise<PrivilegedStrategy>;
  /**
   * Remove leftovers of runs whose process is gone (same host, pid not alive) and that are not kept.
   * Returns what was removed.
   */
  sweep(): Promise<ResourceRef[]>;
  /** Remove everything this run created (kept resources excepted). Idempotent. */
  cleanup(): Promise<void>;
}
