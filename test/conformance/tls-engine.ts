/**
 * A second dockerd for the remote-engine test: TLS on a TCP port (certificates made with openssl: a CA, a server
 * certificate for the address it listens on, a client certificate), its own data root, exec root, pid file and
 * bridge, no iptables. It listens on this machine's non-loopback address, so codelocal treats it as remote
 * (it cannot know the engine shares its files). Always stopped and removed by `stop()`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DOCKERD = '/usr/sbin/dockerd';
export const canStartDockerd = existsSync(DOCKERD) && process.getuid?.() === 0;

export interface TlsDockerd {
  host: string;
  /** DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as the docker CLI reads them. */
  env: NodeJS.ProcessEnv;
  dataRoot: string;
  log(): string;
  stop(): Promise<void>;
}

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

/** A non-loopback IPv4 address of this machine. */
export function outwardAddress(): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new Error('no non-loopback IPv4 address on this machine');
}

function makeCertificates(dir: string, ip: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('genrsa', '-out', 'ca-key.pem', '2048');
  ssl('req', '-x509', '-new', '-key', 'ca-key.pem', '-days', '1', '-subj', '/CN=codelocal-test-ca', '-out', 'ca.pem');
  writeFileSync(path.join(dir, 'server.ext'), `subjectAltName=IP:${ip},IP:127.0.0.1\nextendedKeyUsage=serverAuth\n`);
  writeFileSync(path.join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, ext] of [
    ['server', 'server.ext'],
    ['client', 'client.ext'],
  ]) {
    ssl('genrsa', '-out', `${name}-key.pem`, '2048');
    ssl('req', '-new', '-key', `${name}-key.pem`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
    ssl(
      'x509',
      '-req',
      '-days',
      '1',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-extfile',
      ext,
      '-out',
      `${name}-cert.pem`,
    );
  }
  // The docker CLI's names for the client side in DOCKER_CERT_PATH.
  execFileSync('cp', ['client-cert.pem', 'cert.pem'], { cwd: dir });
  execFileSync('cp', ['client-key.pem', 'key.pem'], { cwd: dir });
}

export async function startTlsDockerd(): Promise<TlsDockerd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'codelocal-tls-dockerd-'));
  const certs = path.join(dir, 'certs');
  execFileSync('mkdir', ['-p', certs]);
  const ip = outwardAddress();
  makeCertificates(certs, ip);
  const port = await freePort();
  // Its own bridge: `--bridge=none` would make dockerd delete docker0, the main engine's bridge.
  const bridge = `cltls${port}`;
  execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', '10.214.0.1/24', 'dev', bridge]);
  execFileSync('ip', ['link', 'set', bridge, 'up']);
  const dataRoot = path.join(dir, 'data');
  const daemon = spawn(
    DOCKERD,
    [
      '-H',
      `tcp://${ip}:${port}`,
      '--tlsverify',
      `--tlscacert=${path.join(certs, 'ca.pem')}`,
      `--tlscert=${path.join(certs, 'server-cert.pem')}`,
      `--tlskey=${path.join(certs, 'server-key.pem')}`,
      `--data-root=${dataRoot}`,
      `--exec-root=${path.join(dir, 'exec')}`,
      `--pidfile=${path.join(dir, 'docker.pid')}`,
      `--bridge=${bridge}`,
      '--iptables=false',
      '--ip-masq=false',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  daemon.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-6000)));
  const exited = new Promise<void>((r) => daemon.on('exit', () => r()));
  return {
    host: `tcp://${ip}:${port}`,
    env: { ...process.env, DOCKER_HOST: `tcp://${ip}:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs },
    dataRoot,
    log: () => log,
    async stop() {
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
      try {
        execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' });
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
