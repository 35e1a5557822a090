/**
 * Watches a repository's refs without polling: folder watches on the refs folder and its subfolders
 * (branch names with `/` are folders; tree-watch.ts), the reflogs and the git folder itself (packed-refs, written by `git gc`
 * and `git fetch`). Changes are debounced, then the refs are read again and compared with the last
 * reading, so a burst (a rebase, a fetch of many branches) yields one event per ref that moved.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { GitEvent } from './git-triggers.js';
import { watchTree, type TreeWatch } from './tree-watch.js';
import { commonGitDir, readRefs, refEvents, type RefSnapshot } from './git-refs.js';

export interface RefWatcher {
  close(): void;
  /** Resolves once pending readings are done (tests, a clean stop). */
  idle(): Promise<void>;
}

export interface RefWatchOptions {
  root: string;
  /** A pull request's target branch (the action's BranchName). */
  defaultBranch: string;
  debounceMs?: number;
  onEvents(events: GitEvent[]): void;
  onError?(error: Error): void;
}

export async function watchRefs(o: RefWatchOptions): Promise<RefWatcher> {
  const gitDir = await commonGitDir(o.root);
  let last: RefSnapshot = await readRefs(o.root);
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;
  const read = () => {
    timer = undefined;
    chain = chain.then(async () => {
      if (closed) return;
      try {
        const now = await readRefs(o.root);
        const events = await refEvents(o.root, last, now, o.defaultBranch);
        last = now;
        if (events.length > 0 && !closed) o.onEvents(events);
      } catch (e) {
        o.onError?.(e as Error);
      }
    });
  };
  const changed = (_type: string, name: string | null) => {
    // Lock files come and go around every ref write; the rename that follows is what counts.
    if (name && name.endsWith('.lock')) return;
    if (name && !/^(refs|logs|packed-refs|HEAD|FETCH_HEAD|ORIG_HEAD)/.test(name) && !name.includes('/')) return;
    clearTimeout(timer);
    timer = setTimeout(read, o.debounceMs ?? 50);
  };
  const top: FSWatcher = watch(gitDir, changed);
  top.on('error', (e) => o.onError?.(e));
  const trees: TreeWatch[] = [];
  for (const sub of ['refs', 'logs']) {
    const dir = join(gitDir, sub);
    if (existsSync(dir)) trees.push(watchTree(dir, (n) => changed('change', `${sub}/${n}`), o.onError));
  }
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      top.close();
      for (const t of trees) t.close();
    },
    idle: () => chain,
  };
}
