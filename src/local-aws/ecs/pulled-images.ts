/**
 * The record of image names a state folder's ECS deploys put into the host engine
 * (`ecs/pulled-images.json`), so that they can be taken out again once no task uses them
 * (image-cleanup.ts) without ever touching an image the user had: only a name this record holds,
 * still on the image it was given, is codelocal's to remove. A name that existed before codelocal's
 * pull is never recorded. Read and written synchronously, so the parallel deploy actions of one
 * process never interleave a read-modify-write.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StateDir } from '../../workspace/index.js';

export interface PulledImage {
  /**
   * The name codelocal gave: an ECR URI `repo:tag`, the loopback `repo@digest` a pull by digest leaves, or an
   * image id (`sha256:…`) that lost codelocal's name to a newer pull of the same tag while a task still used it.
   */
  ref: string;
  /** The image the name was given to: a name now on another image is not codelocal's any more. */
  imageId: string;
  pulledAt: string;
  /** The process that pulled it: a live other process may be about to start a task from it. */
  host: string;
  pid: number;
}

export class PulledImages {
  readonly file: string;

  constructor(stateRoot: string) {
    this.file = new StateDir(stateRoot).ecsPulledImagesFile;
  }

  list(): PulledImage[] {
    if (!existsSync(this.file)) return [];
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as { images?: PulledImage[] };
      return Array.isArray(data.images) ? data.images : [];
    } catch {
      // A torn or hand-edited record forgets names (they stay in the engine); it never stops a deploy.
      return [];
    }
  }

  get(ref: string): PulledImage | undefined {
    return this.list().find((i) => i.ref === ref);
  }

  /** Adds or replaces the entry of `entry.ref`. */
  put(entry: PulledImage): void {
    this.write([...this.list().filter((i) => i.ref !== entry.ref), entry]);
  }

  drop(refs: Iterable<string>): void {
    const gone = new Set(refs);
    if (gone.size) this.write(this.list().filter((i) => !gone.has(i.ref)));
  }

  private write(images: PulledImage[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify({ images }, null, 2) + '\n');
    renameSync(`${this.file}.tmp`, this.file);
  }
}
