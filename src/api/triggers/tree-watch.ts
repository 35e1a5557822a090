/**
 * A recursive folder watch made of one plain fs.watch per folder. Node 20's own `recursive: true`
 * on Linux watches files one by one and loses a file once it is replaced by a rename — exactly how
 * git writes a ref (`main.lock` → `main`) and how the local S3 store writes an object — so a second
 * change to the same ref or key would go unseen. Folder watches see every rename into them
 * (inotify), and folders created later are added as their creation is seen.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface TreeWatch {
  close(): void;
}

export function watchTree(root: string, onChange: (relPath: string) => void, onError?: (e: Error) => void): TreeWatch {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  const add = (dir: string) => {
    if (closed || watchers.has(dir)) return;
    let w: FSWatcher;
    try {
      w = watch(dir, (_type, name) => {
        if (!name) return;
        const path = join(dir, name.toString());
        onChange(relative(root, path).split(sep).join('/'));
        if (isDir(path)) add(path);
      });
    } catch {
      return; // Gone already: its parent's watch reports what replaces it.
    }
    w.on('error', (e) => {
      watchers.delete(dir);
      w.close();
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') onError?.(e);
    });
    watchers.set(dir, w);
    for (const entry of safeList(dir)) if (entry.isDirectory()) add(join(dir, entry.name));
  };
  add(root);
  return {
    close() {
      closed = true;
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function safeList(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
