/**
 * Runs executeBuild against the fake runtime (fake-runtime.ts) with in-memory deps, so phase-machine
 * tests state a buildspec and command outcomes and read back the Build, the log and the calls made.
 */
import { parseBuildspec } from '../../src/model/buildspec.js';
import { defaultProject, type CodeBuildProject } from '../../src/model/project-types.js';
import type { BuildDeps, CacheArgs, UploadArgs, UploadOutcome } from '../../src/engine/codebuild/build-deps.js';
import { assembleBuild } from '../../src/engine/codebuild/build-result.js';
import { executeBuild } from '../../src/engine/codebuild/build-runner.js';
import type { Build, BuildRequest, PhaseContext } from '../../src/engine/codebuild/build-types.js';
import { FakeRuntime, type FakeContainer, type FakeRuntimeOptions } from './fake-runtime.js';

export interface FakeBuildOptions extends FakeRuntimeOptions {
  buildspec: string;
  request?: Partial<BuildRequest>;
  project?: Partial<CodeBuildProject>;
  /** The outcome of UPLOAD_ARTIFACTS (default: nothing uploaded, no error). */
  upload?: Partial<UploadOutcome>;
  /** Secrets that resolve, by reference; other references fail DOWNLOAD_SOURCE. */
  secrets?: Record<string, string>;
  /** The log line saying which local image serves the AWS name (ResolvedBuildInput.imageLine). */
  imageLine?: string;
}

export interface FakeBuildResult {
  build: Build;
  log: string;
  /** `[Container]` lines without their timestamps. */
  lines: string[];
  runtime: FakeRuntime;
  container: FakeContainer;
  uploads: UploadArgs[];
  cacheRestores: CacheArgs[];
  cacheSaves: CacheArgs[];
  /** Phase types with their status, COMPLETED and the earlier ones included. */
  phases: string[];
}

export async function fakeBuild(options: FakeBuildOptions): Promise<FakeBuildResult> {
  const runtime = new FakeRuntime(options);
  const uploads: UploadArgs[] = [];
  const cacheRestores: CacheArgs[] = [];
  const cacheSaves: CacheArgs[] = [];
  let log = '';
  const project = { ...defaultProject('fake'), ...options.project };
  const deps: BuildDeps = {
    runtime,
    accountId: '000000000000',
    region: 'us-east-1',
    masker: { mask: (s) => s },
    nextBuildNumber: () => 1,
    logPath: () => '',
    resolveValue: (_type, ref) =>
      options.secrets?.[ref] !== undefined
        ? { value: options.secrets[ref] }
        : { error: { statusCode: 'PARAMETER_NOT_FOUND', message: `not found: ${ref}` } satisfies PhaseContext },
    restoreCache: async (a) => void cacheRestores.push(a),
    saveCache: async (a) => void cacheSaves.push(a),
    uploadArtifacts: async (a) => {
      uploads.push(a);
      return { secondary: [], reports: [], ...options.upload };
    },
    buildResult: (a) => assembleBuild(a),
    notice: () => undefined,
  };
  const request: BuildRequest = {
    sourceDir: '/nonexistent',
    bind: true,
    output: (t) => (log += t),
    ...options.request,
  };
  const build = await executeBuild(
    {
      request,
      buildspec: parseBuildspec(options.buildspec, 'buildspec.yml'),
      project,
      requestedImage: 'aws/codebuild/standard:7.0',
      localImage: 'fake-image',
      buildspecContainerPath: (src) => `${src}/buildspec.yml`,
      volumes: [],
      ...(options.imageLine ? { imageLine: options.imageLine } : {}),
    },
    deps,
  );
  const lines = log
    .split('\n')
    .filter((l) => l.startsWith('[Container]'))
    .map((l) => l.replace(/^\[Container\] \S+ \S+ /, ''));
  const phases = (build.phases ?? []).map((p) => `${p.phaseType}${p.phaseStatus ? ' ' + p.phaseStatus : ''}`);
  return { build, log, lines, runtime, container: runtime.containers[0], uploads, cacheRestores, cacheSaves, phases };
}
