/** API-shaped (camelCase) raw project object -> validated CodeBuildProject with defaults. */
import { parseDocument } from 'yaml';
import { InputError, type SourcePosition } from '../errors.js';
import type { StackInfo } from './cfn-names.js';
import {
  defaultProject,
  type CodeBuildProject,
  type EnvironmentVariable,
  type ProjectArtifacts,
  type ProjectCache,
  type ProjectSource,
} from './project-types.js';
import type { YamlPath } from './yaml-source.js';
import { isNotEvaluated } from './not-evaluated.js';

export const PROJECT_INVALID = 'PROJECT_INVALID';

const VARIABLE_TYPES = ['PLAINTEXT', 'PARAMETER_STORE', 'SECRETS_MANAGER'] as const;
const CACHE_TYPES = ['NO_CACHE', 'S3', 'LOCAL'] as const;
const CACHE_MODES = ['LOCAL_SOURCE_CACHE', 'LOCAL_DOCKER_LAYER_CACHE', 'LOCAL_CUSTOM_CACHE'] as const;
const IDENTIFIER = /^[A-Za-z0-9_]{1,127}$/;

export interface NormalizeContext {
  file: string;
  definedIn: string;
  pos: (path: YamlPath) => SourcePosition | undefined;
  /** When the project comes from a template: used to build its ARN. */
  stack?: StackInfo;
  /** Names a project without a usable name in messages (a template's logical id); else `definedIn`. */
  label?: string;
}

/** Where a project's buildspec comes from (docs/aws/codepipeline.md §6.2, CBAPI:ProjectSource). */
export type BuildspecRef =
  | { kind: 'default'; path: 'buildspec.yml' }
  | { kind: 's3'; arn: string }
  | { kind: 'inline'; text: string }
  | { kind: 'path'; path: string };

/**
 * The API does not say how it tells inline buildspecs from paths (UNCERTAIN in docs/aws/codepipeline.md §6.2).
 * Rule used: empty -> `buildspec.yml` in the primary source; `arn:` -> S3 object; text containing a
 * newline, or that parses as a YAML mapping with a `version` key (`{version: 0.2, phases: ...}` on one
 * line) -> inline; anything else -> a path relative to CODEBUILD_SRC_DIR.
 */
export function classifyBuildspecRef(value: string | undefined): BuildspecRef {
  if (value === undefined || value.trim() === '') return { kind: 'default', path: 'buildspec.yml' };
  if (value.startsWith('arn:')) return { kind: 's3', arn: value };
  if (value.includes('\n')) return { kind: 'inline', text: value };
  try {
    const doc = parseDocument(value, { version: '1.1' });
    const js: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
    if (js && typeof js === 'object' && !Array.isArray(js) && 'version' in js) return { kind: 'inline', text: value };
  } catch {
    // Not YAML: a path.
  }
  return { kind: 'path', path: value };
}

class Checker {
  constructor(
    private readonly ctx: NormalizeContext,
    private readonly problems: InputError[],
    /** Names the project in messages (the position already names the file). */
    private readonly label: string,
  ) {}

  error(path: YamlPath, message: string): void {
    this.problems.push(new InputError(PROJECT_INVALID, `${this.label}: ${message}`, { position: this.ctx.pos(path) }));
  }

  str(v: unknown, path: YamlPath, required = false): string | undefined {
    // Unknown (Fn::Transform) is not wrong: the field is read as not given (docs/fidelity.md, issue 11).
    if (isNotEvaluated(v)) return undefined;
    if (v === undefined || v === null) {
      if (required) this.error(path, `'${path.join('.')}' is required`);
      return undefined;
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.error(path, `'${path.join('.')}' must be a string`);
    return undefined;
  }

  /** CloudFormation accepts "true"/"false" strings for booleans. */
  bool(v: unknown, path: YamlPath): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.error(path, `'${path.join('.')}' must be true or false`);
    return undefined;
  }

  int(v: unknown, path: YamlPath, min: number, max: number): number | undefined {
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      this.error(path, `'${path.join('.')}' must be a whole number from ${min} to ${max}`);
      return undefined;
    }
    return n;
  }

  oneOf<T extends string>(v: unknown, path: YamlPath, allowed: readonly T[], fallback: T): T {
    const s = this.str(v, path);
    if (s === undefined) return fallback;
    if ((allowed as readonly string[]).includes(s)) return s as T;
    this.error(path, `invalid value '${s}' for '${path.join('.')}': expected one of ${allowed.join(', ')}`);
    return fallback;
  }

  list(v: unknown, path: YamlPath): unknown[] {
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.error(path, `'${path.join('.')}' must be a list`);
    return [];
  }

  obj(v: unknown, path: YamlPath): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    this.error(path, `'${path.join('.')}' must be an object`);
    return undefined;
  }
}

function source(c: Checker, raw: unknown, path: YamlPath, secondary: boolean): ProjectSource | undefined {
  const s = c.obj(raw, path);
  if (!s) {
    if (!secondary) c.error(path, `'source' is required`);
    return undefined;
  }
  const out: ProjectSource = { type: c.str(s.type, [...path, 'type'], true) ?? 'NO_SOURCE' };
  const buildspec = c.str(s.buildspec, [...path, 'buildspec']);
  if (buildspec !== undefined) out.buildspec = buildspec;
  const location = c.str(s.location, [...path, 'location']);
  if (location !== undefined) out.location = location;
  const id = c.str(s.sourceIdentifier, [...path, 'sourceIdentifier'], secondary);
  if (id !== undefined) {
    if (!IDENTIFIER.test(id)) c.error([...path, 'sourceIdentifier'], `invalid sourceIdentifier '${id}'`);
    out.sourceIdentifier = id;
  }
  return out;
}

