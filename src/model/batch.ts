/**
 * The `batch` section of a buildspec (docs/aws/codebuild.md §1.7, §7.1), typed and validated with positions.
 *
 * parseBuildspec keeps the section raw: a member build (and a plain `codelocal build`) ignores it, as
 * StartBuild does. Only `codelocal batch` reads it, through this module, from the same text. Every problem
 * has its own code (src/errors.ts: BATCH_*, or BUILDSPEC_* for the checks every section shares) and a
 * position, all reported in one pass (like the rest of the buildspec); CodeBuild says YAML_FILE_ERROR for all.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { type InputError, ValidationError, type SourcePosition } from '../errors.js';
import type { BuildspecWarning, Located } from './buildspec-types.js';
import { plain, SpecReader } from './buildspec-reader.js';
import { BUILDSPEC_YAML_OPTIONS } from './buildspec.js';
import { suggestionSuffix } from './suggest.js';
import {
  deref,
  describeNode,
  isNullNode,
  mapEntries,
  parseYaml,
  scalarText,
  sortByPosition,
  type MapEntry,
  type ParsedYaml,
} from './yaml-source.js';

export const BATCH_KINDS = ['build-graph', 'build-list', 'build-matrix', 'build-fanout'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/** Per-build environment settings a task (or a matrix's `static`) may override. */
export interface BatchEnv {
  computeType?: string;
  /** Accepted for compatibility; there are no fleets locally. */
  fleet?: string;
  image?: string;
  privilegedMode?: boolean;
  /** Environment type (LINUX_CONTAINER...). */
  type?: string;
  variables: Record<string, string>;
}

/** One entry of build-graph or build-list. */
export interface BatchTask {
  identifier: string;
  /** Another buildspec file for this build, relative to the source. */
  buildspec?: string;
  env: BatchEnv;
  /** build-graph only; always empty for build-list. */
  dependOn: Located<string>[];
  ignoreFailure: boolean;
  debugSession: boolean;
  pos: SourcePosition;
}

export interface BatchMatrix {
  ignoreFailure: boolean;
  staticEnv: BatchEnv;
  /** The dynamic dimensions, each a list of values; the batch is their cartesian product. */
  buildspecs: string[];
  images: string[];
  computeTypes: string[];
  variables: { name: string; values: string[] }[];
  pos: SourcePosition;
}

export interface BatchFanout {
  parallelism: number;
  ignoreFailure: boolean;
  pos: SourcePosition;
}

interface BatchCommon {
  file: string;
  pos: SourcePosition;
  fastFail: boolean;
  warnings: BuildspecWarning[];
}

export type BatchSpec = BatchCommon &
  (
    | { kind: 'build-graph' | 'build-list'; tasks: BatchTask[] }
    | { kind: 'build-matrix'; matrix: BatchMatrix }
    | { kind: 'build-fanout'; fanout: BatchFanout }
  );

/** CodeBuild's rule for batch identifiers (the same as for source and artifact identifiers). */
export const BATCH_IDENTIFIER = /^[A-Za-z0-9_]+$/;

const BATCH_KEYS = ['fast-fail', ...BATCH_KINDS];
const TASK_KEYS = ['identifier', 'buildspec', 'env', 'depend-on', 'ignore-failure', 'debug-session'];
const ENV_KEYS = ['compute-type', 'fleet', 'image', 'privileged-mode', 'type', 'variables'];
const DYNAMIC_ENV_KEYS = ['compute-type', 'image', 'variables'];

/** The batch section of a buildspec's text, or undefined when it has none. Throws ValidationError. */
export function parseBatch(text: string, file: string): BatchSpec | undefined {
  return batchFromYaml(parseYaml(text, file, BUILDSPEC_YAML_OPTIONS));
}

export function batchFromYaml(parsed: ParsedYaml): BatchSpec | undefined {
  if (parsed.errors.length > 0) throw new ValidationError(parsed.errors);
  const checked = checkBatch(parsed);
  if (checked.problems.length > 0) throw new ValidationError(checked.problems);
  return checked.spec;
}

/**
 * The batch section's problems without throwing, warnings included (they are lost with a throw):
 * `codelocal lint` reports them as findings with the messages and positions `codelocal batch` prints
 * (docs/lint.md: lint reports as an error everything build and batch reject). `parsed` has no errors.
 */
