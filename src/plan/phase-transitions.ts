/**
 * Which phase runs after a phase ends: CodeBuild's transition rules (docs/aws/codebuild.md §2.4).
 *
 * Without `on-failure`:
 *   - INSTALL or PRE_BUILD failed: nothing else runs (no BUILD, POST_BUILD or UPLOAD_ARTIFACTS).
 *   - BUILD failed: POST_BUILD still runs, then UPLOAD_ARTIFACTS.
 *   - POST_BUILD failed: UPLOAD_ARTIFACTS is still attempted.
 * `on-failure: CONTINUE` runs the next phase anyway; `ABORT` stops at once.
 * UNCERTAIN (§2.4, §9): whether UPLOAD_ARTIFACTS is attempted after ABORT. Choice: it is not,
 * the same as after an INSTALL/PRE_BUILD failure; documented in docs/fidelity.md.
 */
import type { OnFailure, PhaseName } from '../model/index.js';

export type BuildStep = PhaseName | 'upload_artifacts' | 'finalizing';

const ORDER: BuildStep[] = ['install', 'pre_build', 'build', 'post_build', 'upload_artifacts', 'finalizing'];

export function stepAfter(step: BuildStep): BuildStep {
  const i = ORDER.indexOf(step);
  return ORDER[Math.min(i + 1, ORDER.length - 1)];
}

/** The step to run after `phase` ended; `failed` says whether it failed (after any retries). */
export function nextStep(phase: PhaseName, failed: boolean, onFailure: OnFailure | undefined): BuildStep {
  if (!failed) return stepAfter(phase);
  if (onFailure?.kind === 'CONTINUE') return stepAfter(phase);
  if (onFailure?.kind === 'ABORT') return 'finalizing';
  switch (phase) {
    case 'install':
    case 'pre_build':
      return 'finalizing';
    case 'build':
      return 'post_build';
    case 'post_build':
      return 'upload_artifacts';
  }
}
