/**
 * Public API: `runBuild` and `planBuild`. The CLI's `build` command and the pipeline's CodeBuild
 * action both call these; tests do too.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { assertNoLinkEscape } from '../archive/index.js';
import { InputError } from '../errors.js';
import { parseBuildspec } from '../model/buildspec.js';
import type { Buildspec } from '../model/buildspec-types.js';
import { classifyBuildspecRef, loadProject } from '../model/project.js';
import { defaultProject, type CodeBuildProject, type EnvironmentVariable } from '../model/project-types.js';
import { planBuildSteps, type BuildPlan, type PlannedVariable } from '../plan/build-plan.js';
import { loadConfig, type LoadedConfig } from '../config.js';
import { StateDir, findProjectRoot, resolveStateDirPath } from '../stores/state-dir.js';
import { StubStore } from '../stores/stubs.js';
import { SecretMasker } from '../stores/masking.js';
import { ExecutionStore } from '../stores/execution-store.js';
import { LocalS3Store } from '../stores/s3-store.js';
import { CacheStore, dockerLayerCacheVolume } from '../stores/cache-store.js';
import { parseImageMapFlags, resolveImage, imageCandidates } from '../images/image-map.js';
import type { ContainerRuntime, VolumeMount } from '../runtime/types.js';
import { executeBuild } from '../engine/codebuild/build-runner.js';
import { assembleBuild } from '../engine/codebuild/build-result.js';
import type { Build, BuildRequest, SecondarySourceInput } from '../engine/codebuild/build-types.js';
import type { BuildDeps, ResolvedBuildInput } from '../engine/codebuild/build-deps.js';
import { mergeEnvironment, parseEnvAssignment, parseEnvFile } from '../engine/codebuild/environment.js';
import { projectNameFromDir } from '../engine/codebuild/build-context.js';
import { readGitHead } from '../engine/source/git-head.js';
import { buildOutputs } from '../engine/codebuild/build-outputs.js';
import { withRuntime } from './runtime-session.js';
import { logger } from '../util/logger.js';
import { LocalAws } from '../local-aws/local-aws.js';
import { selectPhases } from '../engine/codebuild/phase-selection.js';
import type { ReuseTarget } from '../engine/codebuild/debug-types.js';
import { BuildSessions, isLive } from '../stores/build-sessions.js';
import { debugHooks, recordBuildEnd, type DebugRunOptions } from './build-debug.js';

/** Options in CLI terms (strings as typed); the pipeline passes typed values through `request`. */
export interface RunBuildOptions extends DebugRunOptions {
  /** The project root whose codelocal.yml, stubs and state folder apply (default: found from sourceDir). */
  projectRoot?: string;
  /**
   * Give the build the local AWS stand-ins (ECR registry, STS, SSM, Secrets Manager, S3 through
   * AWS_ENDPOINT_URL; docs/local-aws.md), as pipeline builds always get them.
   */
  localAws?: boolean;
  sourceDir: string;
  /** `id:dir` strings (CLI -s) */
  secondarySources?: string[];
  buildspec?: string;
  image?: string;
  artifactsDir?: string;
  reportsDir?: string;
  envFile?: string;
  env?: string[];
  envParameters?: string[];
  envSecrets?: string[];
  awsConfig?: boolean;
  profile?: string;
  bind?: boolean;
  privileged?: boolean;
  /** `file[#name]`, or a project object (pipelines). */
  project?: string | CodeBuildProject;
  parameterOverrides?: string[];
  parameters?: string[];
  secrets?: string[];
  stubFiles?: string[];
  imageMap?: string[];
  timeoutInMinutes?: number;
  timeoutSeconds?: number;
  stateDir?: string;
  keep?: boolean;
  /** Run only these phases (`--phase`, repeatable) or this phase and the later ones (`--from-phase`). */
  phases?: string[];
  fromPhase?: string;
  /** Run in the kept container of this build (`--reuse BUILD_ID`, id or unique prefix). */
  reuse?: string;
  noCache?: boolean;
  output?: (text: string) => void;
  signal?: AbortSignal;
  /** A runtime to use (tests, pipelines); otherwise one is created and cleaned up. */
  runtime?: ContainerRuntime;
  /** Fields only programmatic callers (the pipeline engine) set. */
  request?: Partial<BuildRequest>;
  /** Typed overrides appended after the string forms (pipeline action EnvironmentVariables). */
  envOverrides?: EnvironmentVariable[];
}

