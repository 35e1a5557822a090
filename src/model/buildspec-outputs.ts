/** `artifacts`, `reports` and `cache` of a buildspec (docs/aws/codebuild.md §1.9–§1.11). */
import type { Node } from 'yaml';
import type { SourcePosition } from '../errors.js';
import type { ArtifactSpec, CacheSpec, ReportFileFormat, ReportSpec } from './buildspec-types.js';
import type { SpecReader } from './buildspec-reader.js';
import { isNullNode, type MapEntry } from './yaml-source.js';

const ARTIFACT_KEYS = [
  'files',
  'name',
  'discard-paths',
  'base-directory',
  'exclude-paths',
  'enable-symlinks',
  's3-prefix',
  'secondary-artifacts',
] as const;
const SECONDARY_KEYS = ARTIFACT_KEYS.filter((k) => k !== 'secondary-artifacts');
/** Same rule as the project's artifactIdentifier / sourceIdentifier. */
const IDENTIFIER = /^[A-Za-z0-9_]{1,127}$/;

export const REPORT_FORMATS: readonly ReportFileFormat[] = [
  'JUNITXML',
  'CUCUMBERJSON',
  'NUNITXML',
  'NUNIT3XML',
  'TESTNGXML',
  'VISUALSTUDIOTRX',
  'CLOVERXML',
  'COBERTURAXML',
  'JACOCOXML',
  'SIMPLECOV',
];
const MAX_REPORT_GROUPS = 5;
const MAX_FALLBACK_KEYS = 5;

function artifact(
  r: SpecReader,
  node: Node | null,
  where: string,
  at: SourcePosition,
  identifier?: string,
): ArtifactSpec | undefined {
  const keys = r.map(node, where, identifier === undefined ? ARTIFACT_KEYS : SECONDARY_KEYS, at);
  if (!keys) return undefined;
  const files = r.stringList(keys.get('files'), 'Files', `${where}.files`);
  if (!keys.has('files')) {
    if (identifier !== undefined) r.report('BUILDSPEC_SECONDARY_FILES_MISSING', `'${where}.files' is required`, at);
    // A primary section without files parses; the agent fails later, in UPLOAD_ARTIFACTS, with
    // "no definition for primary artifacts in buildspec" (docs/aws/codebuild.md §1.10), so the engine reports it.
    else
      r.report(
        'BUILDSPEC_ARTIFACTS_FILES_MISSING',
        `'artifacts' has no 'files': the build will fail in UPLOAD_ARTIFACTS`,
        at,
      );
  }
  return {
    identifier,
    files: files ?? [],
    name: r.string(keys.get('name'), `${where}.name`),
    discardPaths: r.bool(keys.get('discard-paths'), `${where}.discard-paths`) ?? false,
    baseDirectory: r.string(keys.get('base-directory'), `${where}.base-directory`),
    excludePaths: (
      r.stringList(keys.get('exclude-paths'), 'ExcludePaths', `${where}.exclude-paths`, { quietScalar: true }) ?? []
    ).map((l) => l.value),
    enableSymlinks: r.bool(keys.get('enable-symlinks'), `${where}.enable-symlinks`) ?? false,
    s3Prefix: r.string(keys.get('s3-prefix'), `${where}.s3-prefix`),
    pos: at,
  };
}

export function parseArtifacts(r: SpecReader, entry: MapEntry): { primary?: ArtifactSpec; secondary: ArtifactSpec[] } {
  if (isNullNode(entry.value)) return { secondary: [] };
  const primary = artifact(r, entry.value, 'artifacts', entry.pos);
  if (!primary) return { secondary: [] };
  const secondary: ArtifactSpec[] = [];
  const sec = r.map(entry.value, 'artifacts', [], entry.pos)?.get('secondary-artifacts');
  if (sec && !isNullNode(sec.value)) {
    for (const [id, e] of r.map(sec.value, 'artifacts.secondary-artifacts', [], sec.pos) ?? []) {
      if (!IDENTIFIER.test(id)) {
        const why = 'use 1 to 127 letters, digits or underscores';
        r.report(
          'BUILDSPEC_ARTIFACT_IDENTIFIER_INVALID',
          `invalid secondary artifact identifier '${id}': ${why}`,
          e.pos,
        );
        continue;
      }
      const spec = artifact(r, e.value, `artifacts.secondary-artifacts.${id}`, e.pos, id);
      if (spec) secondary.push(spec);
    }
  }
  return { primary, secondary };
}

