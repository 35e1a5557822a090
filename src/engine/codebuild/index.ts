/**
 * The build engine's face (CodeBuild builds, codebuild.md): prepare a build from typed options in
 * an open workspace, plan it without Docker, or run it. Layers above import only this file.
 */
export type { BuildOptions, NameValue } from './build-options.js';
export { prepareBuild, type PreparedBuild } from './prepare-build.js';
export { runWorkspaceBuild, runPreparedBuild, planPreparedBuild, type BuildServices } from './run-build.js';
export { executeBuild } from './build-runner.js';
export type { BuildDeps, ResolvedBuildInput } from './build-deps.js';
export type { Build, BuildPhase, BuildRequest, SecondarySourceInput, StatusType } from './build-types.js';
export {
  DEFAULT_SHELL_WAIT_SECONDS,
  type BuildDebugOptions,
  type DebugEvent,
  type ReuseTarget,
} from './debug-types.js';
export { RESUME_ARGV, SHELL_ARGV } from './debug-tools.js';
export { parseEnvAssignment } from './environment.js';
export { parsePhaseName } from './phase-selection.js';
export { type LogSink } from './build-log.js';
export { type PhaseContext } from './build-types.js';
export { hostBuildspecPath, locateBuildspec } from './buildspec-source.js';
export { existingSourceDir, resolveProject } from './prepare-build.js';
export type { BuildIdentity } from './build-context.js';
