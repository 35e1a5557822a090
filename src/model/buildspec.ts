/**
 * Buildspec parser: YAML text -> typed Buildspec (buildspec-types.ts), or a ValidationError listing every
 * problem, each with its own BUILDSPEC_* code (src/errors.ts) and a position. The agent fails DOWNLOAD_SOURCE
 * with the status code YAML_FILE_ERROR for all of them.
 * Reference: docs/aws/codebuild.md §1.
 *
 * YAML 1.1 vs 1.2: the CodeBuild agent is written in Go and decodes with yaml.v2, a YAML 1.1 reader, so
 * `yes`/`no`/`on`/`off` are booleans there. We parse with YAML 1.1 for the same structure, and every
 * scalar destined to be a string is taken as written in the source (`3.10` stays "3.10", `yes` stays
 * "yes"), which is what Go's decoding into string fields gives.
 */
import { resolve } from 'node:path';
import { isMap, type Node } from 'yaml';
import { ValidationError, type SourcePosition } from '../errors.js';
import type { Buildspec, BuildspecEnv } from './buildspec-types.js';
import { plain, SpecReader } from './buildspec-reader.js';
import { parsePhases } from './buildspec-phases.js';
import { parseArtifacts, parseCache, parseReports } from './buildspec-outputs.js';
import {
  describeNode,
  isNullNode,
  lastWinsMessage,
  mapEntries,
  parseYaml,
  readTextFile,
  sortByPosition,
  type MapEntry,
  type ParsedYaml,
} from './yaml-source.js';

const TOP_KEYS = ['version', 'run-as', 'env', 'proxy', 'batch', 'phases', 'reports', 'artifacts', 'cache'];
/** 0.1 named the env section `environment_variables` and its variables `plaintext` (docs/aws/codebuild.md §1.3). */
const TOP_KEYS_01 = [...TOP_KEYS, 'environment_variables'];
const ENV_KEYS = [
  'shell',
  'variables',
  'parameter-store',
  'secrets-manager',
  'exported-variables',
  'git-credential-helper',
];
const LINUX_SHELLS = ['bash', '/bin/sh', 'sh'];
const WINDOWS_SHELLS = ['powershell.exe', 'cmd.exe'];

function emptyEnv(): BuildspecEnv {
  return {
    variables: {},
    parameterStore: {},
    secretsManager: {},
    exportedVariables: [],
    gitCredentialHelper: false,
  };
}

function parseEnv(r: SpecReader, entry: MapEntry, env: BuildspecEnv): void {
  if (isNullNode(entry.value)) return;
  const keys = r.map(entry.value, 'env', ENV_KEYS, entry.pos);
  if (!keys) return;
  const shellEntry = keys.get('shell');
  const shell = r.string(shellEntry, 'env.shell');
  if (shellEntry && shell !== undefined) {
    const at = r.pos(shellEntry.value, shellEntry.pos);
    // Valid in CodeBuild (a Windows project's buildspec, codebuild.md §1.5); codelocal does not emulate Windows
    // images, so, as for a project with a Windows environment (src/plan/windows.ts), it warns and runs with sh.
    if (WINDOWS_SHELLS.includes(shell))
      r.report(
        'BUILDSPEC_SHELL_WINDOWS',
        `env.shell '${shell}' is a Windows shell: Windows images are not emulated; this build runs with sh in a Linux container`,
        at,
      );
    else if (!LINUX_SHELLS.includes(shell))
      r.report('BUILDSPEC_SHELL_INVALID', `invalid env.shell '${shell}': expected bash or /bin/sh`, at);
    else env.shell = shell;
  }
  const variables = r.scalarMap(keys.get('variables'), 'env.variables');
  for (const [name, v] of variables ?? []) {
    if (name.startsWith('CODEBUILD_'))
      r.report(
        'BUILDSPEC_VARIABLE_RESERVED',
        `env.variables.${name}: names starting with CODEBUILD_ are reserved`,
        v.pos,
      );
  }
  env.variables = plain(variables);
  env.parameterStore = plain(r.scalarMap(keys.get('parameter-store'), 'env.parameter-store'));
  env.secretsManager = plain(r.scalarMap(keys.get('secrets-manager'), 'env.secrets-manager'));
  const exported = r.stringList(keys.get('exported-variables'), 'ExportedVariables', 'env.exported-variables') ?? [];
  for (const v of exported) {
    if (v.value.startsWith('AWS_'))
      r.report(
        'BUILDSPEC_EXPORT_AWS_PREFIX',
        `env.exported-variables: ${v.value} cannot be exported (AWS_ prefix)`,
        v.pos,
      );
  }
  env.exportedVariables = exported.map((v) => v.value);
  env.gitCredentialHelper = r.bool(keys.get('git-credential-helper'), 'env.git-credential-helper') ?? false;
}

