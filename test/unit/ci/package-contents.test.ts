/**
 * What `npm pack` ships (issue 12 item 3): everything the CLI reads at run time (dist/, the guest files
 * read through src/guest/index.ts, the runner image sources images/catalog.ts builds from, the JSON
 * schema the package exports) and no test or TypeScript source.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface PackFile {
  path: string;
}

const packed = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
)[0] as { files: PackFile[]; size: number };
const files = new Set(packed.files.map((f) => f.path));

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('npm pack', () => {
  it('ships the CLI, every guest file, every runner image source and the schema', () => {
    expect(files.has('dist/cli/main.js')).toBe(true);
    // The bin is the bundled CLI (docs/performance.md); `codelocal ui` serves its browser files from src/ui/assets.
    expect(files.has('dist/bundle/codelocal.js')).toBe(true);
    expect(files.has('dist/index.js') && files.has('dist/index.d.ts')).toBe(true);
    const shipped = ['src/guest/files', 'src/ui/assets', 'runner-images', 'schema'];
    for (const f of shipped.flatMap(listTree)) expect(files, f).toContain(f);
  });

  it('ships no tests, TypeScript sources or local state', () => {
    const stray = [...files].filter(
      (f) =>
        /^(test|bench|\.codelocal|node_modules)\//.test(f) ||
        (f.startsWith('src/') && !f.startsWith('src/guest/files/') && !f.startsWith('src/ui/assets/')),
    );
    expect(stray).toEqual([]);
  });

  it('stays small (the README quotes its size)', () => {
    expect(packed.size).toBeLessThan(2_000_000);
  });
});