export function checkBatch(parsed: ParsedYaml): {
  spec?: BatchSpec;
  problems: InputError[];
  warnings: BuildspecWarning[];
} {
  const src = parsed.source;
  const root = deref(src, src.doc.contents);
  // A buildspec that is not a map is parseBuildspec's to report; here it simply has no batch.
  if (!isMap(root)) return { problems: [], warnings: [] };
  const entry = mapEntries(src, root).find((e) => e.key === 'batch');
  if (!entry || isNullNode(entry.value)) return { problems: [], warnings: [] };
  const r = new SpecReader(src);
  const spec = readBatch(r, entry);
  if (r.problems.length > 0 || !spec) {
    if (r.problems.length === 0) r.report('BATCH_INVALID', `'batch' is invalid`, entry.pos);
    return { problems: sortByPosition(r.problems), warnings: r.warnings };
  }
  return { spec, problems: [], warnings: r.warnings };
}

function readBatch(r: SpecReader, entry: MapEntry): BatchSpec | undefined {
  const keys = r.map(entry.value, 'batch', BATCH_KEYS, entry.pos);
  if (!keys) return undefined;
  const kinds = BATCH_KINDS.filter((k) => keys.has(k));
  if (kinds.length === 0) {
    r.report('BATCH_KIND_MISSING', `'batch' needs one of ${BATCH_KINDS.join(', ')}`, entry.pos);
    return undefined;
  }
  // Exactly one kind: each extra one is reported where it is written.
  for (const extra of kinds.slice(1)) {
    r.report(
      'BATCH_KIND_MULTIPLE',
      `'batch' may hold only one of ${BATCH_KINDS.join(', ')}: found ${kinds.join(' and ')}`,
      keys.get(extra)!.pos,
    );
  }
  const kind = kinds[0]!;
  const kindEntry = keys.get(kind)!;
  const common: BatchCommon = {
    file: r.src.file,
    pos: entry.pos,
    fastFail: r.bool(keys.get('fast-fail'), 'batch.fast-fail') ?? false,
    warnings: r.warnings,
  };
  if (kind === 'build-matrix') {
    const matrix = readMatrix(r, kindEntry);
    return matrix && { ...common, kind, matrix };
  }
  if (kind === 'build-fanout') {
    const fanout = readFanout(r, kindEntry);
    return fanout && { ...common, kind, fanout };
  }
  const tasks = readTasks(r, kindEntry, kind);
  return tasks && { ...common, kind, tasks };
}

function readTasks(r: SpecReader, entry: MapEntry, kind: 'build-graph' | 'build-list'): BatchTask[] | undefined {
  const where = `batch.${kind}`;
  const list = entry.value;
  if (!isSeq(list) || list.items.length === 0) {
    const found = isSeq(list) ? 'an empty list' : describeNode(list);
    const message = `'${where}' must be a list of tasks (each with an identifier), found ${found}`;
    r.report('BATCH_TASKS_NOT_LIST', message, r.pos(list, entry.pos));
    return undefined;
  }
  const tasks: BatchTask[] = [];
  const seen = new Map<string, SourcePosition>();
  list.items.forEach((raw, i) => {
    const node = deref(r.src, raw);
    const task = readTask(r, node, `${where}[${i}]`, kind, r.pos(node, entry.pos));
    if (!task) return;
    const first = seen.get(task.identifier);
    if (first)
      r.report(
        'BATCH_IDENTIFIER_DUPLICATE',
        `duplicate identifier '${task.identifier}' in '${where}' (first at line ${first.line})`,
        task.pos,
      );
    else seen.set(task.identifier, task.pos);
    tasks.push(task);
  });
  if (kind === 'build-graph') checkDependencies(r, tasks);
  return tasks;
}

