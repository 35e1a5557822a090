/**
 * Conformance, part 2: networks, volumes, images, labelled listing, cleanup and sweep, and the privileged
 * strategy. Sweep seeds "leftovers" with the engine client exactly as a crashed process leaves them (codelocal's
 * labels with a pid that cannot be alive), since the interface rightly offers no way to forge another pid.
 */
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { packEntries } from '../../src/archive/index.js';
import { LABEL_KEEP, LABEL_RUN_ID, createDockerRuntime, resourceLabels } from '../../src/runtime/index.js';
import { capabilitiesFromMask } from '../../src/runtime/docker/capabilities.js';
import type { ConformanceContext } from './context.js';

/** Above the kernel's largest pid_max (2^22): never a live process. */
const DEAD_PID = 4_194_304 + 4242;

export function networkVolumeCases(ctx: ConformanceContext): void {
  it('networks and volumes: create, exists, inspect, alias resolution, sharing, remove', async () => {
    const rt = ctx.runtime();
    const net = `codelocal-cf-net-${rt.runId}`;
    const vol = `codelocal-cf-vol-${rt.runId}`;
    const { id } = await rt.networks.create(net, { labels: { 'codelocal.test': 'cf' } });
    await rt.volumes.create(vol);
    expect(await rt.networks.exists(net)).toBe(true);
    expect(await rt.volumes.exists(vol)).toBe(true);
    const info = await rt.networks.inspect(net);
    expect(info).toMatchObject({ id, name: net, labels: { 'codelocal.test': 'cf', [LABEL_RUN_ID]: rt.runId } });
    expect(info!.gateways.some((g) => /^\d+\.\d+\.\d+\.\d+$/.test(g))).toBe(true);

    const server = await rt.createContainer({
      image: ctx.image(),
      cmd: ['sleep', '300'],
      network: net,
      networkAliases: ['svc'],
      volumes: [{ name: vol, target: '/data' }],
    });
    await server.start();
    const client = await rt.createContainer({
      image: ctx.image(),
      cmd: ['sleep', '300'],
      network: net,
      volumes: [{ name: vol, target: '/v' }],
    });
    await client.start();
    try {
      expect(Object.keys((await server.inspect()).networks)).toContain(net);
      await server.exec(['sh', '-c', 'echo shared > /data/f']);
      expect((await client.exec(['cat', '/v/f'])).stdout).toBe('shared\n');
      const ping = await client.exec(['ping', '-c', '1', '-W', '3', 'svc']);
      expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);
    } finally {
      await client.remove();
      await server.remove();
    }
    await rt.networks.remove(net);
    await rt.volumes.remove(vol);
    expect(await rt.networks.exists(net)).toBe(false);
    expect(await rt.networks.inspect(net)).toBeUndefined();
    expect(await rt.volumes.exists(vol)).toBe(false);
  });
}

export function imageCases(ctx: ConformanceContext): void {
  it('images: importTar, build (no pull), inspect, list by label, tag, remove', async () => {
    const rt = ctx.runtime();
    const tag = `codelocal-cf/built:${rt.runId}`;
    const lines: string[] = [];
    const context = packEntries([
      { name: 'Dockerfile', content: `FROM ${ctx.image()}\nLABEL codelocal.cf=${rt.runId}\nRUN echo built > /built\n` },
    ]);
    await rt.images.build({ context, tag, labels: { 'codelocal.cf-build': 'yes' }, onProgress: (l) => lines.push(l) });
    const info = await rt.images.inspect(tag);
    expect(info?.labels).toMatchObject({ 'codelocal.cf': rt.runId, 'codelocal.cf-build': 'yes' });
    const listed = await rt.images.list({ label: [`codelocal.cf=${rt.runId}`] });
    expect(listed.map((i) => i.id)).toContain(info!.id);
    const alias = `codelocal-cf/alias:${rt.runId}`;
    await rt.images.tag(tag, alias);
    expect((await rt.images.inspect(alias))?.id).toBe(info!.id);
    const c = await rt.createContainer({ image: alias, cmd: ['cat', '/built'] });
    const io = await c.attach();
    let out = '';
    io.stdout.on('data', (b: Buffer) => (out += b.toString()));
    await c.start();
    expect(await c.wait()).toEqual({ exitCode: 0 });
    await c.remove();
    expect(out).toBe('built\n');
    await rt.images.remove(alias);
    await rt.images.remove(tag);
    expect(await rt.images.inspect(tag)).toBeUndefined();
  });

  it('images: untag removes one name, never forced: in-use while a container uses the last name, absent once gone', async () => {
    const rt = ctx.runtime();
    const only = `codelocal-cf/untag:${rt.runId}`;
    const alias = `codelocal-cf/untag-alias:${rt.runId}`;
    // An image of its own (a fresh label) so no other name of the base image keeps it.
    const context = packEntries([
      { name: 'Dockerfile', content: `FROM ${ctx.image()}\nLABEL codelocal.cf-untag=${rt.runId}\n` },
    ]);
    await rt.images.build({ context, tag: only });
    await rt.images.tag(only, alias);
    const c = await rt.createContainer({ image: only, cmd: ['true'] });
    try {
      expect(await rt.images.untag(alias)).toBe('untagged');
      expect(await rt.images.inspect(alias)).toBeUndefined();
      expect(await rt.images.untag(only)).toBe('in-use');
      expect(await rt.images.inspect(only)).toBeDefined();
    } finally {
      await c.remove();
    }
    expect(await rt.images.untag(only)).toBe('untagged');
    expect(await rt.images.inspect(only)).toBeUndefined();
    expect(await rt.images.untag(only)).toBe('absent');
  });

  it('images: save and load round-trip an image with its tag (how runner images reach another engine)', async () => {
    const rt = ctx.runtime();
    const ref = `codelocal-cf/saved:${rt.runId}`;
    await rt.images.tag(ctx.image(), ref);
    const { streamToBuffer } = await import('../../src/archive/index.js');
    const tar = await streamToBuffer(await rt.images.save(ref));
    await rt.images.remove(ref);
    expect(await rt.images.inspect(ref)).toBeUndefined();
    await rt.images.load(Readable.from([tar]));
    expect((await rt.images.inspect(ref))?.id).toBe((await rt.images.inspect(ctx.image()))?.id);
    await rt.images.remove(ref);
  });

  it('images: a failing build is IMAGE_BUILD_FAILED, a push nowhere is IMAGE_PUSH_FAILED', async () => {
    const rt = ctx.runtime();
    const context = packEntries([{ name: 'Dockerfile', content: `FROM ${ctx.image()}\nRUN exit 9\n` }]);
    await expect(rt.images.build({ context, tag: `codelocal-cf/bad:${rt.runId}` })).rejects.toMatchObject({
      code: 'IMAGE_BUILD_FAILED',
    });
    const ref = `127.0.0.1:1/codelocal-cf-push:${rt.runId}`;
    await rt.images.tag(ctx.image(), ref);
    try {
      await expect(rt.images.push(ref)).rejects.toMatchObject({ code: 'IMAGE_PUSH_FAILED' });
    } finally {
      await rt.images.remove(ref);
    }
  });
}

