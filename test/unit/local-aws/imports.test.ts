// local-aws sits below the engine and above the runtime interface (issue 10): it imports no engine
// module, and reaches the container engine only through ContainerRuntime, never dockerode or the
// Docker implementation's files. A reversed import fails here before any rule checker sees it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../src/local-aws/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('src/local-aws imports', () => {
  it('no engine module, no dockerode, no Docker runtime internals', () => {
    const bad: string[] = [];
    for (const file of sources(ROOT)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
        if (/\/engine\/|^dockerode$|\/runtime\/docker\//.test(m[1]!)) bad.push(`${file.slice(ROOT.length)}: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
