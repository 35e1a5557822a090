/**
 * The local happenings a watch reacts to, before any pipeline is consulted: a ref moved in a local
 * repository, an image tag pushed to the local registry, an object written to the local S3 folder.
 * Each carries what the execution it starts needs (the commit, the tag and digest, the ETag).
 */
import type { GitEvent } from './git-triggers.js';

export type LocalEvent =
  | { kind: 'git'; root: string; event: GitEvent }
  | { kind: 'ecr'; repository: string; tag: string; digest: string; time: string }
  | { kind: 's3'; bucket: string; key: string; etag: string; size: number; time: string };

/** One line for the watch's output. */
export function describeEvent(e: LocalEvent): string {
  if (e.kind === 'ecr') return `image pushed: ${e.repository}:${e.tag} (${e.digest.slice(0, 19)})`;
  if (e.kind === 's3') return `object written: s3://${e.bucket}/${e.key}`;
  const g = e.event;
  if (g.kind === 'branch') return `branch ${g.name} moved to ${g.commit.slice(0, 12)} in ${e.root}`;
  if (g.kind === 'tag') return `tag ${g.name} at ${g.commit.slice(0, 12)} in ${e.root}`;
  return `pull request ${g.id} ${g.event} (${g.commit.slice(0, 12)}) in ${e.root}`;
}
