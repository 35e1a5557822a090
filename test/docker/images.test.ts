/**
 * The runner image against a real engine: offline build (skipped when up to date), and that the image is
 * what runtimes.yml and the CodeBuild docs promise (docs/aws/codebuild.md §6, §1.8 runtime-versions).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildImages } from '../../src/images/images-service.js';
import { STANDARD_IMAGE } from '../../src/images/catalog.js';
import type { Container, ContainerRuntime } from '../../src/runtime/types.js';
import { describeDocker, getRuntime } from './helpers.js';

interface RuntimesYml {
  version: number | string;
  runtimes: Record<string, { versions: Record<string, { commands: string[] }> }>;
}

describeDocker('codelocal/standard runner image', () => {
  let runtime: ContainerRuntime;
  let box: Container | undefined;

  /** Runs a shell script in the long-lived container; fails the test with the output when it fails. */
  async function sh(script: string): Promise<string> {
    const r = await box!.exec(['bash', '-c', script]);
    if (r.exitCode !== 0) throw new Error(`exit ${r.exitCode}: ${script}\n${r.stdout}${r.stderr}`);
    return r.stdout + r.stderr;
  }

  beforeAll(async () => {
    runtime = await getRuntime();
  });

  afterAll(async () => {
    await box?.remove();
  });

  it('builds offline, and a second build is up to date in under 10 s', { timeout: 45 * 60_000 }, async () => {
    // Cold on a fresh machine (debootstrap + Dockerfile: minutes); .ci/run builds before the tests.
    const first = await buildImages(runtime.images, { name: 'standard' });
    expect(first.map((r) => r.name)).toEqual(['base', 'standard']);

    const start = performance.now();
    const second = await buildImages(runtime.images, { name: 'standard' });
    const seconds = (performance.now() - start) / 1000;
    expect(second.map((r) => r.status)).toEqual(['up-to-date', 'up-to-date']);
    expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(seconds).toBeLessThan(10);

    box = await runtime.createContainer({ image: STANDARD_IMAGE, cmd: ['sleep', '900'] });
    await box.start();
  });

  it('docs/aws/codebuild.md §6: /bin/sh is dash, bash exists, default locale is POSIX', async () => {
    expect((await sh('readlink -f /bin/sh')).trim()).toBe('/usr/bin/dash');
    expect(await sh('bash --version')).toMatch(/GNU bash/);
    expect((await sh('echo "[${LANG:-}][${LC_ALL:-}]"')).trim()).toBe('[][]');
  });

  it('docs/aws/codebuild.md §1.8: every runtimes.yml version exists and its commands select it', async () => {
    const yml = parse(await sh('cat /codebuild/image/config/runtimes.yml')) as RuntimesYml;
    expect(String(yml.version)).toBe('0.1');
    expect(Object.keys(yml.runtimes).sort()).toEqual(['golang', 'java', 'nodejs', 'python']);
    const probes: Record<string, [string, (v: string) => RegExp]> = {
      golang: ['go version', (v) => new RegExp(`go version go${v.replace('.', '\\.')}(\\.\\d+)? `)],
      nodejs: ['node --version && npm --version', (v) => new RegExp(`^v${v}\\.\\d+\\.\\d+\\n\\d+\\.`, 'm')],
      python: [
        'python --version && python3 --version && pip --version',
        (v) => new RegExp(`Python ${v.replace('.', '\\.')}`),
      ],
      java: [
        'java -version 2>&1; echo "JAVA_HOME=$JAVA_HOME"; "$JAVA_HOME/bin/javac" -version 2>&1',
        () => /version "17\.[\s\S]*javac 17\./,
      ],
    };
    for (const [name, rt] of Object.entries(yml.runtimes)) {
      for (const [version, def] of Object.entries(rt.versions)) {
        const [probe, expected] = probes[name];
        // As the build engine does: the selection commands and later commands share one shell.
        const out = await sh([...def.commands, probe].join('\n'));
        expect(out, `${name} ${version}`).toMatch(expected(version));
      }
    }
    expect(Object.keys(yml.runtimes.golang.versions)).toEqual(['1.21', '1.22', '1.23']);
    expect(Object.keys(yml.runtimes.nodejs.versions)).toEqual(['18', '20', '22']);
    expect(Object.keys(yml.runtimes.java.versions)).toEqual(['corretto17']);
  });

  it('defaults without runtime selection: nodejs 18, python 3.11, golang 1.21, java 17, GOPATH=/go', async () => {
    expect(await sh('node --version')).toMatch(/^v18\./);
    expect(await sh('python3 --version')).toMatch(/^Python 3\.11\./);
    expect(await sh('go version')).toMatch(/go1\.21\./);
    expect(await sh('java -version 2>&1')).toMatch(/version "17\./);
    expect((await sh('echo $GOPATH')).trim()).toBe('/go');
  });

  it('has the tools buildspecs call, and pip may install into the system Python as on CodeBuild', async () => {
    await sh(
      'for t in git curl wget zip unzip jq tar gzip xz sudo ssh less ps make gcc python3 pip3 npm npx; do command -v $t; done',
    );
    await sh('python3 -m venv /tmp/venv && /tmp/venv/bin/python --version');
    expect(await sh('test ! -e /usr/lib/python3.11/EXTERNALLY-MANAGED && echo ok')).toContain('ok');
  });

  it('AWS CLI v2 is at least 2.13 (so AWS_ENDPOINT_URL is honoured)', async () => {
    const out = await sh('aws --version');
    const m = /aws-cli\/(\d+)\.(\d+)\./.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![1]) * 1000 + Number(m![2])).toBeGreaterThanOrEqual(2013);
    // A bogus endpoint must be the one contacted (no real AWS is reachable here anyway).
    const r = await box!.exec([
      'bash',
      '-c',
      'AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 aws s3 ls --cli-read-timeout 2 --cli-connect-timeout 2',
    ]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('http://127.0.0.1:9');
  });

  it('docker, dockerd and containerd are installed; codebuild-user exists', async () => {
    await sh(
      'docker --version && dockerd --version && containerd --version && test -x /usr/local/bin/dockerd-entrypoint.sh',
    );
    expect(await sh('id codebuild-user')).toMatch(/uid=\d+\(codebuild-user\)/);
  });

  it('docs/aws/codebuild.md §6: without privileges the entrypoint still runs the command and docker cannot connect', async () => {
    // Unprivileged container through the image's own ENTRYPOINT (dockerd-entrypoint.sh).
    const c = await runtime.createContainer({ image: STANDARD_IMAGE, cmd: ['sleep', '120'] });
    try {
      const start = performance.now();
      await c.start();
      let r = await c.exec(['sh', '-c', 'test -f /var/log/docker.log && ! pgrep -x dockerd && echo settled']);
      while (!r.stdout.includes('settled') && performance.now() - start < 20_000) {
        await new Promise((res) => setTimeout(res, 250));
        r = await c.exec(['sh', '-c', 'test -f /var/log/docker.log && ! pgrep -x dockerd && echo settled']);
      }
      expect(r.stdout).toContain('settled');
      expect((await c.inspect()).running).toBe(true);
      const info = await c.exec(['docker', 'info']);
      expect(info.exitCode).not.toBe(0);
      expect(info.stdout + info.stderr).toContain('Cannot connect to the Docker daemon');
    } finally {
      await c.remove();
    }
  });
});