interface Prepared {
  config: LoadedConfig;
  state: StateDir;
  project: CodeBuildProject;
  buildspec: Buildspec;
  inlineBuildspecText?: string;
  buildspecPath?: string;
  request: BuildRequest;
  stubs: StubStore;
  masker: SecretMasker;
  requestedImage: string;
  imageOverrides: { flag: Record<string, string>; config: Record<string, string> };
}

function prepare(options: RunBuildOptions): Prepared {
  const sourceDir = resolve(options.sourceDir);
  if (!existsSync(sourceDir)) throw new InputError('SOURCE_NOT_FOUND', `source folder ${sourceDir} does not exist`);
  // Pipelines build from temp folders: they name the project root whose codelocal.yml applies.
  const projectRoot = options.projectRoot ? resolve(options.projectRoot) : findProjectRoot(sourceDir);
  const config = loadConfig(projectRoot);
  const statePath = resolveStateDirPath({ projectRoot, flag: options.stateDir, config: config.config.stateDir });
  const state = new StateDir(statePath.path, statePath.source);
  const cfnOptions = {
    accountId: config.config.accountId,
    region: config.config.region,
    parameterOverrides: Object.fromEntries(
      (options.parameterOverrides ?? []).map(splitAssignment('--parameter-overrides')),
    ),
  };
  const project =
    typeof options.project === 'object'
      ? options.project
      : options.project
        ? loadProject(options.project, cfnOptions)
        : defaultProject(projectNameFromDir(sourceDir));

  // Buildspec: override > project > buildspec.yml in the source root (codebuild.md §1.1).
  const ref = options.buildspec ?? project.source.buildspec ?? 'buildspec.yml';
  const kind = classifyBuildspecRef(ref);
  let buildspec: Buildspec;
  let inlineBuildspecText: string | undefined;
  let buildspecPath: string | undefined;
  if (kind.kind === 'inline') {
    inlineBuildspecText = kind.text;
    buildspec = parseBuildspec(ref, `${project.definedIn ?? 'project'} (inline buildspec)`);
  } else if (kind.kind === 's3') {
    throw new InputError(
      'BUILDSPEC_S3_UNSUPPORTED',
      `buildspec ${kind.arn} is an S3 ARN; put the file in the source or inline it`,
    );
  } else {
    // Relative paths are relative to the source (fixing the local agent's -b bug, codebuild.md §5.3);
    // an absolute host path that exists is used as is.
    const rel = kind.path;
    buildspecPath = isAbsolute(rel) && existsSync(rel) ? rel : join(sourceDir, rel);
    if (!existsSync(buildspecPath)) {
      throw new InputError(
        'YAML_FILE_ERROR',
        `YAML_FILE_ERROR Message: stat ${buildspecPath}: no such file or directory`,
        {
          details: ['pass -b PATH (relative to the source folder), or add buildspec.yml to the source root'],
        },
      );
    }
    assertNoLinkEscape(sourceDir, buildspecPath); // a source's link never reads a host file (docs/security.md)
    buildspec = parseBuildspec(readFileSync(buildspecPath, 'utf8'), buildspecPath);
  }

  const masker = new SecretMasker();
  const stubs = StubStore.load({
    projectRoot,
    stateDir: state.root,
    files: [...config.config.stubs, ...(options.stubFiles ?? [])],
    parameters: options.parameters,
    secrets: options.secrets,
    masker,
  });

  const overrides: EnvironmentVariable[] = [];
  for (const [k, v] of Object.entries(config.config.env)) overrides.push({ name: k, value: v, type: 'PLAINTEXT' });
  if (options.awsConfig) {
    for (const [k, v] of Object.entries(process.env))
      if (k.startsWith('AWS_') && v !== undefined) overrides.push({ name: k, value: v, type: 'PLAINTEXT' });
    if (options.profile) overrides.push({ name: 'AWS_PROFILE', value: options.profile, type: 'PLAINTEXT' });
  }
  if (options.envFile) {
    for (const a of parseEnvFile(readFileSync(resolve(options.envFile), 'utf8')))
      overrides.push({ ...a, type: 'PLAINTEXT' });
  }
  for (const e of options.env ?? []) overrides.push({ ...assignment(e, '--env'), type: 'PLAINTEXT' });
  for (const e of options.envParameters ?? [])
    overrides.push({ ...assignment(e, '--env-parameter'), type: 'PARAMETER_STORE' });
  for (const e of options.envSecrets ?? [])
    overrides.push({ ...assignment(e, '--env-secret'), type: 'SECRETS_MANAGER' });
  overrides.push(...(options.envOverrides ?? []));
  // codelocal.yml `env` is a default below the project (see docs/config.md), so split it back out.
  const configEnv = overrides.splice(0, Object.keys(config.config.env).length);
  const projectWithDefaults: CodeBuildProject = {
    ...project,
    environment: {
      ...project.environment,
      environmentVariables: [...configEnv, ...project.environment.environmentVariables],
    },
  };

  const secondarySources: SecondarySourceInput[] = (options.secondarySources ?? []).map((s) => {
    const at = s.indexOf(':');
    if (at <= 0) throw new InputError('SOURCE_INVALID', `secondary source must be id:dir, got "${s}"`);
    const identifier = s.slice(0, at);
    if (!/^[A-Za-z0-9_]{1,127}$/.test(identifier)) {
      throw new InputError(
        'SOURCE_IDENTIFIER_INVALID',
        `Invalid input: identifier must contain only alphanumeric characters and underscores and be less than 128 characters in length: ${identifier}`,
      );
    }
    return { identifier, dir: resolve(s.slice(at + 1)) };
  });

  const request: BuildRequest = {
    sourceDir,
    secondarySources,
    buildspec: options.buildspec,
    project: projectWithDefaults,
    image: options.image,
    privileged: options.privileged || undefined,
    envOverrides: overrides,
    timeoutInMinutes: options.timeoutInMinutes,
    timeoutSeconds: options.timeoutSeconds,
    bind: options.bind,
    artifactsDir: options.artifactsDir ? resolve(options.artifactsDir) : undefined,
    reportsDir: options.reportsDir ? resolve(options.reportsDir) : undefined,
    output: options.output,
    signal: options.signal,
    keep: options.keep || Boolean(options.reuse),
    phases: selectPhases(options.phases, options.fromPhase),
    noCache: options.noCache,
    ...options.request,
  };
  if (request.timeoutInMinutes !== undefined && !(request.timeoutInMinutes >= 5 && request.timeoutInMinutes <= 2160)) {
    throw new InputError(
      'TIMEOUT_INVALID',
      `--timeout must be 5 to 2160 minutes (CodeBuild's range), got ${request.timeoutInMinutes}`,
    );
  }
  return {
    config,
    state,
    project: projectWithDefaults,
    buildspec,
    inlineBuildspecText,
    buildspecPath,
    request,
    stubs,
    masker,
    requestedImage: options.image ?? projectWithDefaults.environment.image,
    imageOverrides: { flag: parseImageMapFlags(options.imageMap ?? []), config: config.config.images },
  };
}

