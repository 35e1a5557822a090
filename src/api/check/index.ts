/** `codelocal check` as a library: run it, and write its reports (the CLI loads this one module lazily). */
export { runCheck } from './check.js';
export { parseShard, pickShard } from './shard.js';
export { changedFiles, isAffected } from './changed.js';
export { inventory } from './inventory.js';
export { toJunit, escapeXml } from './report-junit.js';
export { toCodeQuality } from './report-codequality.js';
export { toGithubAnnotations } from './report-github.js';
export type * from './types.js';