function parseEnvironmentVariables01(r: SpecReader, entry: MapEntry, env: BuildspecEnv): void {
  if (isNullNode(entry.value)) return;
  const keys = r.map(entry.value, 'environment_variables', ['plaintext'], entry.pos);
  env.variables = {
    ...env.variables,
    ...plain(r.scalarMap(keys?.get('plaintext'), 'environment_variables.plaintext')),
  };
}

function parseVersion(r: SpecReader, entry: MapEntry | undefined, at: SourcePosition): '0.1' | '0.2' | undefined {
  if (!entry) {
    r.report('BUILDSPEC_VERSION_MISSING', `'version' is required (use 0.2)`, at);
    return undefined;
  }
  const text = r.string(entry, 'version');
  if (text === '0.1' || text === '0.2') return text;
  r.report(
    'BUILDSPEC_VERSION_UNSUPPORTED',
    `unsupported buildspec version '${text ?? ''}': expected 0.2 (or 0.1)`,
    r.pos(entry.value, entry.pos),
  );
  return undefined;
}

function parseProxy(r: SpecReader, entry: MapEntry): void {
  if (isNullNode(entry.value)) return;
  // Parsed for validation only: proxies do not exist locally (docs/aws/codebuild.md §1.6).
  const keys = r.map(entry.value, 'proxy', ['upload-artifacts', 'logs'], entry.pos);
  r.bool(keys?.get('upload-artifacts'), 'proxy.upload-artifacts');
  r.bool(keys?.get('logs'), 'proxy.logs');
}

function toPlainValue(r: SpecReader, node: Node | null): unknown {
  return node ? node.toJS(r.src.doc, { maxAliasCount: -1 }) : undefined; // bounded by yaml-limits.ts
}

/**
 * True when every member of the batch section names its own buildspec (graph and list tasks with
 * `buildspec`, a matrix with `dynamic.buildspec`); fanout members always run the batch's buildspec.
 * Anything unreadable answers true: the batch parser reports it with its own codes.
 */
function everyTaskNamesABuildspec(batch: unknown): boolean {
  const b = (batch ?? {}) as Record<string, unknown>;
  const tasks = b['build-graph'] ?? b['build-list'];
  if (Array.isArray(tasks))
    return tasks.every((t) => typeof t !== 'object' || t === null || Boolean((t as Record<string, unknown>).buildspec));
  const matrix = b['build-matrix'] as { dynamic?: { buildspec?: unknown } } | undefined;
  if (matrix && typeof matrix === 'object') return Boolean(matrix.dynamic?.buildspec);
  return !('build-fanout' in b);
}

export function parseBuildspec(text: string, file: string): Buildspec {
  return buildspecFromYaml(parseYaml(text, file, BUILDSPEC_YAML_OPTIONS));
}

/**
 * The YAML 1.1 options parseBuildspec uses; `codelocal lint` parses once with them and reuses the tree.
 * A repeated key: the last one counts, with a warning, as CodeBuild runs such files (docs/fidelity.md,
 * "Repeated keys").
 */
export const BUILDSPEC_YAML_OPTIONS = { version: '1.1', duplicateKeys: 'last-wins' } as const;

/**
 * parseBuildspec over an already parsed document (lint parses once for the validator and its own rules).
 * `sink.warnings` receives the warnings even when the buildspec is rejected, so lint can report both.
 */
