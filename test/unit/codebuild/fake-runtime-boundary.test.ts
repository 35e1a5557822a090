// The fake runtime is for tests only: no production module may import it (test/support/).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it('no file under src/ imports test/support (the fake runtime)', () => {
  const offenders = sources('src').filter((f) =>
    /from '[^']*(test\/support|fake-runtime)/.test(readFileSync(f, 'utf8')),
  );
  expect(offenders).toEqual([]);
});
