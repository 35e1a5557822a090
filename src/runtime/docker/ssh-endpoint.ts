/**
 * DOCKER_HOST=ssh://[user@]host[:port], as the Docker CLI reads it: an SSH connection on which the remote
 * `docker system dial-stdio` carries the API (docker-modem does the dialling with ssh2). What the Docker CLI
 * gets from the `ssh` program we do here: the agent (SSH_AUTH_SOCK) or the first default key in ~/.ssh, and the
 * host key checked against ~/.ssh/known_hosts (plain or hashed entries); an unknown host is refused, never
 * trusted on first use, and the error says how to add it.
 */
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

export interface SshModemOptions {
  protocol: 'ssh';
  host: string;
  port: number;
  username: string;
  sshOptions: { agent?: string; privateKey?: Buffer; hostVerifier: (key: Buffer) => boolean };
}

function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function hostMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [salt, hash] = pattern.slice(3).split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return pattern.split(',').includes(name);
}

/** The keys known_hosts lists for this host (base64 blobs), markers such as @revoked excluded. */
export function knownHostKeys(text: string, name: string): string[] {
  const keys: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('@')) continue;
    const [hosts, , blob] = line.split(/\s+/);
    if (hosts && blob && hostMatches(hosts, name)) keys.push(blob);
  }
  return keys;
}

export function sshModemOptions(url: URL, env: NodeJS.ProcessEnv): SshModemOptions {
  const port = url.port ? Number(url.port) : 22;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const sshDir = path.join(homeOf(env), '.ssh');
  const keyFile = DEFAULT_KEYS.map((k) => path.join(sshDir, k)).find((f) => existsSync(f));
  const knownHosts = path.join(sshDir, 'known_hosts');
  const name = knownHostsName(host, port);
  return {
    protocol: 'ssh',
    host,
    port,
    username: decodeURIComponent(url.username) || env.USER || os.userInfo().username,
    sshOptions: {
      ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {}),
      ...(keyFile ? { privateKey: readFileSync(keyFile) } : {}),
      hostVerifier: (key: Buffer) => {
        const text = existsSync(knownHosts) ? readFileSync(knownHosts, 'utf8') : '';
        return knownHostKeys(text, name).includes(key.toString('base64'));
      },
    },
  };
}

/** What to do when the host key is not known (shown with the connection failure). */
export function sshHostKeyHint(url: URL): string {
  const port = url.port ? Number(url.port) : 22;
  return `the host key must be in ~/.ssh/known_hosts (check its fingerprint, then: ssh-keyscan -p ${port} ${url.hostname} >> ~/.ssh/known_hosts)`;
}
