/**
 * Which files a lint run reads: every YAML and JSON file under the given paths (the current folder by
 * default), minus dependency, VCS, state and build-output folders. Content decides what each file is
 * (classify.ts); names only break ties.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

const SKIP_DIRS = new Set(['node_modules', '.git', '.codelocal', 'dist', 'cdk.out', '.aws-sam']);
const EXTENSIONS = /\.(ya?ml|json)$/i;
/** Never a buildspec, pipeline or template, and some are large. */
const SKIP_FILES = new Set([
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'composer.lock',
  'codelocal.yml',
  '.codelocal.yml',
]);

export interface Candidate {
  /** Absolute path. */
  path: string;
  /** Named on the command line (reported even when it is not recognised). */
  explicit: boolean;
}

function walk(dir: string, out: Candidate[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folder: nothing to lint there
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(join(dir, e.name), out);
    } else if (e.isFile() && EXTENSIONS.test(e.name) && !SKIP_FILES.has(e.name)) {
      out.push({ path: join(dir, e.name), explicit: false });
    }
  }
}

export function discover(paths: readonly string[], cwd: string): Candidate[] {
  const out: Candidate[] = [];
  for (const p of paths.length > 0 ? paths : ['.']) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new InputError('LINT_PATH_NOT_FOUND', `${p}: no such file or folder`);
    }
    if (st.isDirectory()) walk(abs, out);
    else out.push({ path: abs, explicit: true });
  }
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.path) && (seen.add(c.path), true));
}

/** `buildspec*.yml`, `*buildspec*.yaml`, or any YAML in a `buildspecs/` folder. */
export function isBuildspecName(path: string): boolean {
  const name = basename(path);
  if (!/\.ya?ml$/i.test(name)) return false;
  return /buildspec/i.test(name) || /(?:^|[\\/])buildspecs[\\/][^\\/]+$/.test(path);
}