export function buildspecFromYaml(parsed: ParsedYaml, sink?: { warnings: Buildspec['warnings'] }): Buildspec {
  const file = parsed.source.file;
  if (parsed.errors.length > 0) throw new ValidationError(parsed.errors);
  const r = new SpecReader(parsed.source);
  for (const d of parsed.duplicates)
    r.report('YAML_KEY_LAST_WINS', lastWinsMessage(d, 'CodeBuild runs it'), r.pos(undefined, d.position));
  const top: SourcePosition = { file, line: 1, column: 1 };
  const root = parsed.source.doc.contents as Node | null;
  if (isNullNode(root)) {
    r.report('BUILDSPEC_EMPTY', 'the buildspec is empty', top);
    throw new ValidationError(r.problems);
  }
  if (!isMap(root)) {
    r.report(
      'BUILDSPEC_ROOT_NOT_MAP',
      `the buildspec must be a map of keys (version, phases, ...), found ${describeNode(root)}`,
      top,
    );
    throw new ValidationError(r.problems);
  }
  // Read the version first: it decides which top-level keys are valid.
  const versionEntry = mapEntries(r.src, root).find((e) => e.key === 'version');
  const version = parseVersion(r, versionEntry, top);
  const keys = r.map(root, 'buildspec', version === '0.1' ? TOP_KEYS_01 : TOP_KEYS, top) ?? new Map<string, MapEntry>();
  const spec: Buildspec = {
    version: version ?? '0.2',
    file,
    env: emptyEnv(),
    phases: [],
    secondaryArtifacts: [],
    reports: [],
    warnings: r.warnings,
  };
  if (version === '0.1') {
    const at = r.pos(versionEntry?.value, top);
    r.report('BUILDSPEC_VERSION_LEGACY', 'buildspec version 0.1 runs every command in a separate shell; use 0.2', at);
  }
  spec.runAs = r.string(keys.get('run-as'), 'run-as');
  const env = keys.get('env');
  if (env) parseEnv(r, env, spec.env);
  const env01 = keys.get('environment_variables');
  if (env01) parseEnvironmentVariables01(r, env01, spec.env);
  const proxy = keys.get('proxy');
  if (proxy) parseProxy(r, proxy);
  const batch = keys.get('batch');
  if (batch && !isNullNode(batch.value)) spec.batch = toPlainValue(r, batch.value);
  const phases = keys.get('phases');
  // A batch-only buildspec (its tasks name their own buildspecs) has no phases: valid for a batch;
  // `build` on it says so (assertRunnableBuildspec).
  if (!phases) {
    if (!spec.batch) r.report('BUILDSPEC_PHASES_MISSING', `'phases' is required`, top);
    else if (!everyTaskNamesABuildspec(spec.batch))
      r.report(
        'BUILDSPEC_PHASES_MISSING',
        `'phases' is required: a batch member without a buildspec of its own runs this one`,
        top,
      );
  } else spec.phases = parsePhases(r, phases.value, phases.pos);
  const artifacts = keys.get('artifacts');
  if (artifacts) {
    const { primary, secondary } = parseArtifacts(r, artifacts);
    spec.artifacts = primary;
    spec.secondaryArtifacts = secondary;
  }
  const reports = keys.get('reports');
  if (reports) spec.reports = parseReports(r, reports);
  const cache = keys.get('cache');
  if (cache) spec.cache = parseCache(r, cache);
  sink?.warnings.push(...r.warnings);
  if (r.problems.length > 0) throw new ValidationError(sortByPosition(r.problems));
  return spec;
}

/**
 * Reads and parses a buildspec file. A missing file gives the agent's message
 * (`stat <abs path>: no such file or directory`, docs/aws/codebuild.md §1.1).
 */
export function loadBuildspec(path: string): Buildspec {
  const text = readTextFile(path, 'BUILDSPEC_NOT_FOUND', (p) => `stat ${resolve(p)}: no such file or directory`);
  return parseBuildspec(text, path);
}
