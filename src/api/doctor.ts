/**
 * `doctor`: is this machine ready to run builds? Engine, privileged strategy, Docker-in-Docker, runner
 * images, disk. Every check that fails says how to fix it. The report is data: the CLI decides how to print
 * it and turns a failing report into exit code 3.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isCodelocalError } from '../errors.js';
import { BASE_REPO, runnerImageCurrent, STANDARD_IMAGE } from '../images/index.js';
import {
  type Container,
  type ContainerRuntime,
  createDockerRuntime,
  type EngineInfo,
  LABEL_ROLE,
  type PrivilegedStrategy,
} from '../runtime/index.js';
import { STATE_DIR_NAME } from '../workspace/index.js';
import { describeEngine, engineFeatures } from './doctor-engine.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  id: 'engine' | 'engine-features' | 'privileged' | 'runner-images' | 'docker-in-docker' | 'disk';
  status: CheckStatus;
  summary: string;
  details?: string[];
  /** What to do about it (present when status is fail or warn). */
  fix?: string;
}

export interface RunnerImageStatus {
  name: string;
  present: boolean;
  /** Whether the image was built from the current runner-images/ inputs (undefined: not checked). */
  current?: boolean;
  fix?: string;
}

export interface DiskStatus {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

export interface DoctorReport {
  /** Everything a build needs is in place (no check failed). */
  ok: boolean;
  checks: DoctorCheck[];
  engine?: EngineInfo;
  privileged?: PrivilegedStrategy;
  runnerImages: RunnerImageStatus[];
  disk?: DiskStatus;
}

export interface DoctorOptions {
  /** Use this runtime instead of discovering an engine. */
  runtime?: ContainerRuntime;
  /** The state folder (default: ./.codelocal when it exists, else the current folder). */
  stateDir?: string;
  /** Skip the Docker-in-Docker check (it starts a container and a daemon: a few seconds). */
  skipDockerInDocker?: boolean;
}

const GiB = 1024 ** 3;
const DISK_FAIL_BYTES = 2 * GiB;
const DISK_WARN_BYTES = 10 * GiB;

/**
 * Runner images codelocal needs and whether they are there. The hook where the images layer adds its
 * "built from the current inputs" hash comparison (`current`).
 */
export async function checkRunnerImages(runtime: ContainerRuntime): Promise<RunnerImageStatus[]> {
  const names = [STANDARD_IMAGE];
  const base = await runtime.images.inspect(`${BASE_REPO}:latest`);
  return Promise.all(
    names.map(async (name) => {
      const present = (await runtime.images.inspect(name)) !== undefined;
      if (!present) return { name, present, fix: 'build it offline: codelocal images build' };
      // Current = built from today's runner-images/ folder on today's base (the hash label).
      const current = base
        ? await runnerImageCurrent(runtime.images, 'standard', { baseImage: base.id }).catch(() => undefined)
        : undefined;
      return current === false
        ? { name, present, current, fix: 'runner-images/ changed since the image was built: codelocal images build' }
        : { name, present, current };
    }),
  );
}

function gib(bytes: number): string {
  return `${(bytes / GiB).toFixed(1)} GiB`;
}

async function diskCheck(stateDir: string | undefined): Promise<{ check: DoctorCheck; disk?: DiskStatus }> {
  const dir = stateDir ?? (existsSync(STATE_DIR_NAME) ? STATE_DIR_NAME : process.cwd());
  try {
    const st = await fs.statfs(dir);
    const disk = { path: path.resolve(dir), freeBytes: st.bavail * st.bsize, totalBytes: st.blocks * st.bsize };
    const summary = `${gib(disk.freeBytes)} free of ${gib(disk.totalBytes)} under ${disk.path}`;
    if (disk.freeBytes < DISK_FAIL_BYTES) {
      return { disk, check: { id: 'disk', status: 'fail', summary, fix: 'free at least 2 GiB (docker system prune)' } };
    }
    if (disk.freeBytes < DISK_WARN_BYTES) {
      return { disk, check: { id: 'disk', status: 'warn', summary, fix: 'runner images and caches want ~10 GiB' } };
    }
    return { disk, check: { id: 'disk', status: 'ok', summary } };
  } catch (e) {
    return {
      check: { id: 'disk', status: 'warn', summary: `cannot read free space of ${dir}: ${(e as Error).message}` },
    };
  }
}

function describePrivileged(s: PrivilegedStrategy): string {
  if (s.kind === 'privileged') return 'privileged containers: Privileged: true';
  return `privileged containers: ${s.capAdd.length} capabilities with seccomp/apparmor unconfined (engine refused Privileged: ${s.reason})`;
}

/** Starts a privileged runner container, a dockerd inside it, and asks that dockerd for `docker info`. */
async function dockerInDockerCheck(runtime: ContainerRuntime, image: string): Promise<DoctorCheck> {
  let c: Container | undefined;
  try {
    c = await runtime.createContainer({
      image,
      privileged: true,
      entrypoint: ['sleep', 'infinity'],
      anonymousVolumes: ['/var/lib/docker'],
      labels: { [LABEL_ROLE]: 'doctor' },
    });
    await c.start();
    await c.exec(['sh', '-c', 'dockerd > /var/log/codelocal-dockerd.log 2>&1 &']);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const r = await c.exec(['docker', 'info', '--format', '{{.ServerVersion}} {{.Driver}}']);
      if (r.exitCode === 0) {
        return { id: 'docker-in-docker', status: 'ok', summary: `dockerd ${r.stdout.trim()} runs inside ${image}` };
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const log = await c.exec(['tail', '-n', '15', '/var/log/codelocal-dockerd.log']);
    return {
      id: 'docker-in-docker',
      status: 'fail',
      summary: `dockerd did not start inside ${image} within 30 s`,
      details: log.stdout.trimEnd().split('\n'),
      fix: 'see the dockerd log above; privileged builds (privilegedMode: true) need it',
    };
  } catch (e) {
    return {
      id: 'docker-in-docker',
      status: 'fail',
      summary: `could not start a privileged ${image} container: ${(e as Error).message}`,
      fix: 'privileged builds (privilegedMode: true) need an engine that can run privileged containers',
    };
  } finally {
    await c?.remove();
  }
}

export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const report: DoctorReport = { ok: false, checks, runnerImages: [] };
  const { check: disk, disk: diskStatus } = await diskCheck(options.stateDir);
  report.disk = diskStatus;

  let runtime = options.runtime;
  try {
    runtime ??= await createDockerRuntime({ stateDir: options.stateDir });
    report.engine = await runtime.info();
    const e = report.engine;
    checks.push({ id: 'engine', status: 'ok', summary: describeEngine(e) });
  } catch (e) {
    checks.push({
      id: 'engine',
      status: 'fail',
      summary: isCodelocalError(e) ? e.message : `Docker engine error: ${(e as Error).message}`,
      details: isCodelocalError(e) ? e.details.filter((d) => d.startsWith('tried ')) : [],
      fix: 'apt-get install docker.io && dockerd &  (or set DOCKER_HOST to a running engine)',
    });
    for (const id of ['engine-features', 'privileged', 'runner-images', 'docker-in-docker'] as const) {
      checks.push({ id, status: 'skip', summary: 'no engine' });
    }
    checks.push(disk);
    report.ok = false;
    return report;
  }

  try {
    report.privileged = await runtime.privilegedStrategy();
    checks.push({ id: 'privileged', status: 'ok', summary: describePrivileged(report.privileged) });
  } catch (e) {
    checks.push({
      id: 'privileged',
      status: 'fail',
      summary: `privileged containers cannot start: ${(e as Error).message}`,
      details: isCodelocalError(e) ? e.details : [],
      fix: 'privileged builds need an engine that grants CAP_SYS_ADMIN (rootful Docker)',
    });
  }

  checks.push(engineFeatures(report.engine, report.privileged));
  report.runnerImages = await checkRunnerImages(runtime);
  const missing = report.runnerImages.filter((i) => !i.present);
  const stale = report.runnerImages.filter((i) => i.present && i.current === false);
  checks.push({
    id: 'runner-images',
    status: missing.length ? 'fail' : stale.length ? 'warn' : 'ok',
    summary: missing.length
      ? `missing: ${missing.map((i) => i.name).join(', ')}`
      : stale.length
        ? `out of date: ${stale.map((i) => i.name).join(', ')}`
        : `present and current: ${report.runnerImages.map((i) => i.name).join(', ')}`,
    fix: [...missing, ...stale][0]?.fix ?? (missing.length || stale.length ? 'codelocal images build' : undefined),
  });

  const runner = report.runnerImages.find((i) => i.present);
  if (options.skipDockerInDocker) {
    checks.push({ id: 'docker-in-docker', status: 'skip', summary: 'skipped on request' });
  } else if (!runner) {
    checks.push({
      id: 'docker-in-docker',
      status: 'skip',
      summary: `needs the runner image ${STANDARD_IMAGE}, which is missing`,
      fix: 'codelocal images build',
    });
  } else if (report.privileged) {
    checks.push(await dockerInDockerCheck(runtime, runner.name));
  } else {
    checks.push({ id: 'docker-in-docker', status: 'skip', summary: 'privileged containers cannot start' });
  }

  checks.push(disk);
  report.ok = checks.every((c) => c.status !== 'fail');
  return report;
}
