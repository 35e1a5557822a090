/**
 * Input and output mapping shared by the CodeBuild and Commands actions (docs/aws/codepipeline.md §2.2):
 * the primary input is CODEBUILD_SRC_DIR, every other input a secondary source
 * CODEBUILD_SRC_DIR_<ArtifactName>; one output is the buildspec's `artifacts`, two or more are
 * `secondary-artifacts` by identifier. A CODEBUILD_CLONE_REF input becomes a full clone.
 */
import { readTextInside } from '../../../archive/index.js';
import { runWorkspaceBuild, type Build, type BuildRequest, type SecondarySourceInput } from '../../codebuild/index.js';
import { SOURCE_IDENTIFIER, SOURCE_IDENTIFIER_MESSAGE } from '../../../model/index.js';
import { s3Arn } from '../../../stores/index.js';
import { cloneAt } from '../git.js';
import { removeQuietly, tempFolder } from '../artifacts.js';
import type { ActionContext, ActionInput, ActionResult, PipelineBuild } from '../types.js';
import { CLONE_REF_FILE, type CloneRef } from './git-source.js';

/** CBAPI ProjectSource.sourceIdentifier; AWS fails the build (not the create) with this text (§1.5). */
export const IDENTIFIER_MESSAGE = SOURCE_IDENTIFIER_MESSAGE;

export interface MappedInputs {
  primary: ActionInput;
  sourceDir: string;
  request: Partial<BuildRequest>;
  /** Temp folders to remove afterwards (clones). */
  temps: string[];
}

export type Mapping = { ok: true; value: MappedInputs } | { ok: false; result: ActionResult };

const fail = (summary: string): Mapping => ({ ok: false, result: { status: 'Failed', summary } });

async function folderOf(ctx: ActionContext, input: ActionInput, temps: string[]): Promise<string | { error: string }> {
  if (input.unpackError) return { error: input.unpackError };
  if (input.record.format !== 'CODEBUILD_CLONE_REF') return input.dir;
  const ref = JSON.parse(readTextInside(input.dir, CLONE_REF_FILE) ?? '') as CloneRef;
  const dest = tempFolder(ctx.services.state, 'clone');
  temps.push(dest);
  await cloneAt(ref.CodelocalRepositoryPath, ref.CommitId, dest, {
    ...(ref.BranchName ? { branch: ref.BranchName } : {}),
    ...(ref.CloneUrl && !ref.CloneUrl.startsWith('file://') ? { remoteUrl: ref.CloneUrl } : {}),
  });
  ctx.log(`cloned ${ref.CodelocalRepositoryPath} at ${ref.CommitId} with its history (CODEBUILD_CLONE_REF)`);
  return dest;
}

export async function mapBuildIO(ctx: ActionContext, primaryName: string | undefined): Promise<Mapping> {
  const name = primaryName ?? ctx.inputs[0]?.record.name;
  const primary = ctx.inputs.find((i) => i.record.name === name);
  if (!primary) return fail(`PrimarySource ${name ?? '(none)'} is not an input artifact of action ${ctx.actionName}`);
  const secondary = ctx.inputs.filter((i) => i !== primary);
  // Identifiers matter only where CodeBuild needs them: secondary sources, and outputs when there are several.
  const identifiers = [
    ...secondary.map((i) => i.record.name),
    ...(ctx.outputs.length > 1 ? ctx.outputs.map((o) => o.name) : []),
  ];
  if (identifiers.some((id) => !SOURCE_IDENTIFIER.test(id))) return fail(IDENTIFIER_MESSAGE);

  const temps: string[] = [];
  try {
    const primaryDir = await folderOf(ctx, primary, temps);
    if (typeof primaryDir !== 'string') return fail(primaryDir.error);
    const secondarySources: SecondarySourceInput[] = [];
    for (const s of secondary) {
      const dir = await folderOf(ctx, s, temps);
      if (typeof dir !== 'string') return fail(dir.error);
      secondarySources.push({ identifier: s.record.name, dir, sourceVersion: s3Arn(s.record.bucket, s.record.key) });
    }
    const targets: NonNullable<BuildRequest['artifactTargets']> = {};
    if (ctx.outputs.length === 1) targets.primary = { bucket: ctx.outputs[0]!.bucket, key: ctx.outputs[0]!.key };
    if (ctx.outputs.length > 1) {
      targets.secondary = Object.fromEntries(ctx.outputs.map((o) => [o.name, { bucket: o.bucket, key: o.key }]));
    }
    for (const o of ctx.outputs) ctx.services.s3.createBucket(o.bucket);
    return {
      ok: true,
      value: {
        primary,
        sourceDir: primaryDir,
        temps,
        request: {
          initiator: `codepipeline/${ctx.pipelineName}`,
          // §2.2 item 7: for pipeline builds CODEBUILD_SOURCE_VERSION is the input artifact's S3 ARN.
          sourceVersion: s3Arn(primary.record.bucket, primary.record.key),
          ...(primary.record.revision ? { resolvedSourceVersion: primary.record.revision } : {}),
          secondarySources,
          pipelineLayout: true,
          artifactTargets: targets,
          copySourcesAsIs: true,
          pipelineExecutionId: ctx.executionId,
        },
      },
    };
  } catch (e) {
    for (const t of temps) removeQuietly(t);
    throw e;
  }
}

