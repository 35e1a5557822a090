/**
 * Runs a prepared build in an open workspace: local AWS wiring, image resolution, the phase
 * machine (`executeBuild`), and the masked result and history record. The caller gives the
 * runtime and the history store, so a pipeline's builds share the ones the pipeline holds.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { imageCandidates, imageServedLine, resolveImage } from '../../images/index.js';
import type { LocalAws } from '../../local-aws/index.js';
import { planBuildSteps, type BuildPlan, type PlannedVariable } from '../../plan/index.js';
import type { ContainerRuntime, VolumeMount } from '../../runtime/index.js';
import {
  CacheStore,
  defaultStubFiles,
  dockerLayerCacheVolume,
  type ExecutionStore,
  LocalS3Store,
} from '../../stores/index.js';
import { stateInSource } from './bind-hidden.js';
import { logger } from '../../util/index.js';
import type { Workspace } from '../../workspace/index.js';
import { readGitHead } from '../source/index.js';
import type { BuildIdentity } from './build-context.js';
import type { BuildDeps, ResolvedBuildInput } from './build-deps.js';
import type { BuildOptions } from './build-options.js';
import { buildOutputs } from './build-outputs.js';
import { assembleBuild } from './build-result.js';
import { executeBuild } from './build-runner.js';
import type { Build } from './build-types.js';
import { mergeEnvironment, refuseUnknownVariables } from './environment.js';
import { prepareBuild, type PreparedBuild } from './prepare-build.js';

/** What a build runs with, opened by its caller and shared by every build of a batch or pipeline. */
export interface BuildServices {
  workspace: Workspace;
  runtime: ContainerRuntime;
  /** The history the build is recorded in. */
  store: ExecutionStore;
  /** The local AWS stand-ins; builds get their endpoint (lowest precedence) and network when set. */
  localAws?: LocalAws;
  /** Called with each finished build, after it is recorded (the API updates its debug session record). */
  afterBuild?: (build: Build) => void;
  /** The role the build runs as (a pipeline action's RoleArn): what STS GetCallerIdentity answers (docs/accounts.md). */
  roleArn?: string;
  /** Called when a build has its id, before its container starts (the API's events log writes IN_PROGRESS). */
  buildStarted?: (identity: BuildIdentity, prepared: PreparedBuild) => void;
}

/** Prepares and runs one build; resolves with the Build whatever its status. */
export async function runWorkspaceBuild(s: BuildServices, options: BuildOptions): Promise<Build> {
  return runPreparedBuild(s, prepareBuild(s.workspace, options));
}

export async function runPreparedBuild(s: BuildServices, p: PreparedBuild): Promise<Build> {
  refuseUnknownVariables(p.project.name, p.project.environment.environmentVariables, p.request.envOverrides ?? []);
  const ws = s.workspace;
  ws.state.ensure();
  let runtime = s.runtime;
  if (s.localAws) {
    // Lowest precedence, as for pipeline builds: a project or --env can still point elsewhere.
    const env = p.project.environment;
    env.environmentVariables = [...(await s.localAws.buildEnvironment(s.roleArn)), ...env.environmentVariables];
    runtime = await s.localAws.buildRuntime();
  }
  // A reused container has its image already; no need for it to still be tagged.
  const reuse = p.request.reuse;
  // The engine's size (memory/CPU caps, build-setup.ts) is asked for now, during the image lookup rather than
  // after it: one engine round trip less on the way to the container (docs/performance.md). The runtime keeps
  // the answer, so the build's own call gets this one; a failure is left for that call to handle.
  if (!reuse) runtime.info().catch(() => undefined);
  const image = reuse ? { image: reuse.image } : await resolveImage(p.requestedImage, runtime.images, p.imageOverrides);
  if (p.request.bind) p.request.hiddenFromBind ??= stateInSource(p.request.sourceDir, statePaths(ws));
  const imageLine = 'rule' in image ? imageServedLine(image) : undefined;
  const started = { id: undefined as string | undefined };
  const deps = {
    ...buildDeps(s, p, runtime),
    buildStarted: (identity: BuildIdentity) => recordStart(s, p, identity, started),
  };
  let build: Build;
  try {
    build = await executeBuild({ ...resolvedInput(p, image.image), ...(imageLine ? { imageLine } : {}) }, deps);
  } catch (e) {
    // The row exists but no result will come: close it now rather than leave it to the orphan sweep.
    if (started.id) s.store.updateBuild(started.id, { status: 'FAULT', endTime: Date.now() });
    throw e;
  }
  // Masked string by string (not as JSON text, whose escapes can hide a secret from the masker).
  const masked = ws.masker.maskDeep(build);
  writeFileSync(ws.state.buildResultPath(build.id), JSON.stringify(masked, null, 2) + '\n');
  s.store.updateBuild(build.id, {
    status: build.buildStatus,
    endTime: build.endTime ? Date.parse(build.endTime) : Date.now(),
    logPath: build.logs.path,
    result: masked,
  });
  s.afterBuild?.(build);
  return build;
}

