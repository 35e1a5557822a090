/**
 * A bind-mounted build (`build -m`) sees the host folder as it is, and the state folder (history,
 * stubs, the local S3 store) and the stub file often sit inside it. Left visible, a `**\/*` artifact
 * would take them (and fail on files that change while zipped) and the build could rewrite them
 * (issue 17). Each one inside the bound folder is covered in the container: a folder by an empty
 * read-only tmpfs, a file by an empty host file bound read-only (not /dev/null: a device is writable
 * on a read-only mount, and a zip of it fails). The host files stay untouched.
 */
import { chmodSync, existsSync, lstatSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { BindMount, ContainerSpec } from '../../runtime/index.js';
import { DEFAULT_EXCLUDES } from '../source/index.js';

/** Host paths to hide: the state folder, the stub files, and the default names a source copy leaves out. */
export function stateInSource(sourceDir: string, paths: readonly string[]): string[] {
  const src = resolve(sourceDir);
  const all = [...paths, ...DEFAULT_EXCLUDES.map((name) => resolve(src, name))];
  const out = new Set<string>();
  for (const p of all.map((x) => resolve(x))) {
    const rel = relative(src, p);
    if (!rel || rel.startsWith('..') || isAbsolute(rel) || !existsSync(p)) continue;
    out.add(p);
  }
  // A path inside another hidden folder is hidden with it (and its mount point would not exist there).
  const sorted = [...out].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(`${q}/`)));
}

/** The mounts that cover `hidden` (host paths inside `sourceDir`) where the source is bound at `containerSrc`. */
export function hidingMounts(
  sourceDir: string,
  containerSrc: string,
  hidden: readonly string[],
): { binds: BindMount[]; tmpfs: NonNullable<ContainerSpec['tmpfs']> } {
  const binds: BindMount[] = [];
  const tmpfs: NonNullable<ContainerSpec['tmpfs']> = [];
  for (const p of hidden) {
    const target = `${containerSrc}/${relative(resolve(sourceDir), p).split('\\').join('/')}`;
    if (statSync(p).isDirectory()) tmpfs.push({ target, readOnly: true });
    else binds.push({ source: emptyFile(), target, readOnly: true });
  }
  return { binds, tmpfs };
}

/** An empty read-only file of this user in the temp folder, made again if something changed it. */
function emptyFile(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const file = join(tmpdir(), `codelocal-empty-${uid}`);
  const st = existsSync(file) ? lstatSync(file) : undefined;
  if (st && st.isFile() && st.size === 0 && st.uid === uid) return file;
  if (st) rmSync(file, { force: true, recursive: true });
  writeFileSync(file, '', { flag: 'wx', mode: 0o444 });
  chmodSync(file, 0o444);
  return file;
}
