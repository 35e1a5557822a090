/**
 * CodeBuild's artifact file selection (docs/aws/codebuild.md §1.10, §8 item 22), shared by artifacts, reports
 * (§1.9: "same pattern language") and, through `compileGlob`, cache paths (§1.11).
 *
 * Pure: it sees a stream of paths (relative to CODEBUILD_SRC_DIR, posix) with their type and decides,
 * one path at a time, whether and where each goes. That is what lets the uploader select entries
 * while a tar streams out of the container instead of listing the whole tree first.
 *
 * Decisions (each UNCERTAIN against the real agent, which is closed source):
 * - Dot files match `*` and `**` (picomatch `dot: true`): `**` + `/*` is how buildspecs ship
 *   `.ebextensions/` and `.platform/` for Elastic Beanstalk, which only works if dot files match.
 * - Patterns select files and symlinks, never directories: a bare directory name selects nothing
 *   (write `dir/**` + `/*`), and `dir/*` is not recursive, as the doc's pattern list reads.
 * - A leading `/` (or `./`) in `files`, `base-directory` and `exclude-paths` is dropped: the doc says
 *   these are relative to the build root, and joining an absolute path onto a base the way Go's
 *   filepath.Join does (the agent is a Go program) gives the same result.
 * - `exclude-paths` drops a file when its path or any of its parent folders (relative to the base
 *   directory) matches, so `exclude-paths: node_modules` drops the whole folder.
 * - With `discard-paths`, two files with the same name: the first one met wins, later ones are left
 *   out (a zip must not hold two entries of the same name).
 * - Extglobs (`+(a)`) and `!` negation are off: `(` and `!` are ordinary characters in file names.
 */
import picomatch from 'picomatch';

export type PathType = 'file' | 'symlink' | 'dir';

export interface SourceEntry {
  /** Relative to CODEBUILD_SRC_DIR, posix separators, no leading `./`. */
  path: string;
  type: PathType;
}

export interface SelectedFile {
  /** Where the file goes in the artifact (zip entry name). */
  pathInArtifact: string;
  /** Where it is, relative to CODEBUILD_SRC_DIR. */
  sourcePath: string;
  type: 'file' | 'symlink';
}

/** The parts of an artifact or report section that decide selection. */
export interface SelectionSpec {
  files: readonly string[];
  baseDirectory?: string;
  discardPaths?: boolean;
  excludePaths?: readonly string[];
}

/** A phase context, as the build's UPLOAD_ARTIFACTS phase records it. */
export interface SelectionFailure {
  statusCode: 'CLIENT_ERROR';
  message: string;
}

export interface SelectionResult {
  files: SelectedFile[];
  /** The `[Container]` lines CodeBuild writes for this selection, in order. */
  log: string[];
  failure?: SelectionFailure;
}

/** picomatch options for every pattern CodeBuild reads (see the file comment for why). */
export const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, noextglob: true, nonegate: true };

export const NO_MATCHING_ARTIFACT_PATHS = 'no matching artifact paths found';
export const NO_PRIMARY_DEFINITION = 'no definition for primary artifacts in buildspec';

/** `./a/b/`, `/a/b` → `a/b`; `.` and `` → ``. */
export function normalizeRelative(p: string): string {
  let s = p.trim().replace(/\\/g, '/');
  s = s.replace(/^(\.\/|\/)+/, '');
  s = s.replace(/\/+$/, '').replace(/\/{2,}/g, '/');
  return s === '.' ? '' : s;
}

export function compileGlob(pattern: string): (path: string) => boolean {
  return picomatch(pattern, GLOB_OPTIONS);
}

export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

