/** Images: inspect, list, `docker import`, build (never pulling), tag, remove, and pull/push where a registry exists. */
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { EnvironmentError } from '../../errors.js';
import type { BuildImageOptions, ImageClient, ImageInfo, PushImageOptions, UntagOutcome } from '../types.js';
import { engineMessage, ignoreGone, isNotFound, orUndefinedWhenMissing, statusOf } from './api-errors.js';
import { ProgressStreamError, progressText, readProgress, type ProgressMessage } from './progress.js';

/** `registry:5000/team/app:1.2` → repo `registry:5000/team/app`, tag `1.2` (a colon before the last / is a port). */
export function splitRepoTag(ref: string): { repo: string; tag?: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { repo: ref.slice(0, at) };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repo: ref };
}

function tailLines(messages: ProgressMessage[], n: number): string[] {
  return messages
    .map(progressText)
    .filter((t): t is string => t !== undefined && t.trim() !== '')
    .slice(-n);
}

export class DockerImageClient implements ImageClient {
  constructor(private readonly docker: Docker) {}

  async inspect(ref: string): Promise<ImageInfo | undefined> {
    const info = await orUndefinedWhenMissing(this.docker.getImage(ref).inspect());
    if (!info) return undefined;
    return {
      id: info.Id,
      tags: info.RepoTags ?? [],
      labels: info.Config?.Labels ?? {},
      created: info.Created,
      sizeBytes: info.Size,
    };
  }

  async list(filter: { label?: string[]; reference?: string } = {}): Promise<ImageInfo[]> {
    const filters: Record<string, string[]> = {};
    if (filter.label?.length) filters.label = filter.label;
    if (filter.reference) filters.reference = [filter.reference];
    const images = await this.docker.listImages(Object.keys(filters).length ? { filters } : {});
    return images.map((i) => ({
      id: i.Id,
      tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
      labels: i.Labels ?? {},
      created: new Date(i.Created * 1000).toISOString(),
      sizeBytes: i.Size,
    }));
  }

  async importTar(rootfs: Readable, repoTag: string, options: { changes?: string[] } = {}): Promise<string> {
    const { repo, tag } = splitRepoTag(repoTag);
    const stream = await this.docker.importImage(rootfs, { repo, tag: tag ?? 'latest', changes: options.changes });
    let messages: ProgressMessage[];
    try {
      messages = await readProgress(stream);
    } catch (e) {
      throw new EnvironmentError('IMAGE_IMPORT_FAILED', `importing ${repoTag} failed: ${(e as Error).message}`, {
        cause: e,
      });
    }
    // The last status line of an import is the new image id.
    const id = [...messages].reverse().find((m) => m.status?.startsWith('sha256:'))?.status;
    return id ?? (await this.inspect(repoTag))?.id ?? repoTag;
  }

  async build(options: BuildImageOptions): Promise<string> {
    const stream = await this.docker.buildImage(options.context, {
      t: options.tag,
      // Only the fields that are set: Podman's API answers 400 to an empty `dockerfile=` or `buildargs=`.
      ...definedOnly({ dockerfile: options.dockerfile, buildargs: options.buildArgs, labels: options.labels }),
      // No registry is reachable in the places codelocal runs: a FROM must resolve locally.
      pull: false,
      ...(options.noCache ? { nocache: true } : {}),
      rm: true,
      forcerm: true,
    });
    let messages: ProgressMessage[];
    try {
      messages = await readProgress(stream, (m) => {
        const text = progressText(m);
        if (text !== undefined && options.onProgress) options.onProgress(text);
      });
    } catch (e) {
      const partial = e instanceof ProgressStreamError ? e.messages : [];
      throw new EnvironmentError('IMAGE_BUILD_FAILED', `building ${options.tag} failed: ${(e as Error).message}`, {
        details: tailLines(partial, 20),
        cause: e,
      });
    }
    const aux = messages.find((m) => m.aux?.ID)?.aux?.ID;
    if (aux) return aux;
    const built = messages.map((m) => /Successfully built ([0-9a-f]+)/.exec(m.stream ?? '')?.[1]).find(Boolean);
    return built ?? (await this.inspect(options.tag))?.id ?? options.tag;
  }

  async tag(source: string, repoTag: string): Promise<void> {
    const { repo, tag } = splitRepoTag(repoTag);
    await this.docker.getImage(source).tag({ repo, tag: tag ?? 'latest' });
  }

  async remove(ref: string): Promise<void> {
    await ignoreGone(this.docker.getImage(ref).remove({ force: true }));
  }

  async untag(ref: string): Promise<UntagOutcome> {
    try {
      await this.docker.getImage(ref).remove({ force: false });
      return 'untagged';
    } catch (e) {
      if (isNotFound(e)) return 'absent';
      // 409: "conflict: unable to remove repository reference ... container X is using its referenced image"
      // (Docker), "image used by container" (Podman); another remover may be at it too ("already in progress").
      if (statusOf(e) === 409) return /already in progress/i.test(engineMessage(e)) ? 'absent' : 'in-use';
      throw e;
    }
  }

  async pull(ref: string, onProgress?: (line: string) => void): Promise<void> {
    try {
      const stream = await this.docker.pull(ref);
      await readProgress(stream, (m) => {
        const text = progressText(m);
        if (text !== undefined && onProgress) onProgress(text);
      });
    } catch (e) {
      throw new EnvironmentError('IMAGE_PULL_FAILED', `could not pull ${ref}: ${engineMessage(e)}`, {
        details: ['no registry may be reachable from here: build or import the image locally instead'],
        cause: e,
      });
    }
  }

  async push(ref: string, options: PushImageOptions = {}): Promise<void> {
    // The engine insists on an auth header; a registry that wants no credentials gets just its address.
    const authconfig = options.auth ?? { serveraddress: ref.split('/')[0] };
    try {
      const stream = (await this.docker.getImage(ref).push({ authconfig })) as AsyncIterable<unknown>;
      await readProgress(stream, (m) => {
        const text = progressText(m);
        if (text !== undefined && options.onProgress) options.onProgress(text);
      });
    } catch (e) {
      throw new EnvironmentError('IMAGE_PUSH_FAILED', `pushing ${ref} failed: ${engineMessage(e)}`, { cause: e });
    }
  }

  /** `docker save`: a tar of one image (layers, config, its tag), to load into another engine. */
  async save(ref: string): Promise<Readable> {
    return (await this.docker.getImage(ref).get()) as unknown as Readable;
  }

  /** `docker load`: the images of a `save` tar, tags included. */
  async load(tar: Readable): Promise<void> {
    try {
      await readProgress(await this.docker.loadImage(tar, { quiet: true }));
    } catch (e) {
      throw new EnvironmentError('IMAGE_IMPORT_FAILED', `loading images failed: ${engineMessage(e)}`, { cause: e });
    }
  }
}

/** The entries whose value is not undefined (query parameters an engine must not see empty). */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
