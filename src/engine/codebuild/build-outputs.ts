/**
 * UPLOAD_ARTIFACTS and cache for the build runner: artifacts leave the container as zips in the
 * local S3 folder (and, with `--artifacts DIR`, unpacked there), reports are parsed, and
 * `cache.paths` are kept in the local cache store.
 *
 * Where artifacts go when the caller (a pipeline) does not say: the project's S3 artifact settings
 * when it has them (location = bucket, path, namespaceType, name), else the local bucket
 * `codelocal-artifacts` at `<project>/<build uuid>/<name>.zip`.
 */
import type { CacheStore, LocalS3Store } from '../../stores/index.js';
import type { ArtifactSpec } from '../../model/index.js';
import type { CacheArgs, UploadArgs, UploadOutcome } from './build-deps.js';
import type { ArtifactTarget, BuildArtifactsResult, PhaseContext } from './build-types.js';
import { uploadArtifacts } from './artifact-upload.js';
import { collectReports } from './reports.js';
import { restoreCache, saveCache } from './cache-sync.js';

export const DEFAULT_ARTIFACT_BUCKET = 'codelocal-artifacts';

export interface BuildOutputsDeps {
  s3: LocalS3Store;
  cache: CacheStore;
  accountId: string;
  region: string;
}

function defaultTarget(args: UploadArgs, spec: ArtifactSpec): ArtifactTarget {
  const { project, identity } = args;
  const a = project.artifacts;
  const zip = (n: string) => (n.endsWith('.zip') ? n : `${n}.zip`);
  if (spec.identifier) {
    const s = project.secondaryArtifacts.find((x) => x.artifactIdentifier === spec.identifier);
    const bucket = s?.type === 'S3' && s.location ? s.location : DEFAULT_ARTIFACT_BUCKET;
    return {
      bucket,
      key: [s?.path, project.name, identity.uuid, zip(s?.name ?? spec.identifier)].filter(Boolean).join('/'),
    };
  }
  const name = args.names[''] || a.name || project.name;
  if (a.type === 'S3' && a.location) {
    const parts = [
      a.path,
      a.namespaceType === 'BUILD_ID' ? identity.uuid : undefined,
      a.packaging === 'NONE' ? name : zip(name),
    ];
    return { bucket: a.location, key: parts.filter(Boolean).join('/') };
  }
  return { bucket: DEFAULT_ARTIFACT_BUCKET, key: `${project.name}/${identity.uuid}/${zip(name)}` };
}

export function buildOutputs(deps: BuildOutputsDeps) {
  const cacheOptions = (args: CacheArgs) => ({
    container: args.container,
    srcDir: args.srcDir,
    cache: args.buildspec.cache,
    project: args.project,
    store: deps.cache,
    key: args.key,
    log: args.log,
  });
  return {
    async restoreCache(args: CacheArgs): Promise<void> {
      await restoreCache(cacheOptions(args));
    },

    async saveCache(args: CacheArgs): Promise<void> {
      await saveCache(cacheOptions(args));
    },

    uploadArtifacts: (args: UploadArgs) => uploadBuildOutputs(deps, args),
  };
}

const noPrimary = (): PhaseContext => ({
  statusCode: 'CLIENT_ERROR',
  message: 'no definition for primary artifacts in buildspec',
});

/** Reports first, then each artifact the caller wants; the first failure ends UPLOAD_ARTIFACTS. */
async function uploadBuildOutputs(deps: BuildOutputsDeps, args: UploadArgs): Promise<UploadOutcome> {
  const { buildspec, request } = args;
  const outcome: UploadOutcome = { secondary: [], reports: [] };
  outcome.reports = await collectReports({
    container: args.container,
    srcDir: args.srcDir,
    hostSrcDir: hostSrcDirOf(args),
    hostHidden: args.request.hiddenFromBind,
    reports: buildspec.reports,
    projectName: args.project.name,
    region: deps.region,
    accountId: deps.accountId,
    buildArn: args.identity.arn,
    reportsDir: request.reportsDir,
    log: args.log,
  });
  // Only secondary artifacts and no primary `files`: CodeBuild fails (docs/aws/codebuild.md §1.10, CBDI#128).
  if (!buildspec.artifacts && buildspec.secondaryArtifacts.length && !request.artifactTargets?.secondary) {
    outcome.error = noPrimary();
    return outcome;
  }
  const wanted = request.artifactTargets;
  const specs = [...(buildspec.artifacts ? [buildspec.artifacts] : []), ...buildspec.secondaryArtifacts];
  for (const spec of specs) {
    const id = spec.identifier;
    // A pipeline names the outputs it wants; only those are uploaded (docs/aws/codepipeline.md §2.2 item 2).
    const target = wanted ? (id ? wanted.secondary?.[id] : wanted.primary) : defaultTarget(args, spec);
    if (!target) continue;
    const r = await uploadOne(deps, args, spec, target);
    if ('statusCode' in r) {
      outcome.error = r;
      return outcome;
    }
    if (id) outcome.secondary.push(r);
    else outcome.primary = r;
  }
  const missing = wanted && missingOutput(wanted, outcome);
  if (missing) outcome.error = missing;
  return outcome;
}

function hostSrcDirOf(args: UploadArgs): string | undefined {
  return args.request.bind ? args.request.sourceDir : undefined;
}

/** One artifact zipped into its target: the Build's artifact fields, or UPLOAD_ARTIFACTS's failure context. */
async function uploadOne(
  deps: BuildOutputsDeps,
  args: UploadArgs,
  spec: ArtifactSpec,
  target: ArtifactTarget,
): Promise<BuildArtifactsResult | PhaseContext> {
  const id = spec.identifier;
  const r = await uploadArtifacts({
    container: args.container,
    srcDir: args.srcDir,
    hostSrcDir: hostSrcDirOf(args),
    hostHidden: args.request.hiddenFromBind,
    spec,
    evaluatedName: args.names[id ?? ''],
    target: { s3: deps.s3, bucket: target.bucket, key: target.key },
    buildArn: args.identity.arn,
    unpackTo: !id && args.request.artifactsDir ? args.request.artifactsDir : undefined,
    log: args.log,
  });
  if (!r.ok) return r.context;
  return {
    location: r.location,
    sha256sum: r.sha256sum,
    md5sum: r.md5sum,
    artifactIdentifier: id,
    localPath: r.localPath,
    unpackedTo: r.unpackedTo,
  };
}

/** Every output the pipeline expects must have been produced. */
function missingOutput(
  wanted: NonNullable<UploadArgs['request']['artifactTargets']>,
  outcome: UploadOutcome,
): PhaseContext | undefined {
  for (const id of Object.keys(wanted.secondary ?? {})) {
    if (!outcome.secondary.some((s) => s.artifactIdentifier === id))
      return { statusCode: 'CLIENT_ERROR', message: `no definition for secondary artifact ${id} in buildspec` };
  }
  if (wanted.primary && !outcome.primary) return noPrimary();
  return undefined;
}
