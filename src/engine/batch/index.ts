/** The batch engine's face (docs/aws/codebuild.md §1.7, §7.1): resolve a batch's target and plan, and run it. */
export { resolveBatchTarget, type BatchTarget } from './batch-target.js';
export { runBatch } from './run-batch.js';
export type { BatchMember, BuildBatch } from './batch-types.js';
