/**
 * CreatePipeline's validation, reproduced (docs/aws/codepipeline.md §1.2–1.5, §1.10, §1.11): every problem
 * is reported with the position of the offending value. AWS's wording is used where it is known;
 * the other messages are codelocal's own and marked UNCERTAIN where they are written.
 *
 * Things AWS accepts at create time but that fail at run time (unknown variable namespaces,
 * configuration that names a missing artifact) are warnings: the pipeline is valid.
 */
import type { InputError } from '../errors.js';
import type { LoadedPipeline, PipelineDeclaration, StageDeclaration } from './pipeline-types.js';
import {
  Diagnostics,
  E_ACTION,
  E_SHAPE,
  E_STAGE,
  E_STRUCTURE,
  lookupPosition,
  type Path,
  type PipelineWarning,
} from './pipeline-diagnostics.js';
import { checkInteger, checkListLength, checkString, PATTERNS } from './pipeline-validate-fields.js';
import { regionLabel, validateAction, wrongRegionHint } from './pipeline-validate-action.js';
import { checkStageConditions } from './pipeline-validate-conditions.js';
import {
  actionSites,
  validateArtifactFlow,
  validateNamespaces,
  validatePipelineVariables,
  validateVariableReferences,
  type ActionSite,
} from './pipeline-validate-flow.js';
import { isObject } from './pipeline-normalize.js';
import { isNotEvaluated } from './not-evaluated.js';
import type { ActionTypeSpec } from './action-type-spec.js';

export interface ValidatePipelineOptions {
  /** The pipeline's region (default us-east-1): names the region in messages, keys artifactStores. */
  region?: string;
  /** Custom action types declared beside the pipeline (custom-action-types.ts). */
  customTypes?: readonly ActionTypeSpec[];
}

export interface PipelineValidation {
  errors: InputError[];
  warnings: PipelineWarning[];
}

export const DEFAULT_REGION = 'us-east-1';

export function validatePipeline(loaded: LoadedPipeline, options: ValidatePipelineOptions = {}): PipelineValidation {
  const d = new Diagnostics((path) => lookupPosition(loaded.positions, path));
  validateDeclaration(d, loaded.pipeline, options.region ?? DEFAULT_REGION, options.customTypes);
  return { errors: d.errors, warnings: d.warnings };
}

/** The checks on an already-normalised declaration, reporting into `d` (loadPipeline shares it). */
export function validateDeclaration(
  d: Diagnostics,
  pipeline: PipelineDeclaration,
  region: string,
  customTypes: readonly ActionTypeSpec[] = [],
): void {
  checkString(d, ['name'], pipeline.name, { min: 1, max: 100, pattern: PATTERNS.name });
  checkString(d, ['roleArn'], pipeline.roleArn, { max: 1024, pattern: PATTERNS.roleArn });
  checkString(d, ['executionMode'], pipeline.executionMode, {
    optional: true,
    enum: ['QUEUED', 'SUPERSEDED', 'PARALLEL'],
  });
  checkString(d, ['pipelineType'], pipeline.pipelineType, { optional: true, enum: ['V1', 'V2'] });
  checkInteger(d, ['version'], pipeline.version, { min: 1, max: Number.MAX_SAFE_INTEGER, optional: true });
  checkStages(d, pipeline.stages, pipeline.executionMode);
  const sites = actionSites(pipeline);
  const ctx = { regionLabel: regionLabel(region), region, customTypes, everyActionIn: soleOtherRegion(sites, region) };
  for (const site of sites) site.spec = validateAction(d, ctx, site.action, site.path);
  checkStageLayout(d, pipeline.stages, sites);
  checkArtifactStores(d, pipeline, sites, region, wrongRegionHint(ctx));
  validateArtifactFlow(d, sites);
  const namespaces = validateNamespaces(d, sites);
  validatePipelineVariables(d, pipeline);
  validateVariableReferences(d, pipeline, sites, namespaces);
  checkPipelineType(d, pipeline, sites);
}

/** The one region every action names, when it is not the pipeline's (undefined otherwise). */
function soleOtherRegion(sites: ActionSite[], region: string): string | undefined {
  const regions = new Set(sites.map((s) => s.action.region));
  const [only] = regions;
  return regions.size === 1 && typeof only === 'string' && only !== region ? only : undefined;
}

