/**
 * Lists a source folder the way a clone would see it: `.gitignore` files (nested ones too) and
 * the project's `.codelocalignore` are honoured, and what they left out is reported so nothing
 * disappears silently (docs/aws/peers.md §2: gitlab-ci-local #271). `.git` itself is kept, because
 * CodeBuild clones git sources and buildspecs run git commands.
 */
import ignore, { type Ignore } from 'ignore';
import { lstatSync, readdirSync, readFileSync, existsSync, readlinkSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface SourceEntry {
  /** Path relative to the source root, `/`-separated; directories end without slash. */
  path: string;
  absPath: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  size: number;
  mtime: Date;
  linkTarget?: string;
}

export interface SourceListing {
  entries: SourceEntry[];
  /** Ignored paths (a folder counts once, its contents are not listed). */
  ignored: string[];
  totalBytes: number;
}

interface Rules {
  base: string; // relative dir the rules are relative to ('' for root)
  ig: Ignore;
}

/** What a source copy never holds (see `exclude`). */
export const DEFAULT_EXCLUDES = ['.codelocal', 'codelocal.stubs.yml'];

export function listSourceFiles(
  root: string,
  options: {
    extraIgnoreFiles?: string[];
    /**
     * Relative paths left out without a word: by default the state folder and the stub file, whose
     * secrets must not travel into builds and their artifacts (issue 17; docs/stubs.md).
     */
    exclude?: string[];
    /** False: list everything (pipeline inputs are copied as they are). */
    ignoreFiles?: boolean;
  } = {},
): SourceListing {
  const exclude = new Set(options.exclude ?? DEFAULT_EXCLUDES);
  const entries: SourceEntry[] = [];
  const ignored: string[] = [];
  let totalBytes = 0;
  const rootRules: Rules[] = [];
  const useIgnoreFiles = options.ignoreFiles !== false;
  for (const name of useIgnoreFiles ? ['.codelocalignore', ...(options.extraIgnoreFiles ?? [])] : []) {
    const p = join(root, name);
    if (existsSync(p)) rootRules.push({ base: '', ig: ignore().add(readFileSync(p, 'utf8')) });
  }

  const walk = (dirAbs: string, dirRel: string, rules: Rules[]) => {
    const local = [...rules];
    const gi = join(dirAbs, '.gitignore');
    if (useIgnoreFiles && existsSync(gi)) local.push({ base: dirRel, ig: ignore().add(readFileSync(gi, 'utf8')) });
    const names = readdirSync(dirAbs).sort();
    for (const name of names) {
      const abs = join(dirAbs, name);
      const rel = dirRel ? `${dirRel}/${name}` : name;
      let st: Stats;
      try {
        st = lstatSync(abs);
      } catch {
        continue; // vanished while listing
      }
      const isDir = st.isDirectory();
      if (exclude.has(rel)) continue;
      if (name !== '.git' && isIgnored(local, rel, isDir)) {
        ignored.push(isDir ? rel + '/' : rel);
        continue;
      }
      const base = { path: rel, absPath: abs, mode: st.mode & 0o7777, size: st.size, mtime: st.mtime };
      if (st.isSymbolicLink()) {
        entries.push({ ...base, type: 'symlink', size: 0, linkTarget: readlinkSync(abs) });
      } else if (isDir) {
        entries.push({ ...base, type: 'directory', size: 0 });
        // Inside .git, ignore rules do not apply.
        walk(abs, rel, name === '.git' || rel.startsWith('.git/') ? [] : local);
      } else if (st.isFile()) {
        entries.push({ ...base, type: 'file' });
        totalBytes += st.size;
      }
    }
  };
  walk(root, '', rootRules);
  return { entries, ignored, totalBytes };
}

function isIgnored(rules: Rules[], rel: string, isDir: boolean): boolean {
  for (const r of rules) {
    const sub = r.base ? relative(r.base, rel).split(sep).join('/') : rel;
    if (sub.startsWith('..')) continue;
    if (r.ig.ignores(isDir ? sub + '/' : sub)) return true;
  }
  return false;
}
