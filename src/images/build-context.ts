/**
 * The build context of a runner image: the files of runner-images/<name>/ plus generated ones
 * (the machine's extra CA certificates), hashed and packed as a tar (archive/).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { TarWriter } from '../archive/index.js';

export interface ContextFile {
  /** Path inside the context, `/`-separated. */
  path: string;
  mode: number;
  content: Buffer;
}

export const EXTRA_CA_DIR = 'codelocal-extra-ca';

async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, abs)));
    else if (entry.isFile()) out.push(abs);
  }
  return out;
}

/** The runner folder's files; executables keep 0755 so COPY keeps them runnable. */
export async function readContextFiles(dir: string): Promise<ContextFile[]> {
  const files: ContextFile[] = [];
  for (const abs of await listFiles(dir)) {
    const st = await stat(abs);
    files.push({
      path: relative(dir, abs).split(sep).join('/'),
      mode: st.mode & 0o111 ? 0o755 : 0o644,
      content: await readFile(abs),
    });
  }
  return files;
}

const PEM_RE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * CA certificates this machine trusts beyond the standard Mozilla set, e.g. a TLS-intercepting
 * proxy's. Read from CODELOCAL_EXTRA_CA_CERTS, else NODE_EXTRA_CA_CERTS (a PEM file, possibly a whole
 * bundle); certificates that Debian's ca-certificates already ships (when the host has
 * /usr/share/ca-certificates) are dropped so only the real extras end up in the image.
 */
export function extraCaCertificates(
  env: NodeJS.ProcessEnv = process.env,
  knownDir = '/usr/share/ca-certificates',
): ContextFile[] {
  const file = env.CODELOCAL_EXTRA_CA_CERTS || env.NODE_EXTRA_CA_CERTS;
  if (!file || !existsSync(file)) return [];
  const known = new Set<string>();
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSyncSafe(dir)) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (entry.name.endsWith('.crt')) {
        const fp = fingerprint(readFileSync(abs, 'utf8'));
        if (fp) known.add(fp);
      }
    }
  };
  walk(knownDir);
  const out = new Map<string, ContextFile>();
  for (const pem of readFileSync(file, 'utf8').match(PEM_RE) ?? []) {
    const fp = fingerprint(pem);
    if (!fp || known.has(fp)) continue;
    out.set(fp, {
      path: `${EXTRA_CA_DIR}/${fp.slice(0, 16)}.crt`,
      mode: 0o644,
      content: Buffer.from(pem + '\n'),
    });
  }
  return [...out.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function readdirSyncSafe(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function fingerprint(pem: string): string | undefined {
  try {
    return new X509Certificate(pem).fingerprint256.replace(/:/g, '');
  } catch {
    return undefined;
  }
}

/** sha256 over every context file (path, mode, bytes) and the extra inputs (base image id...). */
export function contextHash(files: ContextFile[], extra: Record<string, string> = {}): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    h.update(`${f.path}\0${f.mode.toString(8)}\0${f.content.length}\0`);
    h.update(f.content);
  }
  for (const key of Object.keys(extra).sort()) h.update(`\0${key}=${extra[key]}`);
  return h.digest('hex');
}

/** A tar of the files; every parent folder gets its own entry so empty generated folders exist. */
export function packContext(files: ContextFile[], emptyDirs: string[] = []): Readable {
  const pack = new TarWriter();
  const dirs = new Set<string>(emptyDirs);
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const mtime = new Date(0);
  for (const d of [...dirs].sort()) pack.queue({ name: d, type: 'directory', mode: 0o755, mtime });
  for (const f of files) pack.queue({ name: f.path, mode: f.mode, mtime, size: f.content.length }, f.content);
  pack.finalize();
  return pack.output;
}
