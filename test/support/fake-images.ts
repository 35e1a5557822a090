/**
 * An in-memory image store for FakeRuntime (opt-in: `new FakeRuntime({ images: {...} })`), modelled on
 * Docker's reference rules so image-cleanup tests mean something: a pull stores the pulled name (a tag, or a
 * `repo@digest` name for a pull by digest) plus the digest name a tag pull leaves; `untag` without force
 * refuses ('in-use') to take an image's last name while a container uses it, takes a tag's same-repository
 * digest names with it, and deletes an image left with no name. Tests only.
 */
import type { ImageClient, ImageInfo, UntagOutcome } from '../../src/runtime/types.js';
import { splitRepoTag } from '../../src/runtime/docker/images.js';

interface FakeImage {
  id: string;
  /** `repo:tag` names. */
  tags: string[];
  /** `repo@sha256:…` names (RepoDigests). */
  digests: string[];
}

export interface FakeImagesSeed {
  /** Images already in the engine: id → its tags. */
  local?: Record<string, string[]>;
  /** What a registry serves: pullable name (`host/repo:tag` or `host/repo@digest`) → image id. */
  registry?: Record<string, string>;
}

export class FakeImages implements ImageClient {
  readonly store = new Map<string, FakeImage>();
  readonly pulls: string[] = [];

  constructor(
    private readonly seed: FakeImagesSeed,
    /** Ids of the images that containers (not removed) were created from. */
    private readonly usedIds: () => string[],
  ) {
    for (const [id, tags] of Object.entries(seed.local ?? {})) this.store.set(id, { id, tags: [...tags], digests: [] });
  }

  private find(ref: string): FakeImage | undefined {
    return this.store.get(ref) ?? [...this.store.values()].find((i) => i.tags.includes(ref) || i.digests.includes(ref));
  }

  /** The image id a container created from `ref` runs (undefined: no such image). */
  resolve(ref: string): string | undefined {
    return this.find(ref)?.id;
  }

  async inspect(ref: string): Promise<ImageInfo | undefined> {
    const i = this.find(ref);
    return i && { id: i.id, tags: [...i.tags], labels: {}, created: '', sizeBytes: 1 };
  }

  async list(): Promise<ImageInfo[]> {
    return [...this.store.values()].map((i) => ({
      id: i.id,
      tags: [...i.tags],
      labels: {},
      created: '',
      sizeBytes: 1,
    }));
  }

  async pull(ref: string): Promise<void> {
    this.pulls.push(ref);
    const id = this.seed.registry?.[ref];
    if (!id) throw new Error(`manifest unknown: ${ref}`);
    const img = this.store.get(id) ?? { id, tags: [], digests: [] };
    this.store.set(id, img);
    const digestName = `${splitRepoTag(ref).repo}@sha256:${id.replace(/^sha256:/, '')}`;
    if (!img.digests.includes(digestName)) img.digests.push(digestName);
    if (!ref.includes('@')) this.moveTag(ref, img);
  }

  async tag(source: string, repoTag: string): Promise<void> {
    const img = this.find(source);
    if (!img) throw new Error(`No such image: ${source}`);
    this.moveTag(repoTag, img);
  }

  async untag(ref: string): Promise<UntagOutcome> {
    const img = this.find(ref);
    if (!img) return 'absent';
    const used = this.usedIds().includes(img.id);
    if (ref === img.id) {
      if (used || img.tags.length + img.digests.length > 1) return 'in-use';
      this.store.delete(img.id);
      return 'untagged';
    }
    if (used && this.names(img) === 1) return 'in-use';
    this.dropName(img, ref);
    if (img.tags.length + img.digests.length === 0 && !used) this.store.delete(img.id);
    return 'untagged';
  }

  async remove(ref: string): Promise<void> {
    const img = this.find(ref);
    if (img) this.dropName(img, ref);
  }

  async importTar(): Promise<string> {
    throw new Error('FakeImages: importTar is not modelled');
  }
  async build(): Promise<string> {
    throw new Error('FakeImages: build is not modelled');
  }
  async push(): Promise<void> {
    throw new Error('FakeImages: push is not modelled');
  }

  /** Docker counts a tag and digest names of its own repository as one reference (isSingleReference). */
  private names(img: FakeImage): number {
    const repos = new Set(img.tags.map((t) => splitRepoTag(t).repo));
    return img.tags.length + img.digests.filter((d) => !repos.has(splitRepoTag(d).repo)).length;
  }

  private moveTag(repoTag: string, img: FakeImage): void {
    for (const other of this.store.values()) other.tags = other.tags.filter((t) => t !== repoTag);
    img.tags.push(repoTag);
  }

  private dropName(img: FakeImage, ref: string): void {
    img.tags = img.tags.filter((t) => t !== ref);
    img.digests = img.digests.filter((d) => d !== ref);
    // A removed tag takes its repository's digest names along when no other tag of that repository remains.
    const repo = splitRepoTag(ref).repo;
    if (!ref.includes('@') && !img.tags.some((t) => splitRepoTag(t).repo === repo)) {
      img.digests = img.digests.filter((d) => splitRepoTag(d).repo !== repo);
    }
  }
}
