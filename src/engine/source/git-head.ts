/**
 * Reads a git checkout's HEAD commit, branch and origin URL straight from `.git`, without
 * running git: a build needs these for CODEBUILD_RESOLVED_SOURCE_VERSION and friends
 * (docs/aws/codebuild.md §3), and forking git on every build start would cost more than the read.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface GitHead {
  /** The repository's top folder (the one holding `.git`). */
  root: string;
  commit?: string;
  /** Branch name when HEAD is a symbolic ref (undefined when detached). */
  branch?: string;
  originUrl?: string;
}

/** Finds the git checkout holding `dir` (walking up) and reads its HEAD; undefined outside git. */
export function readGitHead(dir: string): GitHead | undefined {
  let cur = resolve(dir);
  for (;;) {
    const dotGit = join(cur, '.git');
    if (existsSync(dotGit)) return readAt(cur, dotGit);
    const up = dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

function readAt(root: string, dotGit: string): GitHead | undefined {
  let gitDir = dotGit;
  try {
    if (statSync(dotGit).isFile()) {
      // Worktrees and submodules: `.git` is a file `gitdir: <path>`.
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      if (!m) return undefined;
      gitDir = isAbsolute(m[1].trim()) ? m[1].trim() : resolve(root, m[1].trim());
    }
    const commonDir = existsSync(join(gitDir, 'commondir'))
      ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const result: GitHead = { root, originUrl: readOriginUrl(commonDir) };
    const sym = /^ref:\s*(.+)$/.exec(head);
    if (!sym) {
      result.commit = head;
      return result;
    }
    const ref = sym[1].trim();
    if (ref.startsWith('refs/heads/')) result.branch = ref.slice('refs/heads/'.length);
    result.commit = resolveRef(gitDir, ref) ?? resolveRef(commonDir, ref);
    return result;
  } catch {
    return undefined;
  }
}

function resolveRef(gitDir: string, ref: string): string | undefined {
  const loose = join(gitDir, ref);
  if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
  const packed = join(gitDir, 'packed-refs');
  if (!existsSync(packed)) return undefined;
  for (const line of readFileSync(packed, 'utf8').split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
  }
  return undefined;
}

function readOriginUrl(gitDir: string): string | undefined {
  const cfg = join(gitDir, 'config');
  if (!existsSync(cfg)) return undefined;
  let inOrigin = false;
  for (const raw of readFileSync(cfg, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inOrigin = /^\[remote\s+"origin"\]$/.test(line);
    else if (inOrigin) {
      const m = /^url\s*=\s*(.+)$/.exec(line);
      if (m) return m[1].trim();
    }
  }
  return undefined;
}
