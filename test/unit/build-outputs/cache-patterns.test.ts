import { describe, expect, it } from 'vitest';
import { cacheNamespace, cachePatterns, projectCachesPaths } from '../../../src/engine/codebuild/cache-sync.js';
import { defaultProject } from '../../../src/model/project-types.js';

const SRC = '/codebuild/output/src1/src';

describe('cache paths', () => {
  it('docs/aws/codebuild.md §1.11: relative paths start at CODEBUILD_SRC_DIR, absolute ones stay (/root/.m2/**/*)', () => {
    const [rel, abs] = cachePatterns(['node_modules/**/*', '/root/.m2/**/*'], SRC);
    expect(rel!.root).toBe(`${SRC}/node_modules`);
    expect(rel!.match('codebuild/output/src1/src/node_modules/.bin/tsc')).toBe(true);
    expect(rel!.match('codebuild/output/src1/src/package.json')).toBe(false);
    expect(abs!.root).toBe('/root/.m2');
    expect(abs!.match('root/.m2/repository/a.jar')).toBe(true);
  });

  it('a literal path is its own root', () => {
    expect(cachePatterns(['./vendor/cache.tar'], SRC)[0]!.root).toBe(`${SRC}/vendor/cache.tar`);
  });

  it('cache modes: NO_CACHE and S3 cache paths locally, LOCAL only with LOCAL_CUSTOM_CACHE', () => {
    const p = defaultProject('demo');
    expect(projectCachesPaths(p)).toBe(true);
    expect(projectCachesPaths({ ...p, cache: { type: 'S3', location: 'bucket/prefix', modes: [] } })).toBe(true);
    expect(projectCachesPaths({ ...p, cache: { type: 'LOCAL', modes: ['LOCAL_DOCKER_LAYER_CACHE'] } })).toBe(false);
    expect(projectCachesPaths({ ...p, cache: { type: 'LOCAL', modes: ['LOCAL_CUSTOM_CACHE'] } })).toBe(true);
  });

  it('projects sharing an S3 cache location share a namespace', () => {
    const p = defaultProject('demo');
    expect(cacheNamespace(p)).toBe('demo');
    expect(cacheNamespace({ ...p, cache: { type: 'S3', location: 'bucket/prefix', modes: [] } })).toBe('bucket/prefix');
  });
});
