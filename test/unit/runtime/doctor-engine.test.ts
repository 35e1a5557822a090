/** `doctor`'s engine lines (docs/engines.md): which engine, local or remote, rootless, and what it lacks. */
import { describe, expect, it } from 'vitest';
import { describeEngine, engineFeatures } from '../../../src/api/doctor-engine.js';
import type { EngineInfo } from '../../../src/runtime/index.js';

const base: EngineInfo = {
  endpoint: 'unix:///var/run/docker.sock',
  discoveredBy: 'default socket',
  engineId: 'x',
  serverVersion: '27.1.0',
  apiVersion: '1.46',
  os: 'Debian',
  arch: 'x86_64',
  cpus: 2,
  memoryBytes: 1,
  dockerRootDir: '/var/lib/docker',
  product: 'docker',
  remote: false,
  rootless: false,
};

describe('doctor: engine', () => {
  it('names the product, version, API, local/remote and rootless', () => {
    expect(describeEngine(base)).toBe(
      'Docker Engine 27.1.0 (API 1.46, local) at unix:///var/run/docker.sock, found via default socket',
    );
    const podman = { ...base, product: 'podman' as const, serverVersion: '4.3.1', rootless: true };
    expect(describeEngine(podman)).toMatch(/^Podman 4\.3\.1 \(API 1\.46, local, rootless\)/);
    const remote = { ...base, endpoint: 'tcp://10.0.0.5:2376', remote: true };
    expect(describeEngine(remote)).toContain('(API 1.46, remote) at tcp://10.0.0.5:2376');
  });

  it('a local rootful engine with privileged mode lacks nothing', () => {
    expect(engineFeatures(base, { kind: 'privileged' })).toMatchObject({ status: 'ok', details: [] });
  });

  it('a remote engine: --bind refused and no local AWS stand-ins (warn)', () => {
    const c = engineFeatures({ ...base, remote: true }, { kind: 'privileged' });
    expect(c.status).toBe('warn');
    expect(c.details.join('\n')).toMatch(/`--bind` is refused \(BIND_MOUNT_REMOTE_ENGINE\)[\s\S]*local AWS stand-ins/);
  });

  it('rootless or no privileged containers: nested containers are missing (warn)', () => {
    expect(engineFeatures({ ...base, rootless: true }, undefined)).toMatchObject({ status: 'warn' });
    expect(engineFeatures(base, undefined).details.join('\n')).toContain('nested containers');
  });
});