/** What the build will do, without Docker (`codelocal build --dry-run`). */
export async function planBuild(options: RunBuildOptions): Promise<BuildPlan> {
  const p = prepare(options);
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

/** Runs a build; resolves with the Build result whatever its status. Throws only for bad input or environment. */
export async function runBuild(options: RunBuildOptions): Promise<Build> {
  const p = prepare(options);
  p.state.ensure();
  const reuse = options.reuse ? reuseTarget(p.state, options.reuse) : undefined;
  const keep = Boolean(p.request.keep);
  p.request.reuse ??= reuse;
  p.request.debug ??= debugHooks(p.state, { ...options, keep });
  return withRuntime(options.runtime, async (engine) => {
    const localAws = options.localAws
      ? new LocalAws({
          runtime: async () => engine,
          accountId: p.config.config.accountId,
          region: p.config.config.region,
          s3Root: p.state.s3Root,
          stubs: {
            projectRoot: p.config.projectRoot,
            stateDir: p.state.root,
            files: [...p.config.config.stubs, ...(options.stubFiles ?? [])],
            parameters: options.parameters,
            secrets: options.secrets,
          },
          log: (line) => logger().info(line),
        })
      : undefined;
    if (localAws) {
      // Lowest precedence, as for pipeline builds: a project or --env can still point elsewhere.
      const env = p.project.environment;
      env.environmentVariables = [...(await localAws.buildEnvironment()), ...env.environmentVariables];
    }
    const runtime = localAws ? await localAws.buildRuntime() : engine;
    // A reused container has its image already; no need for it to still be tagged.
    const image = reuse
      ? { image: reuse.image }
      : await resolveImage(p.requestedImage, runtime.images, p.imageOverrides);
    const store = ExecutionStore.open(p.state.executionsDb, { redact: (s) => p.masker.mask(s) });
    try {
      const volumes: VolumeMount[] = [];
      const privileged = p.request.privileged ?? p.project.environment.privilegedMode;
      if (privileged && p.project.cache.modes.includes('LOCAL_DOCKER_LAYER_CACHE')) {
        // The inner engine's layers survive between builds (codebuild.md §1.11 LOCAL_DOCKER_LAYER_CACHE).
        volumes.push({ name: dockerLayerCacheVolume(p.project.name), target: '/var/lib/docker' });
      }
      const input: ResolvedBuildInput = {
        request: p.request,
        buildspec: p.buildspec,
        project: p.project,
        requestedImage: p.requestedImage,
        localImage: image.image,
        inlineBuildspecText: p.inlineBuildspecText,
        buildspecContainerPath: (src) =>
          p.buildspecPath ? containerPathFor(p.request.sourceDir, p.buildspecPath, src) : `${src}/buildspec.yml`,
        git: p.request.resolvedSourceVersion ? undefined : readGitHead(p.request.sourceDir),
        volumes,
      };
      const s3 = new LocalS3Store(p.state.s3Root);
      const outputs = buildOutputs({
        s3,
        cache: new CacheStore(p.state.cacheRoot),
        accountId: p.config.config.accountId,
        region: p.config.config.region,
      });
      const deps: BuildDeps = {
        runtime,
        accountId: p.config.config.accountId,
        region: p.config.config.region,
        masker: p.masker,
        nextBuildNumber: (project) => store.nextBuildNumber(project),
        logPath: (identity) => p.state.buildLogPath(identity.id),
        resolveValue: (type, ref) => p.stubs.resolveValue(type, ref),
        restoreCache: (args) => (p.request.noCache ? Promise.resolve() : outputs.restoreCache(args)),
        saveCache: (args) => (p.request.noCache ? Promise.resolve() : outputs.saveCache(args)),
        uploadArtifacts: (args) => outputs.uploadArtifacts(args),
        buildResult: (args) => assembleBuild(args),
        notice: (m) => logger().warn(m),
      };
      const build = await executeBuild(input, deps);
      recordBuildEnd(p.state, build.id, build.buildStatus, keep, options.notice);
      const json = JSON.stringify(build, null, 2);
      writeFileSync(p.state.buildResultPath(build.id), p.masker.mask(json) + '\n');
      store.insertBuild({
        id: build.id,
        project: build.projectName,
        buildNumber: build.buildNumber,
        status: build.buildStatus,
        startTime: Date.parse(build.startTime),
        endTime: build.endTime ? Date.parse(build.endTime) : undefined,
        logPath: build.logs.path,
        result: build,
        pipelineExecutionId: p.request.pipelineExecutionId,
      });
      return build;
    } finally {
      store.close();
      await localAws?.close();
    }
  });
}

/** The kept container a `--reuse` build runs in; refused while another process drives it. */
function reuseTarget(state: StateDir, ref: string): ReuseTarget {
  const s = new BuildSessions(state).find(ref);
  if (!s)
    throw new InputError('REUSE_NOT_FOUND', `no build "${ref}" in ${state.root}`, {
      details: ['run the build with --keep first; `codelocal clean --dry-run` lists kept builds'],
    });
  if (!s.keep)
    throw new InputError('REUSE_NOT_KEPT', `build ${s.buildId} was not kept: its container is gone`, {
      details: ['run it with --keep to reuse its container'],
    });
  if (s.state !== 'finished' && isLive(s))
    throw new InputError('REUSE_BUSY', `build ${s.buildId} is still running (pid ${s.pid})`);
  return { containerId: s.containerId, nonce: s.nonce, srcRoot: s.srcRoot, image: s.image };
}

function containerPathFor(hostSrc: string, hostFile: string, containerSrc: string): string {
  const rel = hostFile.startsWith(hostSrc + '/') ? hostFile.slice(hostSrc.length + 1) : 'buildspec.yml';
  return `${containerSrc}/${rel}`;
}

function assignment(text: string, flag: string): { name: string; value: string } {
  const a = parseEnvAssignment(text);
  if (!a) throw new InputError('FLAG_INVALID', `${flag} expects NAME=VALUE, got "${text}"`);
  return a;
}

function splitAssignment(flag: string) {
  return (text: string): [string, string] => {
    const a = assignment(text, flag);
    return [a.name, a.value];
  };
}