export function lifecycleCases(ctx: ConformanceContext): void {
  it('listResources + cleanup(): everything the run made goes, kept resources stay; idempotent', async () => {
    const base = ctx.runtime();
    const rt = await createDockerRuntime({ engine: base.engine });
    await rt.networks.create(`codelocal-cf-cn-${rt.runId}`);
    await rt.volumes.create(`codelocal-cf-cv-${rt.runId}`);
    const c = await rt.createContainer({ image: ctx.image(), cmd: ['sleep', '300'], anonymousVolumes: ['/scratch'] });
    await c.start();
    const kept = await rt.createContainer({ image: ctx.image(), cmd: ['true'], keep: true });
    expect((await kept.inspect()).labels[LABEL_KEEP]).toBe('true');
    const kinds = (await rt.listResources({ runId: rt.runId })).map((r) => r.kind).sort();
    expect(kinds).toEqual(['container', 'container', 'network', 'volume']);
    await rt.cleanup();
    await rt.cleanup();
    expect((await rt.listResources({ runId: rt.runId })).map((r) => r.id)).toEqual([kept.id]);
    await kept.remove();
  });

  it('sweep(): removes leftovers of dead processes on this host; kept, other-host and live ones stay', async () => {
    const rt = ctx.runtime();
    const runId = `cf-sweep-${rt.runId}`;
    const dead = resourceLabels({ runId, pid: DEAD_PID });
    const docker = rt.docker;
    const image = ctx.image();
    await docker.createContainer({ Image: image, Cmd: ['sleep', '300'], Labels: dead });
    await docker.createNetwork({ Name: `codelocal-cf-sweep-${rt.runId}`, Labels: dead });
    await docker.createVolume({ Name: `codelocal-cf-sweep-${rt.runId}`, Labels: dead });
    const keepLabels = resourceLabels({ runId, pid: DEAD_PID }, { keep: true });
    const kept = await docker.createContainer({ Image: image, Cmd: ['true'], Labels: keepLabels });
    const otherLabels = resourceLabels({ runId, pid: DEAD_PID, host: 'some-other-host' });
    const other = await docker.createContainer({ Image: image, Cmd: ['true'], Labels: otherLabels });
    const alive = await docker.createContainer({ Image: image, Cmd: ['true'], Labels: resourceLabels({ runId }) });
    const removed = (await rt.sweep()).filter((r) => r.labels[LABEL_RUN_ID] === runId).map((r) => r.kind);
    expect(removed.sort()).toEqual(['container', 'network', 'volume']);
    const left = (await rt.listResources({ runId })).map((r) => r.id).sort();
    expect(left).toEqual([kept.id, other.id, alive.id].sort());
    await Promise.all([kept, other, alive].map((c) => c.remove({ force: true })));
  });
}

export function privilegedCases(ctx: ConformanceContext): void {
  it('privileged: the decided strategy is what a privileged container gets (capabilities, seccomp off)', async () => {
    const rt = ctx.runtime();
    const strategy = await rt.privilegedStrategy();
    const c = await rt.createContainer({ image: ctx.image(), cmd: ['sleep', '300'], privileged: true });
    await c.start();
    try {
      const status = (await c.exec(['cat', '/proc/self/status'])).stdout;
      const effective = capabilitiesFromMask(/CapEff:\s*([0-9a-f]+)/.exec(status)![1]);
      if (strategy.kind === 'privileged') expect(effective).toEqual(expect.arrayContaining(['SYS_ADMIN', 'NET_ADMIN']));
      else expect(effective).toEqual(expect.arrayContaining(strategy.capAdd));
      expect(/Seccomp:\s*(\d)/.exec(status)?.[1]).toBe('0');
      // What nested containers need first: a mount inside the container.
      const mount = await c.exec(['sh', '-c', 'mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && echo mounted']);
      if (ctx.nestedContainers) expect(mount.stdout, mount.stderr).toBe('mounted\n');
    } finally {
      await c.remove();
    }
  });
}
