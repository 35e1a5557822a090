import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunnerImage } from '../../../src/images/build-runner.js';
import { LABEL_IMAGE_HASH, LABEL_IMAGE_NAME } from '../../../src/images/catalog.js';
import { EnvironmentError, type CodelocalError } from '../../../src/errors.js';
import type { BuildImageOptions, ImageClient, ImageInfo } from '../../../src/runtime/types.js';

/** An in-memory engine: enough of ImageClient to watch what the builder asks for. */
class FakeImages implements ImageClient {
  images: ImageInfo[] = [
    { id: 'sha256:base1', tags: ['codelocal/debian-bookworm-base:latest'], labels: {}, created: '', sizeBytes: 1 },
  ];
  builds: BuildImageOptions[] = [];
  removed: string[] = [];
  failWith?: string;
  private seq = 0;

  async inspect(ref: string) {
    return this.images.find((i) => i.id === ref || i.tags.includes(ref));
  }
  async list(filter: { label?: string[] } = {}) {
    return this.images.filter((i) =>
      (filter.label ?? []).every((l) => {
        const [k, v] = l.split('=');
        return v === undefined ? k in i.labels : i.labels[k] === v;
      }),
    );
  }
  async importTar(): Promise<string> {
    throw new Error('not used');
  }
  async build(options: BuildImageOptions): Promise<string> {
    this.builds.push(options);
    options.onProgress?.('Step 1/3 : FROM ${BASE_IMAGE}');
    // The engine packs several lines into one message; the step line is not always first.
    options.onProgress?.(' ---> abc123\nStep 2/3 : RUN apt-get install nothing\n');
    if (this.failWith)
      throw new EnvironmentError('IMAGE_BUILD_FAILED', `building ${options.tag} failed: ${this.failWith}`);
    const id = `sha256:built${++this.seq}`;
    this.images.push({ id, tags: [options.tag], labels: options.labels ?? {}, created: '', sizeBytes: 1 });
    return id;
  }
  async tag(source: string, repoTag: string) {
    for (const i of this.images) i.tags = i.tags.filter((t) => t !== repoTag);
    (await this.inspect(source))!.tags.push(repoTag);
  }
  async remove(ref: string) {
    this.removed.push(ref);
    for (const i of this.images) i.tags = i.tags.filter((t) => t !== ref);
  }
  async untag(): Promise<'absent'> {
    throw new Error('not used');
  }
  async pull(): Promise<void> {
    throw new Error('no registry');
  }
  async push(): Promise<void> {
    throw new Error('no registry');
  }
}

describe('buildRunnerImage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'codelocal-runner-test-'));
    await mkdir(join(dir, 'demo'));
    await writeFile(join(dir, 'demo/Dockerfile'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN true\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds FROM the base image id, never pulling, labelled with the input hash', async () => {
    const engine = new FakeImages();
    const r = await buildRunnerImage(engine, 'demo', {
      baseImage: 'codelocal/debian-bookworm-base:latest',
      dir,
      env: {},
    });
    expect(r.upToDate).toBe(false);
    expect(engine.builds).toHaveLength(1);
    const b = engine.builds[0];
    expect(b.pull).toBe(false);
    expect(b.buildArgs).toEqual({ BASE_IMAGE: 'sha256:base1' });
    expect(b.labels).toMatchObject({ [LABEL_IMAGE_HASH]: r.hash, [LABEL_IMAGE_NAME]: 'demo' });
    expect((await engine.inspect('codelocal/demo:latest'))?.id).toBe(r.id);
  });

  it('skips the build when an image with the same hash exists, and rebuilds when the base changes', async () => {
    const engine = new FakeImages();
    const first = await buildRunnerImage(engine, 'demo', { baseImage: 'sha256:base1', dir, env: {} });
    const second = await buildRunnerImage(engine, 'demo', { baseImage: 'sha256:base1', dir, env: {} });
    expect(second).toMatchObject({ upToDate: true, id: first.id, hash: first.hash });
    expect(engine.builds).toHaveLength(1);

    engine.images.push({ id: 'sha256:base2', tags: ['base2'], labels: {}, created: '', sizeBytes: 1 });
    const third = await buildRunnerImage(engine, 'demo', { baseImage: 'base2', dir, env: {} });
    expect(third.upToDate).toBe(false);
    expect(third.hash).not.toBe(first.hash);
    // The superseded image loses its tags so rebuilds do not pile up.
    expect(engine.removed).toContain(`codelocal/demo:${first.hash.slice(0, 12)}`);
  });

  it('--force rebuilds even when up to date', async () => {
    const engine = new FakeImages();
    await buildRunnerImage(engine, 'demo', { baseImage: 'sha256:base1', dir, env: {} });
    await buildRunnerImage(engine, 'demo', { baseImage: 'sha256:base1', dir, env: {}, force: true });
    expect(engine.builds).toHaveLength(2);
  });

  it('a failing step becomes IMAGE_BUILD_FAILED naming the step', async () => {
    const engine = new FakeImages();
    engine.failWith = "The command '/bin/sh -c apt-get install nothing' returned a non-zero code: 100";
    const e = (await buildRunnerImage(engine, 'demo', { baseImage: 'sha256:base1', dir, env: {} }).catch(
      (x: unknown) => x,
    )) as CodelocalError;
    expect(e.code).toBe('IMAGE_BUILD_FAILED');
    expect(e.kind).toBe('environment');
    expect(e.message).toContain('at Step 2/3 : RUN apt-get install nothing');
    expect(e.message).toContain('returned a non-zero code: 100');
  });

  it('a missing base image is IMAGE_MISSING pointing at `codelocal images build`', async () => {
    const e = (await buildRunnerImage(new FakeImages(), 'demo', { baseImage: 'nope', dir, env: {} }).catch(
      (x: unknown) => x,
    )) as CodelocalError;
    expect(e.code).toBe('IMAGE_MISSING');
    expect(e.details.join(' ')).toContain('codelocal images build');
  });
});
