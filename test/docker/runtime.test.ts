/**
 * The Docker runtime against a real engine: containers, exec, archives, labels, networks, volumes, cleanup,
 * sweep, signals, the privileged fallback, Docker-in-Docker, and a second engine reached through DOCKER_HOST.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDockerRuntime, type DockerRuntime } from '../../src/runtime/docker/runtime.js';
import { resourceLabels } from '../../src/runtime/labels.js';
import { extractTarTo, packEntries, packHostFiles, readTarEntries } from '../../src/archive/index.js';
import {
  LABEL_HOST,
  LABEL_KEEP,
  LABEL_PID,
  LABEL_RUN_ID,
  LABEL_TOOL,
  type Container,
} from '../../src/runtime/types.js';
import { buildTinyImage, describeDocker, ensureStaticBusybox, ensureTinyImage, getRuntime, isCI } from './helpers.js';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');
const RUNNER_IMAGE = 'codelocal/standard:latest';
/** Above the kernel's largest pid_max (2^22): guaranteed not to be a live process. */
const DEAD_PID = 4_194_304 + 4242;

let runtime: DockerRuntime;
let image: string;

beforeAll(async () => {
  runtime = await getRuntime();
  image = await ensureTinyImage(runtime);
});

async function started(spec: Partial<Parameters<DockerRuntime['createContainer']>[0]> = {}): Promise<Container> {
  const c = await runtime.createContainer({ image, cmd: ['sleep', '300'], ...spec });
  await c.start();
  return c;
}

function popcount(hex: string): number {
  let n = 0;
  for (let v = BigInt(`0x${hex}`); v > 0n; v >>= 1n) n += Number(v & 1n);
  return n;
}

