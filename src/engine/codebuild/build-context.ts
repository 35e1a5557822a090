/**
 * Identity and layout of one build: ids, ARNs, the container paths of its sources, and the
 * predefined variables CodeBuild sets (docs/aws/codebuild.md §3, §8.20).
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { SecondarySourceInput } from './build-types.js';

export interface BuildIdentity {
  uuid: string;
  projectName: string;
  id: string;
  arn: string;
  projectArn: string;
  buildNumber: number;
  accountId: string;
  region: string;
  startTimeMs: number;
}

export function newBuildIdentity(
  projectName: string,
  accountId: string,
  region: string,
  buildNumber: number,
): BuildIdentity {
  const uuid = randomUUID();
  return {
    uuid,
    projectName,
    id: `${projectName}:${uuid}`,
    arn: `arn:aws:codebuild:${region}:${accountId}:build/${projectName}:${uuid}`,
    projectArn: `arn:aws:codebuild:${region}:${accountId}:project/${projectName}`,
    buildNumber,
    accountId,
    region,
    startTimeMs: Date.now(),
  };
}

/** A project name from a folder name, restricted to CodeBuild's name pattern. */
export function projectNameFromDir(dir: string): string {
  const n = basename(dir)
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
  return n.length >= 2 ? n.slice(0, 150) : 'codelocal-build';
}

export interface SourceLayout {
  /** CODEBUILD_SRC_DIR inside the container. */
  primary: string;
  secondary: { identifier: string; dir: string; hostDir: string }[];
}

/**
 * Where sources land in the container. The local agent uses /codebuild/output/src<N>/src; builds
 * from CodePipeline with several inputs use .../src/s3/00, s3/01... (docs/aws/codebuild.md §3).
 */
export function sourceLayout(
  secondary: SecondarySourceInput[],
  pipelineLayout: boolean,
  srcRoot?: string,
): SourceLayout {
  // A reused container (--reuse) already has its sources under a srcRoot: keep it, so paths stay valid.
  const base = srcRoot ?? `/codebuild/output/src${Math.floor(100_000_000 + Math.random() * 899_999_999)}`;
  const root = `${base}/src`;
  if (pipelineLayout && secondary.length > 0) {
    return {
      primary: `${root}/s3/00`,
      secondary: secondary.map((s, i) => ({
        identifier: s.identifier,
        dir: `${root}/s3/${String(i + 1).padStart(2, '0')}`,
        hostDir: s.dir,
      })),
    };
  }
  return {
    primary: root,
    secondary: secondary.map((s) => ({ identifier: s.identifier, dir: `${base}/${s.identifier}`, hostDir: s.dir })),
  };
}

export interface PredefinedInput {
  identity: BuildIdentity;
  image: string;
  layout: SourceLayout;
  initiator?: string;
  sourceVersion?: string;
  resolvedSourceVersion?: string;
  sourceRepoUrl?: string;
  secondary: SecondarySourceInput[];
  batchBuildIdentifier?: string;
}

export function predefinedVariables(input: PredefinedInput): Record<string, string> {
  const { identity: id, layout } = input;
  const vars: Record<string, string> = {
    AWS_DEFAULT_REGION: id.region,
    AWS_REGION: id.region,
    CODEBUILD_BATCH_BUILD_IDENTIFIER: input.batchBuildIdentifier ?? '',
    CODEBUILD_BUILD_ARN: id.arn,
    CODEBUILD_BUILD_ID: id.id,
    CODEBUILD_BUILD_IMAGE: input.image,
    CODEBUILD_BUILD_NUMBER: String(id.buildNumber),
    CODEBUILD_BUILD_SUCCEEDING: '1',
    CODEBUILD_INITIATOR: input.initiator ?? safeUser(),
    CODEBUILD_KMS_KEY_ID: `arn:aws:kms:${id.region}:${id.accountId}:alias/aws/s3`,
    CODEBUILD_LOG_PATH: id.uuid,
    CODEBUILD_PROJECT_ARN: id.projectArn,
    CODEBUILD_SOURCE_REPO_URL: input.sourceRepoUrl ?? '',
    CODEBUILD_SRC_DIR: layout.primary,
    CODEBUILD_START_TIME: String(id.startTimeMs),
    HOME: '/root',
  };
  if (input.sourceVersion) vars.CODEBUILD_SOURCE_VERSION = input.sourceVersion;
  // Set only when the source has a resolvable revision (git); unset for S3/zip sources (§3).
  if (input.resolvedSourceVersion) vars.CODEBUILD_RESOLVED_SOURCE_VERSION = input.resolvedSourceVersion;
  for (const s of layout.secondary) vars[`CODEBUILD_SRC_DIR_${s.identifier}`] = s.dir;
  for (const s of input.secondary) {
    if (s.sourceVersion) vars[`CODEBUILD_SOURCE_VERSION_${s.identifier}`] = s.sourceVersion;
    if (s.repoUrl) vars[`CODEBUILD_SOURCE_REPO_URL_${s.identifier}`] = s.repoUrl;
  }
  return vars;
}

function safeUser(): string {
  try {
    return process.env.USER ?? userInfo().username;
  } catch {
    return 'codelocal';
  }
}