/** The longest leading run of path segments without glob characters (`out/**` + `/*.js` → `out`). */
export function staticPrefix(pattern: string): string {
  const scan = picomatch.scan(pattern);
  return scan.isGlob ? normalizeRelative(scan.base) : normalizeRelative(pattern);
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

interface CompiledPattern {
  text: string;
  match: (p: string) => boolean;
}

/**
 * Decides path by path; `result()` gives the selection with CodeBuild's log lines and failure.
 * Paths may come in any order and more than once (overlapping archives): duplicates are ignored.
 */
export class ArtifactSelector {
  private readonly base: string;
  private readonly baseIsGlob: boolean;
  private readonly baseMatch: (p: string) => boolean;
  private readonly patterns: CompiledPattern[];
  private readonly excludes: ((p: string) => boolean)[];
  private readonly discardPaths: boolean;
  /** Base directories met, each with the patterns that matched something under it. */
  private readonly bases = new Map<string, Set<number>>();
  private readonly seenSources = new Set<string>();
  private readonly taken = new Set<string>();
  private readonly selected: SelectedFile[] = [];

  constructor(spec: SelectionSpec) {
    this.base = normalizeRelative(spec.baseDirectory ?? '');
    this.baseIsGlob = this.base !== '' && isGlob(this.base);
    this.baseMatch = this.baseIsGlob ? compileGlob(this.base) : (p) => p === this.base;
    this.patterns = spec.files.map((text) => ({ text, match: compileGlob(normalizeRelative(text)) }));
    this.excludes = (spec.excludePaths ?? []).map((e) => compileGlob(normalizeRelative(e)));
    this.discardPaths = Boolean(spec.discardPaths);
  }

  /**
   * Folders (relative to CODEBUILD_SRC_DIR; `` is the root) whose contents cover every possible
   * match, narrowest first-level choice: the base's static prefix, and under a literal base each
   * pattern's own static prefix. Nested ones are dropped. Fetching these instead of the whole
   * source keeps `files: dist/**` + `/*` from streaming node_modules out of the container.
   */
  fetchRoots(): string[] {
    const roots = this.baseIsGlob
      ? [staticPrefix(this.base)]
      : this.patterns.map((p) => join(this.base, staticPrefix(normalizeRelative(p.text))));
    if (roots.length === 0) roots.push(this.base);
    const sorted = [...new Set(roots)].sort();
    return sorted.filter((r, i) => !sorted.slice(0, i).some((o) => o === '' || r.startsWith(o + '/')));
  }

  /**
   * A literal base directory that no fetch root names: its own entry never streams by, so the
   * caller must say whether it exists (else a missing file reads as a missing base).
   */
  baseToProbe(): string | undefined {
    if (this.base === '' || this.baseIsGlob || this.fetchRoots().includes(this.base)) return undefined;
    return this.base;
  }

  /** Records that a directory exists (a base directory whose own entry the archive did not carry). */
  noteDirectory(path: string): void {
    this.offer({ path, type: 'dir' });
  }

  /** Offers one path; returns where it goes when selected. */
  offer(entry: SourceEntry): SelectedFile | undefined {
    const path = normalizeRelative(entry.path);
    if (path === '') return undefined;
    if (entry.type === 'dir') {
      if (this.base === '' ? false : this.baseMatch(path)) this.noteBase(path);
      return undefined;
    }
    if (this.seenSources.has(path)) return undefined;
    let chosen: SelectedFile | undefined;
    for (const base of this.basesOf(path)) {
      this.noteBase(base);
      const rel = base === '' ? path : path.slice(base.length + 1);
      const hits = this.patterns.flatMap((p, i) => (p.match(rel) ? [i] : []));
      if (hits.length === 0 || this.excluded(rel)) continue;
      for (const i of hits) this.bases.get(base)!.add(i);
      if (chosen) continue;
      const pathInArtifact = this.discardPaths ? basename(rel) : rel;
      if (this.taken.has(pathInArtifact)) continue;
      chosen = { pathInArtifact, sourcePath: path, type: entry.type };
    }
    if (!chosen) return undefined;
    this.seenSources.add(path);
    this.taken.add(chosen.pathInArtifact);
    this.selected.push(chosen);
    return chosen;
  }

  /** Every base directory containing `path` (one for a literal base; several when a glob matches nested folders). */
  private basesOf(path: string): string[] {
    if (this.base === '') return [''];
    if (!this.baseIsGlob) return path.startsWith(this.base + '/') ? [this.base] : [];
    return ancestors(path).filter((a) => this.baseMatch(a));
  }

  private noteBase(base: string): void {
    if (!this.bases.has(base)) this.bases.set(base, new Set());
  }

  private excluded(rel: string): boolean {
    if (this.excludes.length === 0) return false;
    return [...ancestors(rel), rel].some((p) => this.excludes.some((m) => m(p)));
  }

  /** The selection with CodeBuild's log lines (docs/aws/codebuild.md §4.2) and its failure, if any. */
  result(): SelectionResult {
    const shown = this.base === '' ? '.' : this.base;
    const log = [`Expanding base directory path: ${shown}`, 'Assembling file list', `Expanding ${shown}`];
    if (this.bases.size === 0 && this.base !== '') {
      // Observed wording when base-directory names nothing (public build logs; not in the reference).
      return {
        files: [],
        log,
        failure: { statusCode: 'CLIENT_ERROR', message: `no matching base directory path found for ${shown}` },
      };
    }
    const bases = this.bases.size ? [...this.bases.keys()].sort() : [''];
    for (const base of bases) {
      const matched = this.bases.get(base) ?? new Set<number>();
      log.push(`Expanding file paths for base directory ${base === '' ? '.' : base}`, 'Assembling file list');
      this.patterns.forEach((p, i) => {
        log.push(`Expanding ${p.text}`);
        if (!matched.has(i)) log.push(`Skipping invalid file path ${p.text}`);
      });
    }
    if (this.selected.length === 0) {
      return { files: [], log, failure: { statusCode: 'CLIENT_ERROR', message: NO_MATCHING_ARTIFACT_PATHS } };
    }
    log.push(`Found ${this.selected.length} file(s)`);
    return { files: [...this.selected], log };
  }
}

function join(a: string, b: string): string {
  return a === '' ? b : b === '' ? a : `${a}/${b}`;
}

/** Selection over a complete listing: what the uploader does while streaming, in one call. */
export function selectArtifactFiles(entries: Iterable<SourceEntry>, spec: SelectionSpec): SelectionResult {
  if (spec.files.length === 0) {
    return { files: [], log: [], failure: { statusCode: 'CLIENT_ERROR', message: NO_PRIMARY_DEFINITION } };
  }
  const selector = new ArtifactSelector(spec);
  for (const e of entries) selector.offer(e);
  return selector.result();
}