function readTask(
  r: SpecReader,
  node: Node | null,
  where: string,
  kind: BatchKind,
  at: SourcePosition,
): BatchTask | undefined {
  const keys = r.map(node, where, TASK_KEYS, at);
  if (!keys) return undefined;
  const idEntry = keys.get('identifier');
  const identifier = r.string(idEntry, `${where}.identifier`);
  const idPos = idEntry ? r.pos(idEntry.value, idEntry.pos) : at;
  if (identifier === undefined || identifier === '') {
    // A non-scalar identifier was already reported by r.string.
    if (!idEntry || isNullNode(idEntry.value) || identifier === '')
      r.report('BATCH_IDENTIFIER_MISSING', `'${where}' needs an identifier`, idPos);
    return undefined;
  }
  if (!BATCH_IDENTIFIER.test(identifier)) {
    const message = `invalid identifier '${identifier}': use only letters, digits and underscores`;
    r.report('BATCH_IDENTIFIER_INVALID', message, idPos);
  }
  const dependOnEntry = keys.get('depend-on');
  if (dependOnEntry && kind !== 'build-graph') {
    const message = `'depend-on' is only allowed in build-graph, found in '${where}'`;
    r.report('BATCH_DEPEND_ON_MISPLACED', message, dependOnEntry.pos);
  }
  const debugSession = r.bool(keys.get('debug-session'), `${where}.debug-session`) ?? false;
  if (debugSession)
    r.report(
      'BATCH_DEBUG_SESSION_IGNORED',
      `${where}.debug-session: there are no Session Manager sessions locally; ignored`,
      at,
    );
  return {
    identifier,
    buildspec: r.string(keys.get('buildspec'), `${where}.buildspec`),
    env: readEnv(r, keys.get('env'), `${where}.env`),
    dependOn: kind === 'build-graph' ? (r.stringList(dependOnEntry, 'DependOn', `${where}.depend-on`) ?? []) : [],
    ignoreFailure: r.bool(keys.get('ignore-failure'), `${where}.ignore-failure`) ?? false,
    debugSession,
    pos: idPos,
  };
}

function readEnv(r: SpecReader, entry: MapEntry | undefined, where: string): BatchEnv {
  const env: BatchEnv = { variables: {} };
  if (!entry || isNullNode(entry.value)) return env;
  const keys = r.map(entry.value, where, ENV_KEYS, entry.pos);
  if (!keys) return env;
  env.computeType = r.string(keys.get('compute-type'), `${where}.compute-type`);
  env.fleet = r.string(keys.get('fleet'), `${where}.fleet`);
  env.image = r.string(keys.get('image'), `${where}.image`);
  env.privilegedMode = r.bool(keys.get('privileged-mode'), `${where}.privileged-mode`);
  env.type = r.string(keys.get('type'), `${where}.type`);
  env.variables = plain(r.scalarMap(keys.get('variables'), `${where}.variables`));
  const fleet = keys.get('fleet');
  if (fleet && env.computeType !== undefined) {
    r.report('BATCH_FLEET_AND_COMPUTE_TYPE', `'${where}' may set compute-type or fleet, not both`, fleet.pos);
  } else if (fleet && env.fleet !== undefined) {
    r.report(
      'BATCH_FLEET_IGNORED',
      `${where}.fleet: there are no reserved-capacity fleets locally; ignored`,
      fleet.pos,
    );
  }
  return env;
}

/** Unknown `depend-on` names and cycles make the graph unrunnable: both are errors, never silent waits. */
function checkDependencies(r: SpecReader, tasks: BatchTask[]): void {
  const ids = tasks.map((t) => t.identifier);
  const byId = new Map(tasks.map((t) => [t.identifier, t]));
  for (const t of tasks) {
    for (const d of t.dependOn) {
      if (!byId.has(d.value)) {
        const message = `'${t.identifier}' depends on unknown task '${d.value}'${suggestionSuffix(d.value, ids)}`;
        r.report('BATCH_DEPENDENCY_UNKNOWN', message, d.pos);
      }
    }
  }
  const reported = new Set<string>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (t: BatchTask): void => {
    state.set(t.identifier, 'visiting');
    stack.push(t.identifier);
    for (const d of t.dependOn) {
      const next = byId.get(d.value);
      if (!next) continue;
      const s = state.get(next.identifier);
      if (s === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next.identifier)), next.identifier];
        // One message per cycle, whichever task the search entered it from.
        const key = [...new Set(cycle)].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          r.report('BATCH_DEPENDENCY_CYCLE', `build-graph has a dependency cycle: ${cycle.join(' -> ')}`, d.pos);
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(t.identifier, 'done');
  };
  for (const t of tasks) if (!state.has(t.identifier)) visit(t);
}

