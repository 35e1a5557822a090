/**
 * Watches the local S3 folder (state folder `s3/<bucket>/<key>`) for the objects S3 source actions
 * read: any write through the local S3 endpoint (a build's `aws s3 cp`) or by the store lands
 * there. Folder watches (tree-watch.ts), debounced per key; an object counts when its ETag (the store's,
 * read through `head`) differs from the last one seen, so a rewrite of the same bytes starts nothing.
 */
import { mkdirSync } from 'node:fs';
import type { LocalS3Store } from '../../stores/index.js';
import type { LocalEvent } from './local-events.js';
import { watchTree } from './tree-watch.js';

export interface S3WatchOptions {
  store: LocalS3Store;
  /** `bucket/key` pairs to report. */
  objects: { bucket: string; key: string }[];
  debounceMs?: number;
  onEvent(e: Extract<LocalEvent, { kind: 's3' }>): void;
  onError?(e: Error): void;
}

/**
 * The `bucket/key` a changed path stands for: the object's file, or its metadata file
 * (`.meta/<bucket>/<key>.json`, written after the bytes: the ETag is final only then).
 */
function objectId(path: string): string {
  if (path.startsWith('.meta/') && path.endsWith('.json')) return path.slice('.meta/'.length, -'.json'.length);
  return path;
}

export async function watchS3(o: S3WatchOptions): Promise<{ close(): void }> {
  const root = o.store.root;
  mkdirSync(root, { recursive: true });
  const wanted = new Map(o.objects.map((x) => [`${x.bucket}/${x.key}`, x]));
  const seen = new Map<string, string>();
  for (const [id, x] of wanted) {
    const head = await o.store.head(x.bucket, x.key).catch(() => undefined);
    if (head) seen.set(id, head.etag);
  }
  const timers = new Map<string, NodeJS.Timeout>();
  const check = async (id: string) => {
    timers.delete(id);
    const x = wanted.get(id)!;
    const head = await o.store.head(x.bucket, x.key).catch(() => undefined);
    if (!head || seen.get(id) === head.etag) return;
    seen.set(id, head.etag);
    o.onEvent({
      kind: 's3',
      bucket: x.bucket,
      key: x.key,
      etag: head.etag,
      size: head.size,
      time: new Date().toISOString(),
    });
  };
  const w = watchTree(
    root,
    (name) => {
      const id = objectId(name);
      if (!id || !wanted.has(id)) return;
      clearTimeout(timers.get(id));
      timers.set(
        id,
        setTimeout(() => void check(id).catch((e: Error) => o.onError?.(e)), o.debounceMs ?? 100),
      );
    },
    o.onError,
  );
  return {
    close() {
      w.close();
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}
