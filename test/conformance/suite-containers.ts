/**
 * Conformance, part 1: the container half of ContainerRuntime (create, attach, start, exec, archives, wait,
 * inspect, stop, kill, remove, forget, getContainer, labels). Written against the interface only, so the
 * same cases judge any engine codelocal talks to (dockerd, Podman's Docker API, a remote dockerd).
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packEntries, readTarEntries } from '../../src/archive/index.js';
import {
  LABEL_HOST,
  LABEL_PID,
  LABEL_RUN_ID,
  LABEL_TOOL,
  type Container,
  type ContainerRuntime,
  type ContainerSpec,
} from '../../src/runtime/index.js';
import type { ConformanceContext } from './context.js';

async function started(rt: ContainerRuntime, image: string, spec: Partial<ContainerSpec> = {}): Promise<Container> {
  const c = await rt.createContainer({ image, cmd: ['sleep', '300'], ...spec });
  await c.start();
  return c;
}

export function containerCases(ctx: ConformanceContext): void {
  let c: Container;
  beforeAll(async () => {
    c = await started(ctx.runtime(), ctx.image());
  });
  afterAll(async () => c?.remove());

  it('info(): endpoint, discovery, versions, id', async () => {
    const info = await ctx.runtime().info();
    expect(info.endpoint).toMatch(/^(unix|tcp|ssh):\/\//);
    expect(info.discoveredBy).toBeTruthy();
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    expect(info.apiVersion).toMatch(/^\d+\.\d+$/);
    expect(info.engineId).toBeTruthy();
    expect(info.cpus).toBeGreaterThan(0);
  });

  it('exec: separate stdout/stderr, exit code, env, working dir, user, stdin', async () => {
    expect(await c.exec(['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({
      exitCode: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    const r = await c.exec(['sh', '-c', 'echo "$GREETING $(pwd) $(id -u)"'], {
      env: { GREETING: 'hi' },
      workingDir: '/tmp',
      user: '65534',
    });
    expect(r.stdout).toBe('hi /tmp 65534\n');
    expect((await c.exec(['wc', '-c'], { stdin: Buffer.alloc(70_000, 97) })).stdout.trim()).toBe('70000');
    expect((await c.exec(['cat'], { stdin: Readable.from(['a', 'b']) })).stdout).toBe('ab');
  });

  it('exec: streams output through callbacks as it is produced', async () => {
    const chunks: string[] = [];
    const r = await c.exec(['sh', '-c', 'echo one; sleep 0.3; echo two'], {
      onStdout: (b) => chunks.push(b.toString()),
    });
    expect(r.exitCode).toBe(0);
    expect(chunks.join('')).toBe('one\ntwo\n');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
  });

  it('putArchive/getArchive: files, modes and symlinks round-trip', async () => {
    await c.putArchive(
      packEntries([
        { name: 'cf', type: 'directory' },
        { name: 'cf/a.txt', content: 'alpha\n', mode: 0o640 },
        { name: 'cf/run.sh', content: '#!/bin/sh\necho ran\n', mode: 0o755 },
        { name: 'cf/link', type: 'symlink', linkname: 'a.txt' },
      ]),
      '/tmp',
    );
    expect((await c.exec(['/tmp/cf/run.sh'])).stdout).toBe('ran\n');
    expect((await c.exec(['cat', '/tmp/cf/link'])).stdout).toBe('alpha\n');
    const seen: Record<string, number> = {};
    // Docker names the top folder `cf/`, Podman `cf`: both are the folder itself.
    for await (const e of readTarEntries(await c.getArchive('/tmp/cf'))) {
      seen[e.header.name.replace(/\/$/, '')] = e.header.mode ?? 0;
    }
    expect(Object.keys(seen).sort()).toEqual(['cf', 'cf/a.txt', 'cf/link', 'cf/run.sh']);
    expect(seen['cf/a.txt'] & 0o777).toBe(0o640);
    expect(seen['cf/run.sh'] & 0o777).toBe(0o755);
  });

  it('labels every container with tool, run id, pid and host; caller labels kept', async () => {
    const rt = ctx.runtime();
    const x = await rt.createContainer({ image: ctx.image(), cmd: ['true'], labels: { 'codelocal.role': 'probe' } });
    try {
      const state = await x.inspect();
      expect(state.labels).toMatchObject({
        [LABEL_TOOL]: 'true',
        [LABEL_RUN_ID]: rt.runId,
        [LABEL_PID]: String(process.pid),
        'codelocal.role': 'probe',
      });
      expect(state.labels[LABEL_HOST]).toBeTruthy();
      expect(state.running).toBe(false);
      expect(state.exitCode).toBeNull();
    } finally {
      await x.remove();
    }
  });

  it('attach before start sees all output; wait gives the exit code; inspect after the end', async () => {
    const x = await ctx.runtime().createContainer({ image: ctx.image(), cmd: ['sh', '-c', 'echo hello; exit 7'] });
    const io = await x.attach();
    let out = '';
    io.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const ended = new Promise((r) => io.stdout.on('end', r));
    await x.start();
    expect(await x.wait()).toEqual({ exitCode: 7 });
    await ended;
    expect(out).toBe('hello\n');
    expect(await x.inspect()).toMatchObject({ running: false, exitCode: 7 });
    await x.remove();
    await x.remove(); // idempotent
  });

  it('attach: stdin reaches the main process while it runs, its answers stream back (the agent protocol)', async () => {
    const x = await ctx.runtime().createContainer({
      image: ctx.image(),
      cmd: ['sh', '-c', 'while read -r line; do echo "got $line"; [ "$line" = bye ] && exit 0; done'],
      openStdin: true,
    });
    const io = await x.attach();
    let out = '';
    io.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await x.start();
    io.stdin.write('ping\n');
    for (let i = 0; i < 50 && !out.includes('got ping'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toBe('got ping\n');
    io.stdin.write('bye\n');
    expect(await x.wait()).toEqual({ exitCode: 0 });
    await x.remove();
  });

  it('entrypoint [] clears the image entrypoint (the command runs as given)', async () => {
    const rt = ctx.runtime();
    const tag = `codelocal-cf/entry:${rt.runId}`;
    const context = packEntries([
      { name: 'Dockerfile', content: `FROM ${ctx.image()}\nENTRYPOINT ["echo", "from-entrypoint"]\n` },
    ]);
    await rt.images.build({ context, tag });
    try {
      const cases: [string[] | undefined, string][] = [
        [undefined, 'from-entrypoint echo plain\n'],
        [[], 'plain\n'],
      ];
      for (const [entrypoint, expected] of cases) {
        const x = await rt.createContainer({ image: tag, cmd: ['echo', 'plain'], entrypoint });
        const io = await x.attach();
        let out = '';
        io.stdout.on('data', (b: Buffer) => (out += b.toString()));
        await x.start();
        await x.wait();
        await new Promise((r) => setTimeout(r, 50));
        await x.remove();
        expect(out).toBe(expected);
      }
    } finally {
      await rt.images.remove(tag);
    }
  });

  it('stop and kill end a running container; getContainer finds it by id and name, not after remove', async () => {
    const rt = ctx.runtime();
    const x = await started(rt, ctx.image());
    expect((await rt.getContainer(x.id))?.name).toBe(x.name);
    expect((await rt.getContainer(x.name))?.id).toBe(x.id);
    await x.stop(1);
    expect((await x.inspect()).running).toBe(false);
    await x.start();
    await x.kill('SIGKILL');
    await x.wait();
    await x.kill(); // already ended: no error
    await x.remove();
    expect(await rt.getContainer(x.id)).toBeUndefined();
  });

  it('autoRemove + forget: the engine removes the container when its process ends', async () => {
    const rt = ctx.runtime();
    const x = await rt.createContainer({ image: ctx.image(), cmd: ['true'], autoRemove: true });
    await x.start();
    x.forget();
    for (let i = 0; i < 100 && (await rt.getContainer(x.id)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await rt.getContainer(x.id)).toBeUndefined();
  });

  it('a missing image is IMAGE_MISSING (no pull)', async () => {
    await expect(
      ctx.runtime().createContainer({ image: 'codelocal-test/not-there:never', cmd: ['true'] }),
    ).rejects.toMatchObject({ code: 'IMAGE_MISSING' });
  });
}