function readMatrix(r: SpecReader, entry: MapEntry): BatchMatrix | undefined {
  const where = 'batch.build-matrix';
  const keys = r.map(entry.value, where, ['static', 'dynamic'], entry.pos);
  if (!keys) return undefined;
  const matrix: BatchMatrix = {
    ignoreFailure: false,
    staticEnv: { variables: {} },
    buildspecs: [],
    images: [],
    computeTypes: [],
    variables: [],
    pos: entry.pos,
  };
  const stat = keys.get('static');
  if (stat && !isNullNode(stat.value)) {
    const s = r.map(stat.value, `${where}.static`, ['ignore-failure', 'env'], stat.pos);
    matrix.ignoreFailure = r.bool(s?.get('ignore-failure'), `${where}.static.ignore-failure`) ?? false;
    matrix.staticEnv = readEnv(r, s?.get('env'), `${where}.static.env`);
  }
  const dyn = keys.get('dynamic');
  if (!dyn || isNullNode(dyn.value)) {
    r.report(
      'BATCH_MATRIX_DYNAMIC_MISSING',
      `'${where}' needs a 'dynamic' section (the values to build every combination of)`,
      entry.pos,
    );
    return undefined;
  }
  const d = r.map(dyn.value, `${where}.dynamic`, ['buildspec', 'env'], dyn.pos);
  if (!d) return undefined;
  matrix.buildspecs = dimension(r, d.get('buildspec'), 'Buildspec', `${where}.dynamic.buildspec`);
  const envEntry = d.get('env');
  if (envEntry && !isNullNode(envEntry.value)) {
    const env = r.map(envEntry.value, `${where}.dynamic.env`, DYNAMIC_ENV_KEYS, envEntry.pos);
    matrix.images = dimension(r, env?.get('image'), 'Image', `${where}.dynamic.env.image`);
    matrix.computeTypes = dimension(r, env?.get('compute-type'), 'ComputeType', `${where}.dynamic.env.compute-type`);
    matrix.variables = readDynamicVariables(r, env?.get('variables'), `${where}.dynamic.env.variables`);
  }
  const empty = !matrix.buildspecs.length && !matrix.images.length && !matrix.computeTypes.length;
  if (empty && matrix.variables.length === 0 && r.problems.length === 0) {
    const message = `'${where}.dynamic' needs at least one of buildspec, env.image, env.compute-type, env.variables`;
    r.report('BATCH_MATRIX_DYNAMIC_EMPTY', message, dyn.pos);
  }
  return matrix;
}

/** A dynamic dimension: a non-empty list (an empty one would make the product empty, silently). */
function dimension(r: SpecReader, entry: MapEntry | undefined, label: string, where: string): string[] {
  if (!entry || isNullNode(entry.value)) return [];
  const values = r.stringList(entry, label, where);
  if (values && values.length === 0)
    r.report('BATCH_MATRIX_DIMENSION_EMPTY', `'${where}' must list at least one value`, r.pos(entry.value, entry.pos));
  return (values ?? []).map((v) => v.value);
}

function readDynamicVariables(
  r: SpecReader,
  entry: MapEntry | undefined,
  where: string,
): { name: string; values: string[] }[] {
  if (!entry || isNullNode(entry.value)) return [];
  const names = r.map(entry.value, where, [], entry.pos);
  if (!names) return [];
  return [...names].map(([name, e]) => ({ name, values: dimension(r, e, 'Values', `${where}.${name}`) }));
}

/**
 * A guard against typos (every shard is a container on this machine). CodeBuild's own ceiling is the
 * project's batch restrictions (maximumBuildsAllowed), which codelocal does not model: UNCERTAIN.
 */
const MAX_PARALLELISM = 100;

function readFanout(r: SpecReader, entry: MapEntry): BatchFanout | undefined {
  const where = 'batch.build-fanout';
  const keys = r.map(entry.value, where, ['parallelism', 'ignore-failure'], entry.pos);
  if (!keys) return undefined;
  const p = keys.get('parallelism');
  const pNode = p?.value ?? null;
  const text = p && isScalar(pNode) && !isNullNode(pNode) ? scalarText(pNode) : undefined;
  const n = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!p || isNullNode(pNode)) {
    r.report('BATCH_PARALLELISM_MISSING', `'${where}' needs 'parallelism' (the number of builds)`, entry.pos);
  } else if (!(n >= 1 && n <= MAX_PARALLELISM)) {
    const found = text ?? describeNode(pNode);
    r.report(
      'BATCH_PARALLELISM_INVALID',
      `'${where}.parallelism' must be a whole number from 1 to ${MAX_PARALLELISM}, found ${found}`,
      r.pos(pNode, p.pos),
    );
  }
  const ignoreFailure = r.bool(keys.get('ignore-failure'), `${where}.ignore-failure`) ?? false;
  return Number.isNaN(n) ? undefined : { parallelism: n, ignoreFailure, pos: entry.pos };
}
