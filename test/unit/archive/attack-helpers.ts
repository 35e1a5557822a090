/**
 * Shared pieces of the link attack suites (issue 17, docs/security.md): a host "secret" outside
 * every folder under test, the hostile link shapes an archive can carry, and a scan that proves
 * the secret's bytes reached no output (zips found on the way are unpacked and scanned too).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { extractZip } from '../../../src/archive/index.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `codelocal-attack-${prefix}-`));
  made.push(d);
  return d;
}

/** A folder standing for the host: a secret file and a secret folder that no archive may reach. */
export interface HostSecret {
  dir: string;
  file: string;
  folder: string;
  marker: string;
}

export function hostSecret(): HostSecret {
  const dir = tempDir('host');
  const marker = `HOST-SECRET-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const file = join(dir, 'shadow');
  writeFileSync(file, `root:${marker}:19000:0:99999:7:::\n`);
  const folder = join(dir, 'etc');
  mkdirSync(folder);
  writeFileSync(join(folder, 'passwd'), `${marker}-in-folder\n`);
  return { dir, file, folder, marker };
}

/** The first line of the real /etc/passwd, when there is one: it must not show up either. */
export const HOST_PASSWD_LINE = (() => {
  try {
    return readFileSync('/etc/passwd', 'utf8').split('\n')[0] ?? '';
  } catch {
    return '';
  }
})();

/**
 * Hostile links, as `name -> target` relative to the folder they are unpacked in (depth 1):
 * absolute targets, `../` chains, a link to a folder then a file through it, and link chains.
 */
export function hostileLinks(h: HostSecret): Record<string, string> {
  return {
    'abs-file.txt': h.file,
    'abs-passwd.txt': '/etc/passwd',
    'dotdot.txt': '../'.repeat(30) + h.file.replace(/^\//, ''),
    'dir-link': h.folder,
    'chain-1.txt': 'chain-2.txt',
    'chain-2.txt': 'sub/chain-3.txt',
    'sub/chain-3.txt': h.file,
    'to-root': '/',
  };
}

/** Every file under `dir` (links not followed), zips unpacked and scanned recursively. */
export async function findMarker(dir: string, markers: string[]): Promise<string[]> {
  const hits: string[] = [];
  const wanted = markers.filter((m) => m !== '');
  const walk = async (d: string): Promise<void> => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) await walk(p);
      else if (st.isFile()) {
        const bytes = readFileSync(p);
        const text = bytes.toString('latin1');
        for (const m of wanted) if (text.includes(m)) hits.push(`${p}: ${m}`);
        if (bytes.subarray(0, 2).toString() === 'PK') {
          const out = tempDir('scan');
          const ok = await extractZip(p, out).then(
            () => true,
            () => false,
          );
          if (ok) hits.push(...(await findMarker(out, wanted)).map((x) => `${p} > ${x}`));
        }
      }
    }
  };
  await walk(dir);
  return hits;
}