/** Which outputs the build did not produce: the primary artifact, or secondary ones by identifier. */
export function missingOutputs(ctx: ActionContext, build: Build): string[] {
  if (ctx.outputs.length === 1) return build.artifacts?.location ? [] : [ctx.outputs[0]!.name];
  return ctx.outputs
    .filter((o) => !build.secondaryArtifacts.some((a) => a.artifactIdentifier === o.name))
    .map((o) => o.name);
}

/** The failure summary the action shows, in the words CodePipeline uses for a failed build. */
export function buildSummary(build: Build): string {
  const failed = [...build.phases].reverse().find((p) => p.phaseStatus && p.phaseStatus !== 'SUCCEEDED');
  const context = failed?.contexts?.find((c) => c.message);
  const parts = [`Build terminated with state: ${build.buildStatus}`];
  if (failed) parts.push(`Phase: ${failed.phaseType}`);
  if (context) parts.push(`Code: ${context.statusCode}, Message: ${context.message}`);
  return parts.join('. ');
}

export function buildResult(ctx: ActionContext, build: Build): ActionResult {
  const base = { externalExecutionId: build.id, externalExecutionUrl: build.logs.deepLink };
  if (build.buildStatus !== 'SUCCEEDED') {
    const failure = build.codelocal.failure;
    return { ...base, status: 'Failed', summary: buildSummary(build), ...(failure ? { failure } : {}) };
  }
  const missing = missingOutputs(ctx, build);
  if (missing.length > 0) {
    const what =
      ctx.outputs.length === 1
        ? `the buildspec produced no primary artifact for output ${missing[0]}`
        : `no secondary artifact with identifier ${missing.join(', ')} in the buildspec's secondary-artifacts (output artifact names must match them)`;
    return { ...base, status: 'Failed', summary: `Build succeeded but ${what}` };
  }
  return {
    ...base,
    status: 'Succeeded',
    outputVariables: Object.fromEntries(build.exportedEnvironmentVariables.map((v) => [v.name, v.value])),
    stored: Object.fromEntries(ctx.outputs.map((o) => [o.name, { format: 'ZIP' as const }])),
  };
}

/**
 * Maps the action's inputs and outputs, runs the build through the build engine in the pipeline's
 * workspace (its config, stubs, masker and history, opened once for the run), and turns it into
 * the action's result; the unpacked inputs are removed afterwards, whatever happened.
 */
export async function runMappedBuild(
  ctx: ActionContext,
  primaryName: string | undefined,
  build: Omit<PipelineBuild, 'sourceDir' | 'request' | 'output' | 'signal'>,
): Promise<ActionResult> {
  const io = await mapBuildIO(ctx, primaryName);
  if (!io.ok) return io.result;
  try {
    const s = ctx.services;
    const services = {
      workspace: s.workspace,
      runtime: await s.runtime(),
      store: s.store,
      localAws: s.localAws,
      afterBuild: s.buildHooks?.afterBuild,
      ...(typeof ctx.declaration.roleArn === 'string' ? { roleArn: ctx.declaration.roleArn } : {}),
      buildStarted: s.buildHooks?.buildStarted,
    };
    const result = await runWorkspaceBuild(services, {
      ...build,
      sourceDir: io.value.sourceDir,
      request: { debug: s.buildHooks?.debug, ...io.value.request },
      output: ctx.output,
      signal: ctx.signal,
    });
    return buildResult(ctx, result);
  } finally {
    for (const t of io.value.temps) removeQuietly(t);
  }
}