function artifacts(c: Checker, raw: unknown, path: YamlPath, secondary: boolean): ProjectArtifacts {
  const a = c.obj(raw, path) ?? {};
  const out: ProjectArtifacts = { type: c.str(a.type, [...path, 'type']) ?? 'NO_ARTIFACTS' };
  const id = c.str(a.artifactIdentifier, [...path, 'artifactIdentifier'], secondary);
  if (id !== undefined) {
    if (!IDENTIFIER.test(id)) c.error([...path, 'artifactIdentifier'], `invalid artifactIdentifier '${id}'`);
    out.artifactIdentifier = id;
  }
  for (const key of ['location', 'name', 'path'] as const) {
    const v = c.str(a[key], [...path, key]);
    if (v !== undefined) out[key] = v;
  }
  const namespaceTypes = ['NONE', 'BUILD_ID'] as const;
  const packagings = ['NONE', 'ZIP'] as const;
  if (a.namespaceType !== undefined) {
    out.namespaceType = c.oneOf(a.namespaceType, [...path, 'namespaceType'], namespaceTypes, 'NONE');
  }
  if (a.packaging !== undefined) out.packaging = c.oneOf(a.packaging, [...path, 'packaging'], packagings, 'NONE');
  const override = c.bool(a.overrideArtifactName, [...path, 'overrideArtifactName']);
  if (override !== undefined) out.overrideArtifactName = override;
  return out;
}

function cache(c: Checker, raw: unknown): ProjectCache {
  const k = c.obj(raw, ['cache']) ?? {};
  const out: ProjectCache = {
    type: c.oneOf(k.type, ['cache', 'type'], CACHE_TYPES, 'NO_CACHE'),
    modes: c
      .list(k.modes, ['cache', 'modes'])
      .map((m, i) => c.oneOf(m, ['cache', 'modes', i], CACHE_MODES, 'LOCAL_CUSTOM_CACHE')),
  };
  const location = c.str(k.location, ['cache', 'location']);
  if (location !== undefined) out.location = location;
  return out;
}

function environmentVariables(c: Checker, raw: unknown): EnvironmentVariable[] {
  const base = ['environment', 'environmentVariables'];
  return c.list(raw, base).flatMap((v, i) => {
    const o = c.obj(v, [...base, i]);
    const name = o ? c.str(o.name, [...base, i, 'name'], true) : undefined;
    if (!o || name === undefined) return [];
    const type = c.oneOf(o.type, [...base, i, 'type'], VARIABLE_TYPES, 'PLAINTEXT');
    // Unknown, not wrong (docs/fidelity.md, issue 11): the project loads and a build that needs it refuses to start.
    if (isNotEvaluated(o.value)) {
      return [{ name, value: o.value.text, type, notEvaluated: { fn: o.value.fn, detail: o.value.detail } }];
    }
    return [
      {
        name,
        // Values are strings in the API; templates may hold numbers (`Value: 3`).
        value: c.str(o.value, [...base, i, 'value']) ?? '',
        type,
      },
    ];
  });
}

export function normalizeProject(
  raw: any,
  ctx: NormalizeContext,
  problems: InputError[],
): CodeBuildProject | undefined {
  const c = new Checker(
    ctx,
    problems,
    typeof raw?.name === 'string' ? `project '${raw.name}'` : (ctx.label ?? ctx.definedIn),
  );
  const before = problems.length;
  const name = c.str(raw?.name, ['name'], true);
  if (name === undefined) return undefined;
  const base = defaultProject(name);
  const env = c.obj(raw.environment, ['environment']);
  if (!env) c.error(['environment'], `'environment' is required`);
  const project: CodeBuildProject = {
    ...base,
    source: source(c, raw.source, ['source'], false) ?? base.source,
    secondarySources: c
      .list(raw.secondarySources, ['secondarySources'])
      .flatMap((s, i) => source(c, s, ['secondarySources', i], true) ?? []),
    artifacts: artifacts(c, raw.artifacts, ['artifacts'], false),
    secondaryArtifacts: c
      .list(raw.secondaryArtifacts, ['secondaryArtifacts'])
      .map((a, i) => artifacts(c, a, ['secondaryArtifacts', i], true)),
    cache: cache(c, raw.cache),
    environment: {
      type: c.str(env?.type, ['environment', 'type']) ?? base.environment.type,
      image: c.str(env?.image, ['environment', 'image'], env !== undefined) ?? base.environment.image,
      computeType: c.str(env?.computeType, ['environment', 'computeType']) ?? base.environment.computeType,
      privilegedMode: c.bool(env?.privilegedMode, ['environment', 'privilegedMode']) ?? false,
      environmentVariables: environmentVariables(c, env?.environmentVariables),
    },
    timeoutInMinutes: c.int(raw.timeoutInMinutes, ['timeoutInMinutes'], 5, 2160) ?? base.timeoutInMinutes,
    definedIn: ctx.definedIn,
  };
  const queued = c.int(raw.queuedTimeoutInMinutes, ['queuedTimeoutInMinutes'], 5, 480);
  if (queued !== undefined) project.queuedTimeoutInMinutes = queued;
  const s = ctx.stack;
  const arn =
    c.str(raw.arn, ['arn']) ??
    (s ? `arn:${s.partition}:codebuild:${s.region}:${s.accountId}:project/${name}` : undefined);
  if (arn !== undefined) project.arn = arn;
  return problems.length === before ? project : undefined;
}
