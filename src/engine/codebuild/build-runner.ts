/**
 * Runs one build the way CodeBuild's agent does: DOWNLOAD_SOURCE (source, buildspec, variables,
 * runtimes, cache), INSTALL → POST_BUILD with CodeBuild's transitions, UPLOAD_ARTIFACTS, FINALIZING.
 * Input errors (a bad buildspec) are thrown before any container exists; everything after that
 * ends in a Build result, never a throw, so the caller always learns the status.
 *
 * The build is small steps over one record (build-run.ts), composed like act composes a job:
 * set-up, provisioning, the phases (whose throw is a fault or a stop), the ending, and the
 * clean-up hung on the whole as a "finally".
 */
import type { Buildspec } from '../../model/index.js';
import { connectAgent } from './agent-executor.js';
import type { BuildIdentity, SourceLayout } from './build-context.js';
import { createBuildContainer, copyFilesIn, selectRuntimeVersions, startAgent } from './build-container.js';
import type { BuildDeps, ResolvedBuildInput } from './build-deps.js';
import {
  agentFailed,
  assembleResult,
  beginFinalizing,
  completeRecord,
  ranToEnd,
  releaseBuild,
  saveCache,
  settleStatus,
} from './build-finish.js';
import type { BuildRun } from './build-run.js';
import { openBuild } from './build-setup.js';
import type { Build } from './build-types.js';
import { downloadSource } from './download-source.js';
import { runPhases } from './phase-loop.js';
import { andFinally, inSequence, rescue, when } from './step-combinators.js';

/** Container, runtime versions (read from the image), files in, agent started. */
const provision = inSequence<BuildRun>(createBuildContainer, selectRuntimeVersions, copyFilesIn, startAgent);

/** The agent's phases; a throw (killed container, lost agent, --stop-after-shell) ends them. */
const phases = rescue<BuildRun>(inSequence(connectAgent, downloadSource, runPhases), agentFailed);

/** The status settled, FINALIZING (cache saved after a build that ran to its end), the result. */
const finish = inSequence<BuildRun>(
  settleStatus,
  beginFinalizing,
  when(ranToEnd, saveCache),
  completeRecord,
  assembleResult,
);

/** The whole build; the clean-up (timer, signal, agent, container, log) hangs on it as a "finally". */
const build = andFinally<BuildRun>(inSequence(provision, phases, finish), releaseBuild);

export async function executeBuild(input: ResolvedBuildInput, deps: BuildDeps): Promise<Build> {
  const run = openBuild(input, deps);
  await build(run);
  return run.result!;
}

export type { BuildIdentity, SourceLayout, Buildspec };