/** 2–50 stages (§1.10), names valid and unique, 1–50 actions each, unique action names. */
function checkStages(d: Diagnostics, stages: StageDeclaration[], mode: unknown): void {
  if (stages.length < 2) {
    d.error(
      E_STRUCTURE,
      `Pipeline has only ${stages.length} stage(s). There should be a minimum of 2 stages in a pipeline`,
      ['stages'],
    );
  } else if (stages.length > 50) {
    // UNCERTAIN wording (LimitExceededException; §1.10 gives the quota, not the text).
    d.error(E_STRUCTURE, `Pipeline has ${stages.length} stages; a pipeline can have at most 50 stages`, ['stages']);
  }
  const stageNames = new Set<string>();
  let total = 0;
  stages.forEach((stage, i) => {
    const path = ['stages', i];
    const name = checkString(d, [...path, 'name'], stage.name, { min: 1, max: 100, pattern: PATTERNS.name });
    if (name !== undefined) {
      // UNCERTAIN wording (§1.11).
      if (stageNames.has(name)) {
        d.error(
          E_STAGE,
          `Stage name '${name}' is used by more than one stage; stage names must be unique in a pipeline`,
          [...path, 'name'],
        );
      }
      stageNames.add(name);
    }
    checkListLength(d, [...path, 'actions'], stage.actions, { min: 1, max: 50 });
    total += stage.actions.length;
    const actionNames = new Set<string>();
    stage.actions.forEach((a, j) => {
      if (typeof a.name !== 'string') return;
      // UNCERTAIN wording (§1.11).
      if (actionNames.has(a.name)) {
        d.error(
          E_STAGE,
          `Action name '${a.name}' is used by more than one action in stage '${String(stage.name)}'; action names must be unique in a stage`,
          [...path, 'actions', j, 'name'],
        );
      }
      actionNames.add(a.name);
    });
    checkRollbackInParallel(d, stage, path, mode);
    checkStageConditions(d, stage, path, mode);
  });
  if (total > 500) {
    // UNCERTAIN wording (§1.10 quota).
    d.error(E_STRUCTURE, `Pipeline has ${total} actions; a pipeline can have at most 500 actions`, ['stages']);
  }
}

/**
 * First stage: only source actions, at least one; sources nowhere else; some stage does real work
 * (§1.2). All wordings UNCERTAIN (§1.11 lists these rules among the unverified ones).
 */
function checkStageLayout(d: Diagnostics, stages: StageDeclaration[], sites: ActionSite[]): void {
  for (const site of sites) {
    const category = site.action.actionTypeId?.category;
    if (typeof category !== 'string') continue;
    if (site.stageIndex === 0 && category !== 'Source') {
      d.error(
        E_STRUCTURE,
        `Stage '${site.stageName}' is the first stage and can contain only source actions, but action ${site.action.name} has category ${category}`,
        [...site.path, 'actionTypeId', 'category'],
      );
    } else if (site.stageIndex > 0 && category === 'Source') {
      d.error(
        E_STRUCTURE,
        `Action ${site.action.name} in stage '${site.stageName}' is a source action; source actions can only be in the first stage`,
        [...site.path, 'actionTypeId', 'category'],
      );
    }
  }
  const first = stages[0];
  if (first && first.actions.length > 0 && !first.actions.some((a) => a.actionTypeId?.category === 'Source')) {
    d.error(E_STRUCTURE, `The first stage '${String(first.name)}' must contain at least one source action`, [
      'stages',
      0,
    ]);
  }
  if (stages.length > 0 && !sites.some((s) => s.action.actionTypeId?.category !== 'Source')) {
    d.error(E_STRUCTURE, `Pipeline must have at least one stage that contains a non-source action`, ['stages']);
  }
}

/** "failure conditions with a rollback result type cannot be added to a PARALLEL mode pipeline" (§1.7). */
function checkRollbackInParallel(d: Diagnostics, stage: StageDeclaration, path: Path, mode: unknown): void {
  if (mode !== 'PARALLEL') return;
  const onFailure = (stage as unknown as Record<string, unknown>).onFailure;
  if (!isObject(onFailure)) return;
  const conditions = Array.isArray(onFailure.conditions) ? onFailure.conditions : [];
  const rollback =
    onFailure.result === 'ROLLBACK' || conditions.some((c: unknown) => isObject(c) && c.result === 'ROLLBACK');
  if (rollback) {
    // UNCERTAIN wording.
    d.error(
      E_STAGE,
      `Stage '${String(stage.name)}' has a ROLLBACK failure result, which a PARALLEL pipeline cannot use`,
      [...path, 'onFailure'],
    );
  }
}

/**
 * Exactly one of artifactStore / artifactStores (API:PipelineDeclaration). codelocal keeps
 * artifacts on disk, so a missing store is only a warning: get-pipeline examples in docs often omit it.
 */