export function parseReports(r: SpecReader, entry: MapEntry): ReportSpec[] {
  if (isNullNode(entry.value)) return [];
  const groups = r.map(entry.value, 'reports', [], entry.pos);
  if (!groups) return [];
  const out: ReportSpec[] = [];
  let n = 0;
  for (const [name, e] of groups) {
    if (++n === MAX_REPORT_GROUPS + 1) {
      const message = `too many report groups: at most ${MAX_REPORT_GROUPS} are allowed per buildspec`;
      r.report('BUILDSPEC_REPORT_GROUPS_TOO_MANY', message, e.pos);
    }
    const where = `reports.${name}`;
    const keys = r.map(e.value, where, ['files', 'base-directory', 'discard-paths', 'file-format'], e.pos);
    if (!keys) continue;
    if (!keys.has('files')) r.report('BUILDSPEC_REPORT_FILES_MISSING', `'${where}.files' is required`, e.pos);
    const formatEntry = keys.get('file-format');
    const formatText = r.string(formatEntry, `${where}.file-format`)?.toUpperCase() ?? 'JUNITXML';
    const fileFormat = REPORT_FORMATS.find((f) => f === formatText);
    if (!fileFormat && formatEntry) {
      r.report(
        'BUILDSPEC_REPORT_FORMAT_INVALID',
        `invalid file-format '${formatText}' in '${where}': expected one of ${REPORT_FORMATS.join(', ')}`,
        r.pos(formatEntry.value, formatEntry.pos),
      );
    }
    out.push({
      name,
      files: (r.stringList(keys.get('files'), 'Files', `${where}.files`) ?? []).map((l) => l.value),
      baseDirectory: r.string(keys.get('base-directory'), `${where}.base-directory`),
      discardPaths: r.bool(keys.get('discard-paths'), `${where}.discard-paths`) ?? false,
      fileFormat: fileFormat ?? 'JUNITXML',
      pos: e.pos,
    });
  }
  return out;
}

export function parseCache(r: SpecReader, entry: MapEntry): CacheSpec | undefined {
  if (isNullNode(entry.value)) return undefined;
  const keys = r.map(entry.value, 'cache', ['paths', 'key', 'fallback-keys', 'action'], entry.pos);
  if (!keys) return undefined;
  const key = r.string(keys.get('key'), 'cache.key');
  const paths = r.stringList(keys.get('paths'), 'Paths', 'cache.paths');
  // Current docs: with a `key` and no paths CodeBuild caches common dependency folders on its own.
  if (!paths?.length && key === undefined)
    r.report(
      'BUILDSPEC_CACHE_PATHS_MISSING',
      `'cache' has no paths (nor a key): the cache is skipped, as CodeBuild does ` +
        `("Skip cache due to: no paths specified to be cached")`,
      entry.pos,
    );
  const fallbackEntry = keys.get('fallback-keys');
  const fallbackKeys = (r.stringList(fallbackEntry, 'FallbackKeys', 'cache.fallback-keys') ?? []).map((l) => l.value);
  if (fallbackEntry && fallbackKeys.length > MAX_FALLBACK_KEYS) {
    const message = `too many cache.fallback-keys: at most ${MAX_FALLBACK_KEYS} are allowed`;
    r.report('BUILDSPEC_CACHE_FALLBACK_KEYS_TOO_MANY', message, fallbackEntry.pos);
  }
  if (fallbackEntry && key === undefined)
    r.report(
      'BUILDSPEC_CACHE_FALLBACK_KEYS_IGNORED',
      `'cache.fallback-keys' is ignored without 'cache.key'`,
      fallbackEntry.pos,
    );
  const actionEntry = keys.get('action');
  const action = r.string(actionEntry, 'cache.action');
  if (actionEntry && action !== undefined && action !== 'restore' && action !== 'save') {
    const at = r.pos(actionEntry.value, actionEntry.pos);
    r.report('BUILDSPEC_CACHE_ACTION_INVALID', `invalid cache.action '${action}': expected restore or save`, at);
  }
  return {
    paths: (paths ?? []).map((l) => l.value),
    key,
    fallbackKeys,
    action: action === 'restore' || action === 'save' ? action : undefined,
    pos: entry.pos,
  };
}
