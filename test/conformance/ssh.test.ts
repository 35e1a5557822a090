/**
 * DOCKER_HOST=ssh://user@host:port end to end: an sshd on 127.0.0.1 with generated host and user keys, reaching
 * this machine's dockerd through `docker system dial-stdio`, as the Docker CLI does (docs/engines.md §3). The
 * engine counts as remote; an unknown host key is refused. Needs root (sshd), the docker CLI and openssh-server;
 * skips without them on a laptop, never under CI=true. sshd is always stopped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerRuntime, type DockerRuntime } from '../../src/runtime/index.js';
import { TINY_IMAGE, ensureTinyImage, isCI } from '../docker/helpers.js';

const SSHD = '/usr/sbin/sshd';
const usable = existsSync(SSHD) && process.getuid?.() === 0 && spawnSync('docker', ['--version']).status === 0;
if (!usable && !isCI) console.warn('[ssh engine skipped] needs root, /usr/sbin/sshd and the docker CLI');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

(usable || isCI ? describe : describe.skip)('remote engine: dockerd over ssh://', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'codelocal-sshd-'));
  const home = path.join(dir, 'home');
  let port: number;
  let runtime: DockerRuntime;
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);

  beforeAll(async () => {
    mkdirSync(path.join(home, '.ssh'), { recursive: true });
    keygen(path.join(dir, 'host_key'));
    keygen(path.join(home, '.ssh', 'id_ed25519'));
    writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(home, '.ssh', 'id_ed25519.pub')));
    chmodSync(path.join(dir, 'authorized_keys'), 0o600);
    port = await freePort();
    mkdirSync('/run/sshd', { recursive: true });
    execFileSync(SSHD, [
      '-f',
      '/dev/null',
      ...['-o', `Port=${port}`, '-o', 'ListenAddress=127.0.0.1', '-o', `HostKey=${path.join(dir, 'host_key')}`],
      ...[
        '-o',
        `AuthorizedKeysFile=${path.join(dir, 'authorized_keys')}`,
        '-o',
        `PidFile=${path.join(dir, 'sshd.pid')}`,
      ],
      ...['-o', 'StrictModes=no', '-o', 'PasswordAuthentication=no', '-o', 'UsePAM=no'],
      ...['-E', path.join(dir, 'sshd.log')],
    ]);
    const hostKey = readFileSync(path.join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${hostKey}\n`);
    for (let i = 0; i < 40 && !existsSync(path.join(dir, 'sshd.pid')); i++)
      await new Promise((r) => setTimeout(r, 100));
    runtime = await createDockerRuntime({
      env: { DOCKER_HOST: `ssh://root@127.0.0.1:${port}`, HOME: home },
      pingTimeoutMs: 15_000,
    });
  }, 60_000);

  afterAll(async () => {
    await runtime?.cleanup().catch(() => undefined);
    const pidFile = path.join(dir, 'sshd.pid');
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches the engine, reported as remote', async () => {
    const info = await runtime.info();
    expect(info).toMatchObject({ endpoint: `ssh://root@127.0.0.1:${port}`, remote: true, discoveredBy: 'DOCKER_HOST' });
  });

  it('runs a container: exec and an archive copy in and out over the ssh channel', async () => {
    await ensureTinyImage(await createDockerRuntime());
    const c = await runtime.createContainer({ image: TINY_IMAGE, cmd: ['sleep', '60'] });
    await c.start();
    try {
      const { packEntries, readTarEntries } = await import('../../src/archive/index.js');
      await c.putArchive(packEntries([{ name: 'over-ssh.txt', content: 'via ssh\n' }]), '/tmp');
      expect((await c.exec(['cat', '/tmp/over-ssh.txt'])).stdout).toBe('via ssh\n');
      const names: string[] = [];
      for await (const e of readTarEntries(await c.getArchive('/tmp/over-ssh.txt'))) names.push(e.header.name);
      expect(names).toEqual(['over-ssh.txt']);
    } finally {
      await c.remove();
    }
  });

  it('an unknown host key is refused: DOCKER_UNREACHABLE with the ssh-keyscan hint', async () => {
    const stranger = path.join(dir, 'stranger');
    mkdirSync(path.join(stranger, '.ssh'), { recursive: true });
    execFileSync('cp', [path.join(home, '.ssh', 'id_ed25519'), path.join(stranger, '.ssh', 'id_ed25519')]);
    const err = (await createDockerRuntime({
      env: { DOCKER_HOST: `ssh://root@127.0.0.1:${port}`, HOME: stranger },
      pingTimeoutMs: 10_000,
    }).catch((e: unknown) => e)) as { code: string; details: string[] };
    expect(err.code).toBe('DOCKER_UNREACHABLE');
    expect(err.details.join('\n')).toContain(`ssh-keyscan -p ${port} 127.0.0.1`);
  });
});
