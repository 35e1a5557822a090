/**
 * Pure parts of engine support (docs/engines.md): which product answers, remote endpoints, the refusal of host
 * bind mounts on them, Podman's rlimit errors, and the ssh:// endpoint (keys, known_hosts, host-key refusal).
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverEngine, isRemoteEndpoint } from '../../../src/runtime/docker/discovery.js';
import { isRootless, productOf } from '../../../src/runtime/docker/engine-facts.js';
import { refuseHostBinds } from '../../../src/runtime/docker/remote-binds.js';
import { refusedRlimit } from '../../../src/runtime/docker/rlimits.js';
import { knownHostKeys, knownHostsName, sshModemOptions } from '../../../src/runtime/docker/ssh-endpoint.js';

describe('engine facts', () => {
  it('tells Podman from Docker Engine by the version components', () => {
    expect(productOf({ Components: [{ Name: 'Podman Engine' }, { Name: 'Conmon' }] })).toBe('podman');
    expect(productOf({ Components: [{ Name: 'Engine' }, { Name: 'containerd' }] })).toBe('docker');
    expect(productOf({})).toBe('docker');
  });

  it('reads rootless from the security options', () => {
    expect(isRootless(['name=seccomp,profile=default', 'name=rootless'])).toBe(true);
    expect(isRootless(['name=seccomp,profile=default'])).toBe(false);
    expect(isRootless(undefined)).toBe(false);
  });
});

describe('remote engines', () => {
  it('a unix socket or loopback tcp is this machine; other tcp hosts and ssh are remote', () => {
    expect(isRemoteEndpoint('unix:///var/run/docker.sock')).toBe(false);
    expect(isRemoteEndpoint('tcp://127.0.0.1:2375')).toBe(false);
    expect(isRemoteEndpoint('tcp://localhost:2376')).toBe(false);
    expect(isRemoteEndpoint('tcp://[::1]:2376')).toBe(false);
    expect(isRemoteEndpoint('tcp://10.0.0.5:2376')).toBe(true);
    expect(isRemoteEndpoint('tcp://docker:2375')).toBe(true);
    expect(isRemoteEndpoint('ssh://me@127.0.0.1')).toBe(true);
  });

  it('refuses host bind mounts with BIND_MOUNT_REMOTE_ENGINE, saying what --bind would do there', () => {
    expect(() => refuseHostBinds({ image: 'x' }, 'tcp://h:2376')).not.toThrow();
    let err: { code?: string; message?: string; details?: string[] } = {};
    try {
      refuseHostBinds({ image: 'x', binds: [{ source: '/src', target: '/codebuild/output/src1' }] }, 'tcp://h:2376');
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe('BIND_MOUNT_REMOTE_ENGINE');
    expect(err.message).toContain('tcp://h:2376');
    expect(err.details!.join('\n')).toMatch(
      /\/src -> \/codebuild\/output\/src1[\s\S]*empty folder[\s\S]*without --bind/,
    );
  });
});

describe('podman rlimits', () => {
  it('names the limit runc could not set', () => {
    expect(
      refusedRlimit('error setting rlimits for ready process: error setting rlimit type 7: operation not permitted'),
    ).toBe('nofile');
    expect(refusedRlimit('error setting rlimit type 6: operation not permitted')).toBe('nproc');
    expect(refusedRlimit('no such file or directory')).toBeUndefined();
  });
});

describe('ssh:// endpoints', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'codelocal-ssh-unit-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const blob = Buffer.from('the-host-key').toString('base64');

  it('matches plain and hashed known_hosts entries, with [host]:port for other ports', () => {
    expect(knownHostsName('h', 22)).toBe('h');
    expect(knownHostsName('h', 2222)).toBe('[h]:2222');
    const salt = Buffer.from('0123456789abcdefghij');
    const hash = createHmac('sha1', salt).update('[10.0.0.9]:2222').digest('base64');
    const text = [
      '# comment',
      `other,h ssh-ed25519 ${blob}`,
      `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${blob}`,
      `@revoked h ssh-ed25519 AAAA`,
    ].join('\n');
    expect(knownHostKeys(text, 'h')).toEqual([blob]);
    expect(knownHostKeys(text, '[10.0.0.9]:2222')).toEqual([blob]);
    expect(knownHostKeys(text, 'unknown')).toEqual([]);
  });

  it('takes user, port, the default key and verifies the host key against known_hosts', () => {
    mkdirSync(path.join(home, '.ssh'), { recursive: true });
    writeFileSync(path.join(home, '.ssh', 'id_ed25519'), 'KEY');
    writeFileSync(path.join(home, '.ssh', 'known_hosts'), `[build.example]:2200 ssh-ed25519 ${blob}\n`);
    const o = sshModemOptions(new URL('ssh://ci@build.example:2200'), { HOME: home });
    expect(o).toMatchObject({ protocol: 'ssh', host: 'build.example', port: 2200, username: 'ci' });
    expect(o.sshOptions.privateKey?.toString()).toBe('KEY');
    expect(o.sshOptions.hostVerifier(Buffer.from('the-host-key'))).toBe(true);
    expect(o.sshOptions.hostVerifier(Buffer.from('another-key'))).toBe(false);
    const noPort = sshModemOptions(new URL('ssh://build.example'), { HOME: home, USER: 'me' });
    expect(noPort).toMatchObject({ port: 22, username: 'me' });
    expect(noPort.sshOptions.hostVerifier(Buffer.from('the-host-key'))).toBe(false);
  });

  it('an unreachable ssh:// engine is DOCKER_UNREACHABLE naming the endpoint (no fallback)', async () => {
    const err = (await discoverEngine({
      env: { DOCKER_HOST: 'ssh://me@127.0.0.1:1', HOME: home },
      pingTimeoutMs: 3_000,
    }).catch((e: unknown) => e)) as { code: string; details: string[] };
    expect(err.code).toBe('DOCKER_UNREACHABLE');
    expect(err.details[0]).toContain('DOCKER_HOST ssh://me@127.0.0.1:1');
  });
});
