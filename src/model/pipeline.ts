/**
 * Loads a pipeline from `aws codepipeline get-pipeline` JSON (with or without the outer `pipeline`
 * key; `metadata` ignored) or from a CloudFormation template's AWS::CodePipeline::Pipeline resource
 * (`file#LogicalId`, or the only one), normalises it to the API shape with get-pipeline's defaults,
 * records where every value came from and validates it (pipeline-validate.ts).
 */
import { isMap } from 'yaml';
import { InputError, ValidationError, type SourcePosition } from '../errors.js';
import type { LoadedPipeline, PipelineDeclaration } from './pipeline-types.js';
import type { CodeBuildProject } from './project-types.js';
import { loadTemplate, type TemplateOptions } from './cloudformation.js';
import { loadProjects, splitProjectRef } from './project.js';
import { convertPipelineResource, selectPipelineResource, type TemplateOnlySettings } from './pipeline-from-cfn.js';
import { allPaths, normalizePipeline, isObject } from './pipeline-normalize.js';
import { Diagnostics, pathKey, type Path, type PipelineWarning } from './pipeline-diagnostics.js';
import { DEFAULT_REGION, effectivePipelineType, validateDeclaration } from './pipeline-validate.js';
import { customActionTypes } from './custom-action-types.js';
import type { ActionTypeSpec } from './action-type-spec.js';
import { lastWinsMessage, mapEntries, parseYaml, positionOf, readTextFile, sortByPosition } from './yaml-source.js';

export { validatePipeline, effectivePipelineType } from './pipeline-validate.js';
export type { PipelineWarning } from './pipeline-diagnostics.js';

export interface LoadPipelineOptions {
  /** CloudFormation parameter values (templates only). */
  parameterOverrides?: Record<string, string>;
  accountId?: string;
  /** The pipeline's region: pseudo parameter, artifactStores key, region in messages. Default us-east-1. */
  region?: string;
  /** Which pipeline resource of a template (also accepted as `file#LogicalId`). */
  logicalId?: string;
  stackName?: string;
  /** Answers a template's `{{resolve:ssm:NAME}}` from the parameter stubs (docs/stubs.md). */
  ssmParameter?: (name: string) => string | undefined;
  /** Values for a template's `Fn::ImportValue` (codelocal.yml `imports`); missing ones are unknown. */
  imports?: Record<string, string>;
}

export interface LoadedPipelineResult extends LoadedPipeline {
  format: 'api' | 'cloudformation';
  /** The template resource the pipeline came from. */
  logicalId?: string;
  /** V2 when declared, or when V2 features are used (see effectivePipelineType). */
  pipelineType: 'V1' | 'V2';
  region: string;
  warnings: PipelineWarning[];
  /** CloudFormation-only settings: initial transition state, restart on update. */
  templateOnly?: TemplateOnlySettings;
  /** The `AWS::CodePipeline::CustomActionType`s of the template: action types of this pipeline. */
  customActionTypes?: readonly ActionTypeSpec[];
}

export interface PipelineReadResult {
  loaded: LoadedPipelineResult;
  /** Every validation problem, in file order; empty when the pipeline is valid. */
  errors: InputError[];
}

interface Source {
  format: 'api' | 'cloudformation';
  raw: unknown;
  positionOf: (path: Path) => SourcePosition | undefined;
  logicalId?: string;
  templateOnly?: TemplateOnlySettings;
  projects: Map<string, CodeBuildProject>;
  errors: InputError[];
  warnings: PipelineWarning[];
  /** get-pipeline output says where the pipeline lives (metadata.pipelineArn). */
  region?: string;
  customActionTypes?: readonly ActionTypeSpec[];
}

/** The region of get-pipeline's `metadata.pipelineArn` (arn:aws:codepipeline:REGION:ACCOUNT:NAME). */
function metadataRegion(data: unknown): string | undefined {
  const arn = isObject(data) && isObject(data.metadata) ? data.metadata.pipelineArn : undefined;
  return typeof arn === 'string' ? /^arn:aws[\w-]*:codepipeline:([a-z0-9-]+):/.exec(arn)?.[1] : undefined;
}

function templateOptions(options: LoadPipelineOptions): TemplateOptions {
  return {
    parameterOverrides: options.parameterOverrides,
    accountId: options.accountId,
    region: options.region,
    stackName: options.stackName,
    ssmParameter: options.ssmParameter,
    imports: options.imports,
  };
}

