/**
 * An AWS::CodePipeline::Pipeline resource (intrinsics already resolved) in the API shape
 * (docs/aws/codepipeline.md §1.12, §8.31): keys lower-camel-cased except inside `Configuration`,
 * `ArtifactStores` list -> region map, `Configuration` given as JSON text parsed, every
 * configuration value a string, numbers where the API has numbers, a stable name when none is set.
 * Each API path remembers the template path it came from, so messages point into the template.
 */
import { InputError, type SourcePosition } from '../errors.js';
import type { ResolvedResource, ResolvedTemplate } from './cloudformation.js';
import { toLowerCamel } from './cfn-keys.js';
import { generatedName } from './cfn-names.js';
import { E_CFN, pathKey, type Path } from './pipeline-diagnostics.js';
import { isObject } from './pipeline-normalize.js';
import { suggestionSuffix } from './suggest.js';
import { isNotEvaluated, notEvaluatedMessage, VALUE_NOT_EVALUATED } from './not-evaluated.js';

export const PIPELINE_RESOURCE = 'AWS::CodePipeline::Pipeline';

/** CloudFormation's own message for a non-scalar configuration value (coverage-roadmap#668). */
export const CONFIGURATION_NOT_STRINGS =
  'Value of property Configuration must be an object with String (or simple type) properties';

/** Properties that exist only in CloudFormation (§1.12): kept beside the declaration, not in it. */
export interface TemplateOnlySettings {
  disableInboundStageTransitions?: { stageName: string; reason: string }[];
  restartExecutionOnUpdate?: boolean;
}

export interface ConvertedPipeline {
  logicalId: string;
  raw: Record<string, unknown>;
  /** Position of an API path, through the template path it was converted from. */
  positionOf: (apiPath: Path) => SourcePosition | undefined;
  templateOnly: TemplateOnlySettings;
  errors: InputError[];
}

/** The API has numbers here; CloudFormation accepts them as numeric strings too. */
const NUMBER_KEYS = new Set(['RunOrder', 'TimeoutInMinutes']);
const TEMPLATE_ONLY = new Set(['DisableInboundStageTransitions', 'RestartExecutionOnUpdate', 'Tags']);

export function selectPipelineResource(template: ResolvedTemplate, logicalId: string | undefined): ResolvedResource {
  const pipelines = [...template.resources.values()].filter((r) => r.type === PIPELINE_RESOURCE);
  const ids = pipelines.map((r) => r.logicalId);
  if (logicalId !== undefined) {
    const hit = template.resources.get(logicalId);
    if (hit && hit.type === PIPELINE_RESOURCE) return hit;
    const why = hit ? `is a ${hit.type}, not an ${PIPELINE_RESOURCE}` : 'is not a resource of the template';
    throw new InputError(
      'PIPELINE_NOT_FOUND',
      `'${logicalId}' ${why} (pipelines: ${ids.join(', ') || 'none'})${suggestionSuffix(logicalId, ids)}`,
      { position: hit?.pos ?? template.positionOf(['Resources']) },
    );
  }
  if (pipelines.length === 1) return pipelines[0]!;
  throw new InputError(
    'PIPELINE_NOT_FOUND',
    pipelines.length === 0
      ? `${template.file} has no ${PIPELINE_RESOURCE} resource`
      : `${template.file} defines ${pipelines.length} pipelines (${ids.join(', ')}); pick one with ${template.file}#<LogicalId>`,
    { position: template.positionOf(['Resources']) },
  );
}

class Converter {
  readonly errors: InputError[] = [];
  /** API path key -> template path inside the resource's Properties. */
  readonly origin = new Map<string, Path>();

  constructor(private readonly resource: ResolvedResource) {}

  fail(message: string, cfnPath: Path): void {
    this.errors.push(new InputError(E_CFN, message, { position: this.resource.positionOf([...cfnPath]) }));
  }

