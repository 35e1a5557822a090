/** Zero false errors: every example the project ships lints without an error (warnings are allowed). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFixture, REPO } from './helpers.js';

const EXAMPLES = join(REPO, 'examples');
const examples = existsSync(EXAMPLES)
  ? readdirSync(EXAMPLES, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
  : [];

describe('examples/** lint clean', () => {
  it('there is at least one example to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  for (const name of examples) {
    it(`examples/${name}: no lint errors`, () => {
      // An example's own codelocal.yml (if any) is honoured, as `codelocal lint` in that folder would.
      const result = lintFixture(join(EXAMPLES, name));
      expect(result.files.length).toBeGreaterThan(0);
      expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    });
  }
});