function fromTemplate(file: string, logicalId: string | undefined, options: LoadPipelineOptions): Source {
  const template = loadTemplate(file, templateOptions(options));
  const resource = selectPipelineResource(template, logicalId);
  const converted = convertPipelineResource(template, resource);
  const errors = [...converted.errors];
  let projects = new Map<string, CodeBuildProject>();
  try {
    projects = loadProjects(file, templateOptions(options));
  } catch (e) {
    // A broken project of the same template is a problem of this input too: report it with the rest.
    if (e instanceof ValidationError) errors.push(...e.problems);
    else throw e;
  }
  return {
    format: 'cloudformation',
    raw: converted.raw,
    positionOf: converted.positionOf,
    logicalId: resource.logicalId,
    templateOnly: converted.templateOnly,
    customActionTypes: customActionTypes(template.resources.values()),
    projects,
    errors,
    warnings: template.warnings.map((w) => ({
      code: w.code ?? 'TEMPLATE_WARNING',
      message: w.message,
      position: w.pos,
    })),
  };
}

function readSource(ref: string, options: LoadPipelineOptions): { file: string; source: Source } {
  const split = splitProjectRef(ref);
  const file = split.file;
  const logicalId = options.logicalId ?? split.logicalId;
  const text = readTextFile(file, 'FILE_NOT_FOUND');
  // The AWS CLI's JSON reader and CloudFormation keep the last of repeated keys (issue 11).
  const parsed = parseYaml(text, file, { version: '1.1', duplicateKeys: 'last-wins' });
  if (parsed.errors.length > 0) throw new ValidationError(parsed.errors);
  const src = parsed.source;
  const root = src.doc.contents;
  const keys = isMap(root) ? mapEntries(src, root).map((e) => e.key) : [];
  if (keys.includes('Resources') || keys.includes('AWSTemplateFormatVersion')) {
    return { file, source: fromTemplate(file, logicalId, options) };
  }
  const data: unknown = src.doc.toJS({ maxAliasCount: -1 }); // expansion already bounded (yaml-limits.ts)
  // get-pipeline wraps the declaration in `pipeline` next to `metadata`; update-pipeline input does not.
  const wrapped = isObject(data) && isObject(data.pipeline);
  const prefix: Path = wrapped ? ['pipeline'] : [];
  return {
    file,
    source: {
      format: 'api',
      raw: wrapped ? (data as { pipeline: unknown }).pipeline : data,
      region: metadataRegion(data),
      positionOf: (path) => positionOf(src, [...prefix, ...path]),
      projects: new Map(),
      errors: [],
      warnings: parsed.duplicates.map((e) => ({
        code: 'YAML_KEY_LAST_WINS' as const,
        message: lastWinsMessage(e),
        position: e.position,
      })),
    },
  };
}

/**
 * Reads, normalises and validates without throwing on validation problems (the `validate` command
 * reports them all). Unreadable input (missing file, YAML syntax, template errors) still throws.
 */
export function readPipeline(ref: string, options: LoadPipelineOptions = {}): PipelineReadResult {
  const { file, source } = readSource(ref, options);
  // get-pipeline output is valid input (issue 11): its actions carry the region its ARN names, which
  // is the pipeline's own region whatever the default here.
  const region = source.region ?? options.region ?? DEFAULT_REGION;
  const d = new Diagnostics(source.positionOf);
  const pipeline: PipelineDeclaration = normalizePipeline(d, source.raw);
  validateDeclaration(d, pipeline, region, source.customActionTypes);
  const positions = new Map<string, SourcePosition>();
  for (const path of allPaths(pipeline)) {
    const pos = source.positionOf(path);
    if (pos) positions.set(pathKey(path), pos);
  }
  const loaded: LoadedPipelineResult = {
    pipeline,
    file,
    positions,
    projects: source.projects,
    format: source.format,
    logicalId: source.logicalId,
    pipelineType: effectivePipelineType(pipeline),
    region,
    warnings: sortByPosition([...source.warnings, ...d.warnings]),
    templateOnly: source.templateOnly,
    customActionTypes: source.customActionTypes,
  };
  return { loaded, errors: sortByPosition([...source.errors, ...d.errors]) };
}

/** Loads a valid pipeline or throws a ValidationError listing every problem. */
export function loadPipeline(ref: string, options: LoadPipelineOptions = {}): LoadedPipelineResult {
  const { loaded, errors } = readPipeline(ref, options);
  if (errors.length > 0) throw new ValidationError(errors);
  return loaded;
}