  value(v: unknown, key: string | undefined, cfnPath: Path, apiPath: Path): unknown {
    this.origin.set(pathKey(apiPath), cfnPath);
    // Unknown, not wrong (issue 11): the validators decide what an unknown value may stand for.
    if (isNotEvaluated(v)) return v;
    if (key === 'Configuration') return this.configuration(v, cfnPath, apiPath);
    if (Array.isArray(v)) return v.map((item, i) => this.value(item, undefined, [...cfnPath, i], [...apiPath, i]));
    if (isObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        const apiKey = toLowerCamel(k);
        out[apiKey] = this.value(child, k, [...cfnPath, k], [...apiPath, apiKey]);
      }
      return out;
    }
    if (key !== undefined && NUMBER_KEYS.has(key) && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))
      return Number(v);
    // CloudFormation passes scalars to string properties as strings (`Version: 1` is "1").
    if ((key === undefined || !NUMBER_KEYS.has(key)) && (typeof v === 'number' || typeof v === 'boolean'))
      return String(v);
    return v;
  }

  /** An object (or JSON text of one) whose values are strings or simple types (§1.12). */
  configuration(v: unknown, cfnPath: Path, apiPath: Path): unknown {
    let obj = v;
    if (isNotEvaluated(v)) return v;
    if (typeof v === 'string') {
      try {
        obj = JSON.parse(v);
      } catch (e) {
        // UNCERTAIN wording: CloudFormation's text for Configuration JSON that does not parse.
        this.fail(`Configuration is a string but not valid JSON: ${(e as Error).message}`, cfnPath);
        return {};
      }
    }
    if (!isObject(obj)) {
      this.fail(CONFIGURATION_NOT_STRINGS, cfnPath);
      return {};
    }
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(obj)) {
      const at = typeof v === 'string' ? cfnPath : [...cfnPath, k];
      this.origin.set(pathKey([...apiPath, k]), at);
      if (typeof value === 'string') out[k] = value;
      else if (isNotEvaluated(value)) out[k] = value as unknown as string;
      else if (typeof value === 'number' || typeof value === 'boolean') out[k] = String(value);
      else this.fail(CONFIGURATION_NOT_STRINGS, at);
    }
    return out;
  }

  /** `[{Region, ArtifactStore}]` -> `{region: store}`. */
  artifactStores(v: unknown): unknown {
    if (isNotEvaluated(v)) return v;
    if (!Array.isArray(v)) {
      this.fail('ArtifactStores must be a list of {Region, ArtifactStore}', ['ArtifactStores']);
      return {};
    }
    this.origin.set('artifactStores', ['ArtifactStores']);
    const out: Record<string, unknown> = {};
    v.forEach((entry, i) => {
      const at = ['ArtifactStores', i];
      if (!isObject(entry) || typeof entry.Region !== 'string' || !isObject(entry.ArtifactStore)) {
        this.fail('each ArtifactStores entry needs a Region and an ArtifactStore', at);
        return;
      }
      if (entry.Region in out)
        this.fail(`ArtifactStores lists region '${entry.Region}' more than once`, [...at, 'Region']);
      out[entry.Region] = this.value(
        entry.ArtifactStore,
        'ArtifactStore',
        [...at, 'ArtifactStore'],
        ['artifactStores', entry.Region],
      );
    });
    return out;
  }
}

export function convertPipelineResource(template: ResolvedTemplate, resource: ResolvedResource): ConvertedPipeline {
  const props = (isObject(resource.properties) ? resource.properties : {}) as Record<string, unknown>;
  const c = new Converter(resource);
  if (isNotEvaluated(resource.properties)) {
    c.errors.push(
      new InputError(
        VALUE_NOT_EVALUATED,
        notEvaluatedMessage(`the whole pipeline ${resource.logicalId}`, resource.properties),
        {
          position: resource.pos,
        },
      ),
    );
  }
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (TEMPLATE_ONLY.has(k)) continue;
    if (k === 'ArtifactStores') raw.artifactStores = c.artifactStores(v);
    else raw[toLowerCamel(k)] = c.value(v, k, [k], [toLowerCamel(k)]);
  }
  // CloudFormation names an unnamed pipeline itself; use the same name `Ref` gives in this template.
  // An unknown name (Fn::Transform, Fn::ImportValue) gets the same stand-in locally (issue 11).
  if (raw.name === undefined || isNotEvaluated(raw.name))
    raw.name = generatedName(PIPELINE_RESOURCE, resource.logicalId, template.stack);
  const templateOnly: TemplateOnlySettings = {};
  if (Array.isArray(props.DisableInboundStageTransitions)) {
    templateOnly.disableInboundStageTransitions = props.DisableInboundStageTransitions.filter(isObject).map((t) => ({
      stageName: String(t.StageName),
      reason: String(t.Reason ?? ''),
    }));
  }
  if (props.RestartExecutionOnUpdate !== undefined) {
    templateOnly.restartExecutionOnUpdate = String(props.RestartExecutionOnUpdate) === 'true';
  }
  const origin = c.origin;
  return {
    logicalId: resource.logicalId,
    raw,
    templateOnly,
    errors: c.errors,
    positionOf(apiPath) {
      for (let n = apiPath.length; n > 0; n--) {
        const from = origin.get(pathKey(apiPath.slice(0, n)));
        if (from) return resource.positionOf([...from]);
      }
      return resource.pos;
    },
  };
}
