/**
 * `--shard I/N`: a stable split of check's items over N CI machines, as vitest and playwright split a
 * suite. Items are sorted by their path relative to the folder check ran in (byte order, the same on
 * every machine and OS) and dealt round-robin: the k-th item (0-based) goes to shard (k mod N) + 1. So
 * the shards together hold every item exactly once, and their sizes differ by at most one.
 */
import { InputError } from '../../errors.js';
import type { Shard } from './types.js';

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total)
    throw new InputError('FLAG_INVALID', `--shard expects I/N with 1 <= I <= N (e.g. 2/3), got '${text}'`);
  return { index, total };
}

export function pickShard<T>(items: readonly T[], key: (item: T) => string, shard: Shard | undefined): T[] {
  if (!shard) return [...items];
  const sorted = [...items].sort((a, b) => {
    const ka = Buffer.from(key(a));
    const kb = Buffer.from(key(b));
    return Buffer.compare(ka, kb);
  });
  return sorted.filter((_, k) => k % shard.total === shard.index - 1);
}
