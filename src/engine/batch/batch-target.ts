/**
 * What a batch build runs (docs/aws/codebuild.md §1.7, §7.1): the project, the buildspec holding the batch
 * section, and the expanded plan. Everything is read and checked, with every member's buildspec,
 * before any container starts: a typo fails in a second, not after the first members ran. The
 * project and buildspec are chosen exactly as for a single build (engine/codebuild/prepare-build.ts).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../errors.js';
import { type CodeBuildProject, parseBatch, parseBuildspec } from '../../model/index.js';
import { planBatch, type BatchPlan } from '../../plan/index.js';
import type { Workspace } from '../../workspace/index.js';
import {
  type BuildOptions,
  existingSourceDir,
  hostBuildspecPath,
  locateBuildspec,
  resolveProject,
} from '../codebuild/index.js';

export interface BatchTarget {
  sourceDir: string;
  project: CodeBuildProject;
  /** Where the batch section came from (a path, or a label for an inline buildspec). */
  batchspec: string;
  plan: BatchPlan;
}

const MEMBER_HINT = 'buildspec paths in a batch are relative to the source folder';

export function resolveBatchTarget(ws: Workspace, options: BuildOptions): BatchTarget {
  const sourceDir = existingSourceDir(options.sourceDir);
  const project = resolveProject(ws, options, sourceDir);
  const spec = locateBuildspec(options.buildspec, project, sourceDir);
  // The whole buildspec must be valid, not only its batch section: members without a buildspec run it.
  parseBuildspec(spec.text, spec.file);
  const batch = parseBatch(spec.text, spec.file);
  if (!batch) {
    throw new InputError('BATCH_MISSING', `${spec.file} has no batch section; run it with codelocal build`, {
      details: ['a batch needs batch: with one of build-graph, build-list, build-matrix, build-fanout'],
    });
  }
  const plan = planBatch(batch);
  for (const other of new Set(plan.builds.flatMap((b) => (b.buildspec ? [b.buildspec] : [])))) {
    const path = hostBuildspecPath(sourceDir, other, MEMBER_HINT);
    parseBuildspec(readFileSync(path, 'utf8'), path);
  }
  return { sourceDir, project, batchspec: spec.file, plan };
}