describeDocker('docker runtime: containers and exec', () => {
  let c: Container;
  beforeAll(async () => {
    c = await started();
  });
  afterAll(async () => c?.remove());

  it('reports the engine it found and how', async () => {
    const info = await runtime.info();
    expect(info.endpoint).toMatch(/^(unix|tcp):\/\//);
    expect(info.discoveredBy).toBeTruthy();
    expect(info.serverVersion).toBeTruthy();
    expect(info.apiVersion).toMatch(/^\d+\.\d+$/);
    expect(info.engineId).toBeTruthy();
  });

  it('runs exec with separated stdout/stderr and the exit code', async () => {
    const r = await c.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
    expect((await c.exec(['true'])).exitCode).toBe(0);
  });

  it('streams exec output as it is produced', async () => {
    const chunks: string[] = [];
    const times: number[] = [];
    const t0 = Date.now();
    const r = await c.exec(['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.2; done'], {
      onStdout: (b) => {
        chunks.push(b.toString());
        times.push(Date.now() - t0);
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(''); // callbacks given: nothing collected
    expect(chunks.join('')).toBe('line1\nline2\nline3\n');
    expect(times[0]).toBeLessThan(times[times.length - 1]); // first line arrived before the end
  });

  it('passes env, working dir and user to exec', async () => {
    const r = await c.exec(['sh', '-c', 'echo "$GREETING $(pwd) $(id -u)"'], {
      env: { GREETING: 'hi' },
      workingDir: '/tmp',
      user: '65534',
    });
    expect(r.stdout).toBe('hi /tmp 65534\n');
  });

  it('writes stdin to exec (string, Buffer and stream) and closes it', async () => {
    expect((await c.exec(['cat'], { stdin: 'hello\n' })).stdout).toBe('hello\n');
    expect((await c.exec(['wc', '-c'], { stdin: Buffer.alloc(100_000, 97) })).stdout.trim()).toBe('100000');
    const r = await c.exec(['sh', '-c', 'cat; exit 4'], { stdin: Readable.from(['a', 'b', 'c']) });
    expect(r).toMatchObject({ exitCode: 4, stdout: 'abc' });
  });

  it('round-trips files through putArchive/getArchive', async () => {
    const tar = packEntries([
      { name: 'rt/dir', type: 'directory' },
      { name: 'rt/dir/a.txt', content: 'alpha\n', mode: 0o640 },
      { name: 'rt/dir/run.sh', content: '#!/bin/sh\necho ran\n', mode: 0o755 },
      { name: 'rt/dir/link', type: 'symlink', linkname: 'a.txt' },
    ]);
    await c.putArchive(tar, '/tmp');
    expect((await c.exec(['/tmp/rt/dir/run.sh'])).stdout).toBe('ran\n');
    expect((await c.exec(['cat', '/tmp/rt/dir/link'])).stdout).toBe('alpha\n');

    const names: string[] = [];
    for await (const e of readTarEntries(await c.getArchive('/tmp/rt/dir'))) names.push(e.header.name);
    expect(names.sort()).toEqual(['dir/', 'dir/a.txt', 'dir/link', 'dir/run.sh']);

    const out = mkdtempSync(path.join(os.tmpdir(), 'codelocal-rt-'));
    try {
      await extractTarTo(await c.getArchive('/tmp/rt/dir'), out, { strip: 1 });
      expect(readFileSync(path.join(out, 'a.txt'), 'utf8')).toBe('alpha\n');
      expect(statSync(path.join(out, 'a.txt')).mode & 0o777).toBe(0o640);
      expect(statSync(path.join(out, 'run.sh')).mode & 0o777).toBe(0o755);
      // And back in again from the host folder.
      await c.putArchive(packHostFiles([{ source: out, target: 'back' }]), '/tmp');
      expect((await c.exec(['cat', '/tmp/back/link'])).stdout).toBe('alpha\n');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('labels every container with tool, run id, pid and host', async () => {
    const state = await c.inspect();
    expect(state.running).toBe(true);
    expect(state.labels).toMatchObject({
      [LABEL_TOOL]: 'true',
      [LABEL_RUN_ID]: runtime.runId,
      [LABEL_PID]: String(process.pid),
      [LABEL_HOST]: os.hostname(),
    });
    expect(state.labels[LABEL_KEEP]).toBeUndefined();
  });
});

describeDocker('docker runtime: lifecycle', () => {
  it('waits for the exit code, stops, removes (twice is fine)', async () => {
    const quick = await runtime.createContainer({ image, cmd: ['sh', '-c', 'exit 7'] });
    await quick.start();
    expect(await quick.wait()).toEqual({ exitCode: 7 });
    expect((await quick.inspect()).exitCode).toBe(7);
    await quick.remove();
    await quick.remove();
    expect(await runtime.getContainer(quick.id)).toBeUndefined();

    const slow = await started({ name: `codelocal-test-stop-${runtime.runId}` });
    const again = await runtime.getContainer(slow.name);
    expect(again?.id).toBe(slow.id);
    await slow.stop(1);
    expect((await slow.inspect()).running).toBe(false);
    await slow.stop(1); // already stopped: no error
    await slow.remove();
  });

  it('attaches to the main process', async () => {
    const c = await runtime.createContainer({
      image,
      cmd: ['sh', '-c', 'read x; echo got:$x; echo e >&2'],
      openStdin: true,
    });
    const io = await c.attach();
    let out = '';
    io.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await c.start();
    io.stdin.write('ping\n');
    expect(await c.wait()).toEqual({ exitCode: 0 });
    await new Promise((r) => setTimeout(r, 50));
    expect(out).toBe('got:ping\n');
    await c.remove();
  });

  it('fails with IMAGE_MISSING for an image that is not there', async () => {
    await expect(runtime.createContainer({ image: 'codelocal-test/does-not-exist:1' })).rejects.toMatchObject({
      code: 'IMAGE_MISSING',
    });
  });

  it('create + start + exec + remove is fast (timing printed)', async () => {
    const rounds = 5;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      const c = await runtime.createContainer({ image, cmd: ['sleep', '30'] });
      await c.start();
      await c.exec(['true']);
      await c.remove();
    }
    const each = (performance.now() - t0) / rounds;
    console.log(`[timing] create+start+exec+remove: ${each.toFixed(0)} ms per container (mean of ${rounds})`);
    expect(each).toBeLessThan(5_000);
  });
});

describeDocker('docker runtime: networks, volumes, cleanup and sweep', () => {
  it('connects containers on a labelled network by alias, shares a labelled volume', async () => {
    const netName = `codelocal-test-net-${runtime.runId}`;
    const volName = `codelocal-test-vol-${runtime.runId}`;
    await runtime.networks.create(netName);
    await runtime.volumes.create(volName);
    expect(await runtime.networks.exists(netName)).toBe(true);
    expect(await runtime.volumes.exists(volName)).toBe(true);

    const server = await started({
      network: netName,
      networkAliases: ['svc'],
      volumes: [{ name: volName, target: '/data' }],
    });
    expect(Object.keys((await server.inspect()).networks)).toEqual([netName]);
    await server.exec(['sh', '-c', 'echo shared > /data/f']);
    const client = await started({ network: netName, volumes: [{ name: volName, target: '/v' }] });
    expect((await client.exec(['cat', '/v/f'])).stdout).toBe('shared\n');
    const ping = await client.exec(['ping', '-c', '1', '-W', '2', 'svc']);
    expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);

    const mine = await runtime.listResources({ runId: runtime.runId });
    expect(mine.map((r) => `${r.kind}:${r.name}`)).toEqual(
      expect.arrayContaining([`network:${netName}`, `volume:${volName}`, `container:${server.name}`]),
    );
    await client.remove();
    await server.remove();
    await runtime.networks.remove(netName);
    await runtime.volumes.remove(volName);
    expect(await runtime.networks.exists(netName)).toBe(false);
    expect(await runtime.volumes.exists(volName)).toBe(false);
  });

  it('inspects a network: id, name, labels and its IPv4 gateway; undefined when missing', async () => {
    const netName = `codelocal-test-inspect-${runtime.runId}`;
    const { id } = await runtime.networks.create(netName, { labels: { 'codelocal.test': 'yes' } });
    try {
      const info = await runtime.networks.inspect(netName);
      expect(info).toMatchObject({ id, name: netName, labels: { 'codelocal.test': 'yes' } });
      expect(info!.gateways.some((g) => /^\d+\.\d+\.\d+\.\d+$/.test(g))).toBe(true);
      expect((await runtime.networks.inspect(id))?.name).toBe(netName);
    } finally {
      await runtime.networks.remove(netName);
    }
    expect(await runtime.networks.inspect(netName)).toBeUndefined();
  });

  it('a push to a registry that does not answer fails with IMAGE_PUSH_FAILED', async () => {
    const ref = `127.0.0.1:1/codelocal-test-push:${runtime.runId}`;
    await runtime.images.tag(image, ref);
    try {
      await expect(runtime.images.push(ref)).rejects.toMatchObject({ code: 'IMAGE_PUSH_FAILED' });
    } finally {
      await runtime.images.remove(ref);
    }
  });

  it('cleanup() removes everything the run created except kept resources', async () => {
    const rt = await createDockerRuntime();
    await rt.networks.create(`codelocal-test-cn-${rt.runId}`);
    await rt.volumes.create(`codelocal-test-cv-${rt.runId}`);
    const c = await rt.createContainer({ image, cmd: ['sleep', '300'], anonymousVolumes: ['/scratch'] });
    await c.start();
    const kept = await rt.createContainer({ image, cmd: ['true'], keep: true });
    expect((await kept.inspect()).labels[LABEL_KEEP]).toBe('true');

    await rt.cleanup();
    await rt.cleanup(); // idempotent
    const left = await rt.listResources({ runId: rt.runId });
    expect(left.map((r) => r.id)).toEqual([kept.id]);
    await kept.remove();
  });

  it('sweep() removes leftovers of dead processes on this host and leaves kept ones', async () => {
    const runId = `sweep-${runtime.runId}`;
    const dead = resourceLabels({ runId, pid: DEAD_PID });
    const docker = runtime.docker;
    const gone = await docker.createContainer({ Image: image, Cmd: ['sleep', '300'], Labels: dead });
    await gone.start();
    await docker.createNetwork({ Name: `codelocal-test-sweep-${runtime.runId}`, Labels: dead });
    await docker.createVolume({ Name: `codelocal-test-sweep-${runtime.runId}`, Labels: dead });
    const kept = await docker.createContainer({
      Image: image,
      Cmd: ['true'],
      Labels: resourceLabels({ runId, pid: DEAD_PID }, { keep: true }),
    });
    const otherHost = await docker.createContainer({
      Image: image,
      Cmd: ['true'],
      Labels: resourceLabels({ runId, pid: DEAD_PID, host: 'some-other-host' }),
    });
    const alive = await docker.createContainer({ Image: image, Cmd: ['true'], Labels: resourceLabels({ runId }) });

    const removed = await runtime.sweep();
    const removedMine = removed.filter((r) => r.labels[LABEL_RUN_ID] === runId).map((r) => r.kind);
    expect(removedMine.sort()).toEqual(['container', 'network', 'volume']);
    const left = (await runtime.listResources({ runId })).map((r) => r.id).sort();
    expect(left).toEqual([kept.id, otherHost.id, alive.id].sort());
    await Promise.all([kept, otherHost, alive].map((c) => c.remove({ force: true })));
  });
});

/**
 * The child process needs the runtime as JavaScript. Compiling just src/runtime (and what it imports) into
 * node_modules/.cache takes a few seconds, never depends on the rest of the tree compiling, and never touches
 * dist/ (which other test files or a parallel `npm run build` may be writing).
 */
function buildRuntimeForChild(): string {
  const out = path.join(ROOT, 'node_modules/.cache/codelocal-runtime-test');
  rmSync(out, { recursive: true, force: true });
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const flags = ['--strict', '--skipLibCheck', '--esModuleInterop', '--types', 'node', '--target', 'ES2022'];
  execFileSync(
    process.execPath,
    [
      tsc,
      ...flags,
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--rootDir',
      'src',
      '--outDir',
      out,
      'src/runtime/index.ts',
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  return path.join(out, 'runtime/index.js');
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describeDocker('docker runtime: signals', () => {
  it('SIGINT removes the container, network and volume a process created, then exits 130', async () => {
    const entry = buildRuntimeForChild();
    const child = spawn(process.execPath, [path.join(ROOT, 'test/docker/fixtures/signal-child.mjs'), entry, image], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = exitOf(child);
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const ready = await new Promise<{ runId: string }>((resolve, reject) => {
      let buf = '';
      child.stdout!.on('data', (b: Buffer) => {
        buf += b.toString();
        const line = buf.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as { runId: string });
      });
      exited.then((code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
    });
    expect((await runtime.listResources({ runId: ready.runId })).length).toBe(3);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await runtime.listResources({ runId: ready.runId })).toEqual([]);
  });
});

describeDocker('docker runtime: privileged', () => {
  it('starts a privileged container (via the fallback where the engine refuses it) with a full capability set', async () => {
    const strategy = await runtime.privilegedStrategy();
    if (strategy.kind === 'capabilities') expect(strategy.capAdd).toContain('SYS_ADMIN');
    const c = await started({ privileged: true });
    const status = await c.exec(['cat', '/proc/self/status']);
    const capEff = /^CapEff:\s*([0-9a-f]+)/m.exec(status.stdout)![1];
    expect(popcount(capEff)).toBeGreaterThanOrEqual(36); // default containers get 14
    const mounts = (await c.exec(['cat', '/proc/mounts'])).stdout.split('\n');
    const cgroups = mounts.filter((l) => / cgroup2? /.test(l));
    expect(cgroups.length).toBeGreaterThan(0);
    expect(cgroups.filter((l) => /[ ,]ro[ ,]/.test(l))).toEqual([]); // DinD needs to create cgroups
    expect((await c.exec(['sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward'])).exitCode).toBe(0);
    await c.remove();
  });
});

const runnerPresent =
  (await getRuntime()
    .then((r) => r.images.inspect(RUNNER_IMAGE))
    .catch(() => undefined)) !== undefined;

describeDocker('docker runtime: Docker-in-Docker', () => {
  it.skipIf(!runnerPresent && !isCI)(`docker build + run inside a privileged ${RUNNER_IMAGE}`, async () => {
    const c = await runtime.createContainer({
      image: RUNNER_IMAGE,
      privileged: true,
      entrypoint: ['sleep', 'infinity'],
      anonymousVolumes: ['/var/lib/docker'],
    });
    try {
      await c.start();
      await c.exec(['sh', '-c', 'dockerd > /var/log/codelocal-dockerd.log 2>&1 &']);
      let up = false;
      for (let i = 0; i < 120 && !up; i++) {
        up = (await c.exec(['docker', 'info'])).exitCode === 0;
        if (!up) await new Promise((r) => setTimeout(r, 500));
      }
      const log = async () => (await c.exec(['tail', '-n', '30', '/var/log/codelocal-dockerd.log'])).stdout;
      expect(up, await log()).toBe(true);
      const busybox = readFileSync(ensureStaticBusybox());
      await c.putArchive(
        packEntries([
          { name: 'ctx', type: 'directory' },
          { name: 'ctx/busybox', content: busybox, mode: 0o755 },
          {
            name: 'ctx/Dockerfile',
            content: 'FROM scratch\nCOPY busybox /busybox\nCMD ["/busybox", "echo", "hello from inner docker"]\n',
          },
        ]),
        '/tmp',
      );
      const build = await c.exec(['docker', 'build', '-t', 'codelocal-inner:1', '/tmp/ctx'], {
        env: { DOCKER_BUILDKIT: '0' },
      });
      expect(build.exitCode, build.stdout + build.stderr).toBe(0);
      const run = await c.exec(['docker', 'run', '--rm', 'codelocal-inner:1']);
      expect(run.exitCode, run.stderr + (await log())).toBe(0);
      expect(run.stdout).toBe('hello from inner docker\n');
    } finally {
      await c.remove();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const DOCKERD = '/usr/sbin/dockerd';
const canStartDockerd = existsSync(DOCKERD) && process.getuid?.() === 0;

/**
 * The second daemon shares the host's network namespace, so it needs a bridge of its own: `--bridge=none`
 * is NOT an option, because dockerd then deletes the interface named docker0, the main engine's bridge.
 */
function createBridge(name: string, cidr: string): void {
  execFileSync('ip', ['link', 'add', name, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', cidr, 'dev', name]);
  execFileSync('ip', ['link', 'set', name, 'up']);
}

function deleteBridge(name: string): void {
  try {
    execFileSync('ip', ['link', 'del', name], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

describeDocker('docker runtime: a second engine through DOCKER_HOST', () => {
  it.skipIf(!canStartDockerd && !isCI)('imports an image and runs a container on tcp://127.0.0.1:<port>', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'codelocal-dockerd-'));
    const bridge = `clbr${port}`;
    createBridge(bridge, '10.213.77.1/24');
    const daemon = spawn(
      DOCKERD,
      [
        '-H',
        `tcp://127.0.0.1:${port}`,
        '--data-root',
        path.join(dir, 'data'),
        '--exec-root',
        path.join(dir, 'exec'),
        '--pidfile',
        path.join(dir, 'docker.pid'),
        `--bridge=${bridge}`,
        '--iptables=false',
        '--ip-masq=false',
        '--storage-driver=vfs',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let daemonLog = '';
    daemon.stderr!.on('data', (b: Buffer) => (daemonLog = (daemonLog + b.toString()).slice(-4000)));
    const daemonExit = exitOf(daemon);
    try {
      const env = { ...process.env, DOCKER_HOST: `tcp://127.0.0.1:${port}` };
      let second: DockerRuntime | undefined;
      for (let i = 0; i < 60 && !second; i++) {
        try {
          const rt = await createDockerRuntime({ env, pingTimeoutMs: 1_000 });
          if (rt.engine.discoveredBy === 'DOCKER_HOST') second = rt;
        } catch {
          // not up yet
        }
        if (!second) await new Promise((r) => setTimeout(r, 500));
      }
      expect(second, daemonLog).toBeDefined();
      const info = await second!.info();
      expect(info.endpoint).toBe(`tcp://127.0.0.1:${port}`);
      // Engine ids can coincide (both daemons read /etc/docker/key.json); the data root cannot.
      expect(info.dockerRootDir).toBe(path.join(dir, 'data'));

      const ref = await buildTinyImage(second!);
      const c = await second!.createContainer({ image: ref, cmd: ['sh', '-c', 'echo scaled-out; exit 5'] });
      const io = await c.attach();
      let out = '';
      io.stdout.on('data', (b: Buffer) => (out += b.toString()));
      await c.start();
      expect(await c.wait()).toEqual({ exitCode: 5 });
      await new Promise((r) => setTimeout(r, 50));
      expect(out).toBe('scaled-out\n');
      await second!.cleanup();
      expect(await second!.listResources({ runId: second!.runId })).toEqual([]);
    } finally {
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), 20_000);
      await daemonExit;
      clearTimeout(timer);
      deleteBridge(bridge);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