function checkArtifactStores(
  d: Diagnostics,
  pipeline: PipelineDeclaration,
  sites: ActionSite[],
  region: string,
  hint: string,
): void {
  const single = pipeline.artifactStore;
  const multi = pipeline.artifactStores;
  if (single !== undefined && multi !== undefined) {
    // UNCERTAIN wording; the API text is "you cannot use both".
    d.error(
      E_STRUCTURE,
      `Pipeline cannot have both artifactStore and artifactStores; use artifactStores for cross-region actions, otherwise artifactStore`,
      ['artifactStores'],
    );
    return;
  }
  if (single === undefined && multi === undefined) {
    d.warn(
      'PIPELINE_NO_ARTIFACT_STORE',
      'the pipeline has neither artifactStore nor artifactStores; AWS requires one, codelocal keeps artifacts in its local store either way',
      [],
    );
  }
  if (single !== undefined) checkStore(d, single, ['artifactStore']);
  const regions: string[] = [];
  // An unknown store (Fn::Transform) is accepted unchecked; the run uses the local default bucket (issue 11).
  if (multi !== undefined && !isNotEvaluated(multi)) {
    if (!isObject(multi)) {
      d.error(E_SHAPE, `'artifactStores' must map each region to an artifact store`, ['artifactStores']);
    } else {
      for (const [r, store] of Object.entries(multi)) {
        regions.push(r);
        checkStore(d, store, ['artifactStores', r]);
      }
      if (!regions.includes(region)) {
        // UNCERTAIN wording ("There must be an artifact store for the pipeline Region", API:PipelineDeclaration).
        // A template does not say where its stack deploys: the region may be codelocal's assumption.
        const named = regions.join(', ');
        d.error(
          E_STRUCTURE,
          `artifactStores has no artifact store for the pipeline's region '${region}' (the stores are for ${named}: if the pipeline runs in one of them, give it with --region; pipeline plan and run also take region: from codelocal.yml)`,
          ['artifactStores'],
        );
      }
    }
  }
  for (const site of sites) {
    const r = site.action.region;
    if (typeof r !== 'string' || r === region || site.action.actionTypeId?.category === 'Source') continue;
    if (isNotEvaluated(multi)) continue;
    if (!regions.includes(r)) {
      // UNCERTAIN wording.
      d.error(
        E_ACTION,
        `Action ${site.action.name} runs in region '${r}', which needs an entry for '${r}' in artifactStores (cross-region actions require artifactStores)${hint}`,
        [...site.path, 'region'],
      );
    }
  }
}

function checkStore(d: Diagnostics, store: unknown, path: Path): void {
  if (isNotEvaluated(store)) return;
  if (!isObject(store)) {
    d.error(E_SHAPE, `an artifact store must be an object with type and location`, path);
    return;
  }
  checkString(d, [...path, 'type'], store.type, { enum: ['S3'] });
  checkString(d, [...path, 'location'], store.location, { min: 3, max: 63, pattern: PATTERNS.bucket });
}

/** The pipeline features that exist only in V2 (§1.6). */
function v2Features(pipeline: PipelineDeclaration, sites: ActionSite[]) {
  const mode = pipeline.executionMode;
  return {
    /** Rejected on an explicit V1 pipeline ("Pipeline type V2 required"). */
    required: [
      ...sites
        .filter((s) => s.action.actionTypeId?.category === 'Compute')
        .map((s) => ({ what: `the Commands action ${s.action.name}`, path: [...s.path, 'actionTypeId'] as Path })),
      ...(mode === 'QUEUED' || mode === 'PARALLEL'
        ? [{ what: `executionMode ${mode}`, path: ['executionMode'] as Path }]
        : []),
    ],
    /** Upgrade the pipeline to V2 per the API text (§1.6 UNCERTAIN; recommended: accept with a warning). */
    upgrading: [
      ...(Array.isArray(pipeline.variables) && pipeline.variables.length > 0
        ? [{ what: 'pipeline variables', path: ['variables'] as Path }]
        : []),
      ...(Array.isArray(pipeline.triggers) && pipeline.triggers.length > 0
        ? [{ what: 'triggers', path: ['triggers'] as Path }]
        : []),
      ...pipeline.stages.flatMap((s, i) =>
        (['beforeEntry', 'onSuccess', 'onFailure'] as const)
          .filter((k) => (s as unknown as Record<string, unknown>)[k] !== undefined)
          .map((k) => ({ what: `stage conditions (${k})`, path: ['stages', i, k] as Path })),
      ),
    ],
  };
}

/**
 * The type codelocal runs the pipeline as: the declared one, or V2 when V2 features are used
 * without a declared type (a V1 pipeline with variables/triggers/conditions is upgraded too).
 */
export function effectivePipelineType(pipeline: PipelineDeclaration): 'V1' | 'V2' {
  if (pipeline.pipelineType === 'V2') return 'V2';
  const f = v2Features(pipeline, actionSites(pipeline));
  if (pipeline.pipelineType === 'V1') return f.upgrading.length > 0 ? 'V2' : 'V1';
  return f.required.length + f.upgrading.length > 0 ? 'V2' : 'V1';
}

function checkPipelineType(d: Diagnostics, pipeline: PipelineDeclaration, sites: ActionSite[]): void {
  if (pipeline.pipelineType === 'V2') return;
  const f = v2Features(pipeline, sites);
  if (pipeline.pipelineType === 'V1') {
    for (const r of f.required) {
      // UNCERTAIN wording ("Pipeline type V2 required", UG:execution-modes, UG:action-reference-Commands).
      d.error(E_STRUCTURE, `${r.what} requires a V2 pipeline, but pipelineType is V1`, r.path);
    }
    for (const u of f.upgrading) {
      d.warn(
        'PIPELINE_V2_ASSUMED',
        `${u.what} are a V2 feature; codelocal runs this V1 pipeline as V2, as AWS upgrades it`,
        u.path,
      );
    }
    return;
  }
  const all = [...f.required, ...f.upgrading];
  if (all.length > 0) {
    d.warn(
      'PIPELINE_V2_ASSUMED',
      `pipelineType is not set and the pipeline uses V2 features (${all.map((x) => x.what).join(', ')}); codelocal treats it as V2`,
      all[0]!.path,
    );
  }
}