/**
 * The history row, written IN_PROGRESS with this process's pid and host as soon as the build has an id,
 * so a build killed with SIGKILL is still in history (the next start's orphan sweep closes it FAULT).
 */
function recordStart(s: BuildServices, p: PreparedBuild, identity: BuildIdentity, started: { id?: string }): void {
  s.store.insertBuild({
    id: identity.id,
    project: identity.projectName,
    buildNumber: identity.buildNumber,
    startTime: identity.startTimeMs,
    logPath: s.workspace.state.buildLogPath(identity.id),
    pipelineExecutionId: p.request.pipelineExecutionId,
  });
  started.id = identity.id;
  s.buildStarted?.(identity, p);
}

/** The state folder and every stub file the workspace reads: what a bind-mounted build must not reach. */
function statePaths(ws: Workspace): string[] {
  const { projectRoot, stateDir, files } = ws.stubSources;
  return [
    ws.state.root,
    ...defaultStubFiles(projectRoot, stateDir),
    ...(files ?? []).map((f) => resolve(projectRoot, f)),
  ];
}

function resolvedInput(p: PreparedBuild, localImage: string): ResolvedBuildInput {
  const volumes: VolumeMount[] = [];
  const privileged = p.request.privileged ?? p.project.environment.privilegedMode;
  if (privileged && p.project.cache.modes.includes('LOCAL_DOCKER_LAYER_CACHE')) {
    // The inner engine's layers survive between builds (docs/aws/codebuild.md §1.11 LOCAL_DOCKER_LAYER_CACHE).
    volumes.push({ name: dockerLayerCacheVolume(p.project.name), target: '/var/lib/docker' });
  }
  return {
    request: p.request,
    buildspec: p.buildspec,
    project: p.project,
    requestedImage: p.requestedImage,
    localImage,
    inlineBuildspecText: p.inlineBuildspecText,
    buildspecContainerPath: (src) =>
      p.buildspecPath ? containerPathFor(p.request.sourceDir, p.buildspecPath, src) : `${src}/buildspec.yml`,
    git: p.request.resolvedSourceVersion ? undefined : readGitHead(p.request.sourceDir),
    volumes,
  };
}

function buildDeps(s: BuildServices, p: PreparedBuild, runtime: ContainerRuntime): BuildDeps {
  const { config } = s.workspace.config;
  const state = s.workspace.state;
  const outputs = buildOutputs({
    s3: new LocalS3Store(state.s3Root),
    cache: new CacheStore(state.cacheRoot),
    accountId: config.accountId,
    region: config.region,
  });
  const stubs = s.workspace.stubs();
  return {
    runtime,
    accountId: config.accountId,
    region: config.region,
    masker: s.workspace.masker,
    nextBuildNumber: (project) => s.store.nextBuildNumber(project),
    logPath: (identity) => state.buildLogPath(identity.id),
    resolveValue: (type, ref) => stubs.resolveValue(type, ref),
    restoreCache: (args) => (p.request.noCache ? Promise.resolve() : outputs.restoreCache(args)),
    saveCache: (args) => (p.request.noCache ? Promise.resolve() : outputs.saveCache(args)),
    uploadArtifacts: (args) => outputs.uploadArtifacts(args),
    buildResult: (args) => assembleBuild(args),
    notice: (m) => logger().warn(m),
  };
}

function containerPathFor(hostSrc: string, hostFile: string, containerSrc: string): string {
  const rel = hostFile.startsWith(hostSrc + '/') ? hostFile.slice(hostSrc.length + 1) : 'buildspec.yml';
  return `${containerSrc}/${rel}`;
}

/** What the build will do, without Docker (`codelocal build --dry-run`). */
export function planPreparedBuild(p: PreparedBuild): BuildPlan {
  const merged = mergeEnvironment(
    {},
    p.buildspec,
    p.project.environment.environmentVariables,
    p.request.envOverrides ?? [],
  );
  const variables: PlannedVariable[] = [...merged.entries.values()].map((e) => ({
    name: e.name,
    shown: e.value,
    source: e.source,
    type: e.type,
  }));
  // Without Docker the plan cannot check which image exists; an explicit mapping or the built-in one
  // is what a build will use unless an image with the AWS name itself was loaded locally.
  const candidates = imageCandidates(p.requestedImage, p.imageOverrides);
  const candidate = candidates.find((c) => c.rule !== 'local') ?? candidates[0];
  return planBuildSteps({
    buildspec: p.buildspec,
    project: p.project,
    image: { requested: p.requestedImage, local: candidate?.image ?? p.requestedImage, rule: candidate?.source },
    privileged: p.request.privileged ?? p.project.environment.privilegedMode,
    timeoutInMinutes: p.request.timeoutInMinutes ?? p.project.timeoutInMinutes,
    source: p.request.sourceDir,
    bind: Boolean(p.request.bind),
    variables,
    warnings: [...p.buildspec.warnings.map((w) => w.message), ...merged.warnings],
  });
}
