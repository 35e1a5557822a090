/**
 * Containers: turning a ContainerSpec into the engine's create options, and the per-container client.
 * Each method is one API call where the API allows it: the benchmark compares us with a plain `docker run`.
 */
import type Docker from 'dockerode';
import { PassThrough, type Readable } from 'node:stream';
import type { AttachedStreams, Container, ContainerSpec, ContainerState, ExecOptions, ExecResult } from '../types.js';
import { engineMessage, ignoreGone, isNotFound, statusOf } from './api-errors.js';
import { attachWithoutBody } from './attach-request.js';
import { runExec } from './exec.js';

const NS_PER_MS = 1_000_000;

function portKey(p: { containerPort: number; protocol?: string }): string {
  return `${p.containerPort}/${p.protocol ?? 'tcp'}`;
}

/** Create options for a spec, without the privileged part (see privileged.ts). */
export function toCreateOptions(spec: ContainerSpec, labels: Record<string, string>): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports ?? []) {
    exposed[portKey(p)] = {};
    (bindings[portKey(p)] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: String(p.hostPort) });
  }
  const anonymous: Record<string, object> = {};
  for (const target of spec.anonymousVolumes ?? []) anonymous[target] = {};

  const hc = spec.healthcheck;
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: spec.cmd,
    // No entrypoint is sent as [""], as the Docker CLI does for `--entrypoint ""`: Podman reads [] as "not set".
    Entrypoint: spec.entrypoint?.length === 0 ? [''] : spec.entrypoint,
    Env: spec.env ? Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) : undefined,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Labels: labels,
    Tty: spec.tty ?? false,
    OpenStdin: spec.openStdin ?? false,
    StdinOnce: false,
    ExposedPorts: spec.ports?.length ? exposed : undefined,
    Volumes: spec.anonymousVolumes?.length ? anonymous : undefined,
    Healthcheck: hc
      ? {
          Test: hc.test,
          Interval: hc.intervalMs * NS_PER_MS,
          Timeout: hc.timeoutMs * NS_PER_MS,
          Retries: hc.retries,
          StartPeriod: (hc.startPeriodMs ?? 0) * NS_PER_MS,
        }
      : undefined,
    HostConfig: {
      Binds: spec.binds?.map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`),
      Mounts: mountsOf(spec),
      // Through HostConfig.Tmpfs, whose options allow `exec` (a Mounts tmpfs is always noexec on API 1.41).
      Tmpfs: spec.scratch?.length ? Object.fromEntries(spec.scratch.map((t) => [t, 'rw,exec,mode=755'])) : undefined,
      NetworkMode: spec.network,
      PortBindings: spec.ports?.length ? bindings : undefined,
      ExtraHosts: spec.extraHosts,
      Memory: spec.memoryBytes,
      NanoCpus: spec.nanoCpus,
      PidsLimit: spec.pidsLimit,
      Privileged: spec.privileged ?? false,
      Init: spec.init,
      AutoRemove: spec.autoRemove,
    },
    NetworkingConfig:
      spec.network && spec.networkAliases?.length
        ? { EndpointsConfig: { [spec.network]: { Aliases: spec.networkAliases } } }
        : undefined,
  };
}

/** Named volumes, then tmpfs folders (a small fixed size: they hide paths, nothing is meant to be written). */
function mountsOf(spec: ContainerSpec): Docker.MountConfig | undefined {
  const volumes = (spec.volumes ?? []).map((v) => ({ Type: 'volume' as const, Source: v.name, Target: v.target }));
  const tmpfs = (spec.tmpfs ?? []).map((t) => ({
    Type: 'tmpfs' as const,
    Source: '',
    Target: t.target,
    ReadOnly: t.readOnly ?? false,
    TmpfsOptions: { SizeBytes: 1024 * 1024, Mode: 0o555 },
  }));
  const all = [...volumes, ...tmpfs];
  return spec.volumes === undefined && !tmpfs.length ? undefined : all;
}

/** The ContainerState shape from a raw inspect. */
export function toContainerState(info: Docker.ContainerInspectInfo): ContainerState {
  const networks: Record<string, string> = {};
  for (const [name, n] of Object.entries(info.NetworkSettings?.Networks ?? {})) networks[name] = n.IPAddress;
  const health = info.State.Health?.Status as ContainerState['health'] | undefined;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    running: info.State.Running,
    exitCode: info.State.Running || info.State.Status === 'created' ? null : info.State.ExitCode,
    health: health ?? 'none',
    labels: info.Config.Labels ?? {},
    networks,
  };
}

export class DockerContainer implements Container {
  private readonly handle: Docker.Container;

  constructor(
    private readonly docker: Docker,
    readonly id: string,
    readonly name: string,
    private readonly tty: boolean,
    /** Called once the container is gone, so the runtime stops tracking it. */
    private readonly onRemoved: (id: string) => void = () => {},
  ) {
    this.handle = docker.getContainer(id);
  }

  async start(): Promise<void> {
    try {
      await this.handle.start();
    } catch (e) {
      if (statusOf(e) === 304) return; // already started
      throw e;
    }
  }

  async attach(): Promise<AttachedStreams> {
    const stream = await attachWithoutBody(this.docker, this.id);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    if (this.tty) stream.pipe(stdout);
    else this.docker.modem.demuxStream(stream, stdout, stderr);
    stream.on('end', () => {
      stdout.end();
      stderr.end();
    });
    return { stdin: stream as unknown as AttachedStreams['stdin'], stdout, stderr };
  }

  exec(cmd: string[], options?: ExecOptions): Promise<ExecResult> {
    return runExec(this.docker, this.handle, cmd, options);
  }

  async putArchive(tar: Readable | Buffer, path: string): Promise<void> {
    await this.handle.putArchive(tar, { path });
  }

  async getArchive(path: string): Promise<Readable> {
    return (await this.handle.getArchive({ path })) as unknown as Readable;
  }

  async wait(): Promise<{ exitCode: number }> {
    const r = (await this.handle.wait()) as { StatusCode: number };
    return { exitCode: r.StatusCode };
  }

  async inspect(): Promise<ContainerState> {
    return toContainerState(await this.handle.inspect());
  }

  async stop(timeoutSeconds = 10): Promise<void> {
    try {
      await this.handle.stop({ t: timeoutSeconds });
    } catch (e) {
      if (statusOf(e) === 304) return; // already stopped
      throw e;
    }
  }

  async kill(signal = 'SIGKILL'): Promise<void> {
    try {
      await this.handle.kill({ signal });
    } catch (e) {
      // Killing a container that already exited is not worth an error.
      // Docker: 409 "is not running"; Podman: 500 "can only kill running containers".
      const status = statusOf(e);
      if ((status === 409 || status === 500) && /is not running|can only kill running/i.test(engineMessage(e))) return;
      throw e;
    }
  }

  async remove(): Promise<void> {
    await ignoreGone(this.handle.remove({ force: true, v: true }));
    // The engine may be removing it already (AutoRemove after a kill): wait until it is really gone,
    // so "removed" means no container is left when this returns.
    for (let i = 0; i < 100; i++) {
      try {
        await this.handle.inspect();
      } catch (e) {
        if (isNotFound(e)) break;
        throw e;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    this.onRemoved(this.id);
  }

  forget(): void {
    this.onRemoved(this.id);
  }
}
