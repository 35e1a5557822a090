/**
 * A build's preparation, before any container: the project (file, object or defaults), the
 * buildspec, the variables in their precedence, secondary sources and the request the phase
 * machine runs. One implementation for `build`, batch members, debug/watch and the pipeline's
 * CodeBuild action; the workspace gives the config and stubs it reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../errors.js';
import {
  type Buildspec,
  type CodeBuildProject,
  defaultProject,
  type EnvironmentVariable,
  loadProject,
  parseBuildspec,
  SOURCE_IDENTIFIER,
  SOURCE_IDENTIFIER_MESSAGE,
} from '../../model/index.js';
import type { ImageOverrides } from '../../images/index.js';
import type { Workspace } from '../../workspace/index.js';
import { projectNameFromDir } from './build-context.js';
import type { BuildOptions } from './build-options.js';
import type { BuildRequest, SecondarySourceInput } from './build-types.js';
import { locateBuildspec } from './buildspec-source.js';
import { parseEnvFile } from './environment.js';
import { selectPhases } from './phase-selection.js';

export interface PreparedBuild {
  project: CodeBuildProject;
  buildspec: Buildspec;
  /** Set for inline buildspecs: the text the container gets. */
  inlineBuildspecText?: string;
  /** Set for buildspec files: their host path. */
  buildspecPath?: string;
  request: BuildRequest;
  /** The image as the project or override names it (an AWS name, usually). */
  requestedImage: string;
  imageOverrides: ImageOverrides;
}

export function prepareBuild(ws: Workspace, options: BuildOptions): PreparedBuild {
  const sourceDir = existingSourceDir(options.sourceDir);
  const project = resolveProject(ws, options, sourceDir);
  const spec = locateBuildspec(options.buildspec, project, sourceDir);
  const buildspec = parseBuildspec(spec.text, spec.file);
  refuseBatchOnly(buildspec);
  const { configEnv, overrides } = collectOverrides(ws, options);
  // codelocal.yml `env` acts as project-level variables: above the buildspec, below the project's own and
  // the overrides (docs/aws/codebuild.md §1.5, docs/config.md).
  const withDefaults: CodeBuildProject = {
    ...project,
    environment: {
      ...project.environment,
      environmentVariables: [...configEnv, ...project.environment.environmentVariables],
    },
  };
  const request = buildRequest(options, sourceDir, withDefaults, overrides);
  // Stubs are read now, so a broken stub file fails before any container starts.
  ws.stubs();
  return {
    project: withDefaults,
    buildspec,
    inlineBuildspecText: spec.inlineText,
    buildspecPath: spec.path,
    request,
    requestedImage: options.image ?? withDefaults.environment.image,
    imageOverrides: { flag: options.imageMap ?? {}, config: ws.config.config.images },
  };
}

/** A buildspec with a batch section and no phases only describes a batch: its tasks name their own buildspecs. */
function refuseBatchOnly(buildspec: Buildspec): void {
  if (buildspec.batch === undefined || buildspec.phases.length > 0) return;
  throw new InputError(
    'BUILDSPEC_BATCH_ONLY',
    "this buildspec is a batch definition (a 'batch' section and no 'phases'): run it with codelocal batch",
    { position: { file: buildspec.file, line: 1, column: 1 } },
  );
}

/**
 * The source folder, absolute; a missing one is refused before anything else. An `id:dir` given as the
 * primary source (the first `-s`, as AWS's local agent reads it) gets a message showing the right form.
 */
export function existingSourceDir(dir: string): string {
  const sourceDir = resolve(dir);
  if (existsSync(sourceDir)) return sourceDir;
  const secondary = /^([A-Za-z0-9_]+):(.+)$/.exec(dir);
  if (secondary)
    throw new InputError(
      'SOURCE_NOT_FOUND',
      `source folder ${sourceDir} does not exist: the first -s is the primary source, a plain folder ` +
        `('${dir}' looks like a secondary source, id:dir)`,
      { details: [`give the primary source first: -s . -s ${dir}`] },
    );
  throw new InputError('SOURCE_NOT_FOUND', `source folder ${sourceDir} does not exist`);
}

/** The project object given, the one read from a file (templates with the workspace's account and region), or defaults. */
export function resolveProject(ws: Workspace, options: BuildOptions, sourceDir: string): CodeBuildProject {
  if (typeof options.project === 'object') return options.project;
  if (!options.project) return defaultProject(projectNameFromDir(sourceDir));
  return loadProject(options.project, {
    accountId: ws.config.config.accountId,
    region: ws.config.config.region,
    parameterOverrides: options.parameterOverrides ?? {},
    // A template's `{{resolve:ssm:NAME}}` takes a parameter stub's value (docs/stubs.md, docs/fidelity.md).
    ssmParameter: (name) => ws.stubs().templateParameter(name),
    imports: ws.config.config.imports,
  });
}

/** Start-build overrides in precedence order, with codelocal.yml `env` split out (it sits below the project). */
function collectOverrides(
  ws: Workspace,
  options: BuildOptions,
): { configEnv: EnvironmentVariable[]; overrides: EnvironmentVariable[] } {
  const plain = (name: string, value: string): EnvironmentVariable => ({ name, value, type: 'PLAINTEXT' });
  const configEnv = Object.entries(ws.config.config.env).map(([k, v]) => plain(k, v));
  const overrides: EnvironmentVariable[] = [];
  if (options.awsConfig) {
    for (const [k, v] of Object.entries(process.env))
      if (k.startsWith('AWS_') && v !== undefined) overrides.push(plain(k, v));
    if (options.profile) overrides.push(plain('AWS_PROFILE', options.profile));
  }
  if (options.envFile) {
    for (const a of parseEnvFile(readFileSync(resolve(options.envFile), 'utf8')))
      overrides.push(plain(a.name, a.value));
  }
  for (const e of options.env ?? []) overrides.push(plain(e.name, e.value));
  for (const e of options.envParameters ?? []) overrides.push({ ...e, type: 'PARAMETER_STORE' });
  for (const e of options.envSecrets ?? []) overrides.push({ ...e, type: 'SECRETS_MANAGER' });
  overrides.push(...(options.envOverrides ?? []));
  return { configEnv, overrides };
}

function checkedSecondarySources(sources: SecondarySourceInput[] = []): SecondarySourceInput[] {
  return sources.map((s) => {
    if (!SOURCE_IDENTIFIER.test(s.identifier)) {
      throw new InputError('SOURCE_IDENTIFIER_INVALID', `${SOURCE_IDENTIFIER_MESSAGE}: ${s.identifier}`);
    }
    return { ...s, dir: resolve(s.dir) };
  });
}

function buildRequest(
  options: BuildOptions,
  sourceDir: string,
  project: CodeBuildProject,
  overrides: EnvironmentVariable[],
): BuildRequest {
  const request: BuildRequest = {
    sourceDir,
    secondarySources: checkedSecondarySources(options.secondarySources),
    buildspec: options.buildspec,
    project,
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
    keep: options.keep,
    phases: selectPhases(options.phases, options.fromPhase),
    noCache: options.noCache,
    ...options.request,
  };
  const t = request.timeoutInMinutes;
  if (t !== undefined && !(t >= 5 && t <= 2160)) {
    throw new InputError('TIMEOUT_INVALID', `--timeout must be 5 to 2160 minutes (CodeBuild's range), got ${t}`);
  }
  return request;
}
