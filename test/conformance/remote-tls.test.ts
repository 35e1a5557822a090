/**
 * Remote engines (issue 12): a build against a second dockerd on a TCP port with TLS, reached as the docker CLI
 * reaches one (DOCKER_HOST=tcp://..., DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH). Sources go in and artifacts come
 * out through archive copies; `--bind` is refused with BIND_MOUNT_REMOTE_ENGINE (a bind mount would name a
 * folder on the engine's machine). The build image is the tiny busybox one, copied over the two APIs
 * (save -> load), which keeps the test to seconds. The daemon is always stopped.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../src/api/build.js';
import { createDockerRuntime, transferImage, type DockerRuntime } from '../../src/runtime/index.js';
import { TINY_IMAGE, ensureTinyImage, isCI } from '../docker/helpers.js';
import { canStartDockerd, startTlsDockerd, type TlsDockerd } from './tls-engine.js';

if (!canStartDockerd && !isCI) console.warn('[remote TLS engine skipped] needs root and /usr/sbin/dockerd');

const BUILDSPEC = `version: 0.2
phases:
  build:
    commands:
      - echo "remote build sees $(cat input.txt)"
      - mkdir -p out && echo built-remotely > out/result.txt
artifacts:
  base-directory: out
  files:
    - '**/*'
`;

(canStartDockerd || isCI ? describe : describe.skip)('remote engine: dockerd over tcp with TLS', () => {
  let daemon: TlsDockerd;
  let remote: DockerRuntime;
  const made: string[] = [];

  beforeAll(async () => {
    daemon = await startTlsDockerd();
    for (let i = 0; i < 60 && !remote; i++) {
      try {
        remote = await createDockerRuntime({ env: daemon.env, pingTimeoutMs: 1_000 });
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    if (!remote) throw new Error(`the TLS dockerd did not answer: ${daemon.log()}`);
    const local = await createDockerRuntime();
    await ensureTinyImage(local);
    await transferImage(local, remote, TINY_IMAGE);
  }, 180_000);

  afterAll(async () => {
    await remote?.cleanup().catch(() => undefined);
    await daemon?.stop();
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('is found through DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH and reported as remote', async () => {
    const info = await remote.info();
    expect(info).toMatchObject({ endpoint: daemon.host, discoveredBy: 'DOCKER_HOST', remote: true, product: 'docker' });
    expect(info.dockerRootDir).toBe(daemon.dataRoot);
  });

  it('without the client certificate the engine refuses the connection (TLS is really verified)', async () => {
    const env = { ...daemon.env, DOCKER_CERT_PATH: mkdtempSync(path.join(os.tmpdir(), 'codelocal-nocerts-')) };
    made.push(env.DOCKER_CERT_PATH!);
    await expect(createDockerRuntime({ env, pingTimeoutMs: 2_000 })).rejects.toMatchObject({
      code: 'DOCKER_UNREACHABLE',
    });
  });

  it('runs a build: sources copied in, artifacts copied out, no bind mount', async () => {
    const src = mkdtempSync(path.join(os.tmpdir(), 'codelocal-remote-src-'));
    const state = mkdtempSync(path.join(os.tmpdir(), 'codelocal-remote-state-'));
    const artifacts = mkdtempSync(path.join(os.tmpdir(), 'codelocal-remote-art-'));
    made.push(src, state, artifacts);
    writeFileSync(path.join(src, 'buildspec.yml'), BUILDSPEC);
    writeFileSync(path.join(src, 'input.txt'), 'the local file');
    let log = '';
    const build = await runBuild({
      sourceDir: src,
      stateDir: state,
      image: TINY_IMAGE,
      artifactsDir: artifacts,
      runtime: remote,
      output: (t) => (log += t),
    });
    expect(build.buildStatus, log).toBe('SUCCEEDED');
    expect(log).toContain('remote build sees the local file');
    const zipOrDir = readArtifact(artifacts);
    expect(zipOrDir).toContain('built-remotely');
  });

  it('--bind is refused with BIND_MOUNT_REMOTE_ENGINE, saying what it would do there', async () => {
    const src = mkdtempSync(path.join(os.tmpdir(), 'codelocal-remote-bind-'));
    const state = mkdtempSync(path.join(os.tmpdir(), 'codelocal-remote-bstate-'));
    made.push(src, state);
    writeFileSync(path.join(src, 'buildspec.yml'), BUILDSPEC);
    writeFileSync(path.join(src, 'input.txt'), 'x');
    const err = await runBuild({ sourceDir: src, stateDir: state, image: TINY_IMAGE, bind: true, runtime: remote })
      .then((b) => b)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BIND_MOUNT_REMOTE_ENGINE' });
    expect((err as { details: string[] }).details.join('\n')).toContain('without --bind');
  });
});

/** The artifact's text wherever the build put it (a folder copy or a zip: both hold the file's bytes). */
function readArtifact(dir: string): string {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) =>
      statSync(path.join(d, n)).isDirectory() ? walk(path.join(d, n)) : [path.join(d, n)],
    );
  return walk(dir)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}
