/** `--shard I/N`: parsing, and shards that together hold every item exactly once (docs/check.md "Sharding"). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, pickShard, runCheck } from '../../../src/api/check/index.js';
import { buildspec, writeFiles, writeRepo } from './fixture-repo.js';

describe('--shard', () => {
  it('parses I/N and refuses what is not 1 <= I <= N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1', 'a/b', '1/2/3'])
      expect(() => parseShard(bad)).toThrow(expect.objectContaining({ code: 'FLAG_INVALID' }));
  });

  it('any N shards cover every item exactly once, sizes within one of each other', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), (paths, total) => {
        const shards = Array.from({ length: total }, (_, i) => pickShard(paths, (p) => p, { index: i + 1, total }));
        expect(shards.flat().sort()).toEqual([...paths].sort());
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('does not depend on the order items were found in', () => {
    const paths = ['b/buildspec.yml', 'a/buildspec.yml', 'c/pipeline.json', 'a/b/buildspec.yml'];
    const shard = { index: 1, total: 2 };
    expect(pickShard(paths, (p) => p, shard)).toEqual(pickShard([...paths].reverse(), (p) => p, shard));
  });

  it('check --shard 1/3, 2/3, 3/3 over a repository cover every item exactly once', async () => {
    const root = mkdtempSync(join(tmpdir(), 'check-shard-'));
    try {
      writeRepo(root);
      for (let i = 0; i < 10; i++) writeFiles(root, { [`gen/s${i}/buildspec.yml`]: buildspec(`echo ${i}`) });
      const all = (await runCheck({ cwd: root })).items.map((r) => r.item.file).sort();
      const parts = [];
      for (let index = 1; index <= 3; index++)
        parts.push(...(await runCheck({ cwd: root, shard: { index, total: 3 } })).items.map((r) => r.item.file));
      expect(all.length).toBe(16);
      expect(parts.sort()).toEqual(all);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
