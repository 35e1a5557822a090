/**
 * Watches source folders for `build --watch`: fs.watch recursive (inotify on Linux, FSEvents on
 * macOS), changes batched with a trailing debounce. What a build would not copy does not count:
 * `.gitignore` files (nested too) and `.codelocalignore`, like source-files.ts, plus `.git` and the
 * excluded folders (the state folder, artifact/report output folders the build writes itself).
 */
import ignore, { type Ignore } from 'ignore';
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

export interface SourceWatchOptions {
  roots: string[];
  /** Absolute folders whose changes never count. */
  exclude?: string[];
  /** Quiet time before a batch is reported (default 200 ms). */
  debounceMs?: number;
  /** A batch never waits longer than this after its first change (default 1000 ms): a steady stream still rebuilds. */
  maxWaitMs?: number;
  onChange(paths: string[]): void;
}

export interface SourceWatcher {
  close(): void;
}

export function watchSources(o: SourceWatchOptions): SourceWatcher {
  const debounceMs = o.debounceMs ?? 200;
  const maxWaitMs = o.maxWaitMs ?? 1000;
  const batch = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  const flush = () => {
    timer = undefined;
    const paths = [...batch];
    batch.clear();
    if (paths.length) o.onChange(paths);
  };
  const watchers: FSWatcher[] = o.roots.map((root) => {
    const rules = new IgnoreRules(
      root,
      (o.exclude ?? []).map((e) => relative(root, e)).filter((r) => r && !r.startsWith('..') && !isAbsolute(r)),
    );
    return watch(root, { recursive: true }, (_event, filename) => {
      const rel = filename ? filename.toString().split(sep).join('/') : '';
      if (rel && rules.ignored(rel)) return;
      batch.add(join(root, rel));
      const now = Date.now();
      if (!timer) firstAt = now;
      else clearTimeout(timer);
      timer = setTimeout(flush, Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - now)));
    });
  });
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

/** The ignore rules of one source folder, read lazily and cached until an ignore file changes. */
export class IgnoreRules {
  private readonly cache = new Map<string, Ignore | null>();

  constructor(
    private readonly root: string,
    /** Relative folders left out as a whole. */
    private readonly excluded: string[] = [],
  ) {}

  ignored(rel: string): boolean {
    const parts = rel.split('/').filter(Boolean);
    if (!parts.length) return false;
    if (parts[0] === '.git' || parts[0] === '.codelocal') return true;
    if (this.excluded.some((e) => rel === e || rel.startsWith(e + '/'))) return true;
    const name = parts[parts.length - 1];
    if (name === '.gitignore' || name === '.codelocalignore') this.cache.clear();
    const isDir = this.isDir(rel);
    const test = (ig: Ignore | null, sub: string) => Boolean(ig && ig.ignores(isDir ? sub + '/' : sub));
    if (test(this.rules('', '.codelocalignore'), rel)) return true;
    for (let i = 0; i < parts.length; i++) {
      if (test(this.rules(parts.slice(0, i).join('/'), '.gitignore'), parts.slice(i).join('/'))) return true;
    }
    return false;
  }

  private isDir(rel: string): boolean {
    try {
      return statSync(join(this.root, rel)).isDirectory();
    } catch {
      return false; // deleted: judged as a file
    }
  }

  private rules(dir: string, file: string): Ignore | null {
    const key = `${dir}/${file}`;
    if (!this.cache.has(key)) {
      const p = join(this.root, dir, file);
      this.cache.set(key, existsSync(p) ? ignore().add(readFileSync(p, 'utf8')) : null);
    }
    return this.cache.get(key)!;
  }
}
