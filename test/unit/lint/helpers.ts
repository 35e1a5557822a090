/** Shared helpers for the lint tests: fixture locations and a lint run isolated from any codelocal.yml. */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint, type LintResult } from '../../../src/lint/lint.js';
import type { LintSettings } from '../../../src/lint/settings.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'lint');
export const RULE_FIXTURES = join(FIXTURES, 'rules');

export function noSettings(): LintSettings {
  return { rules: new Map(), projectFiles: [], findings: [] };
}

/**
 * Lints a fixture: a file alone, or a folder as one run (so buildspecs link to the templates beside
 * them). Folders holding a codelocal.yml read it; everything else ignores any config around the repo.
 */
export function lintFixture(path: string): LintResult {
  if (statSync(path).isDirectory()) {
    const hasConfig = readdirSync(path).some((n) => n === 'codelocal.yml');
    return lint({ cwd: path, ...(hasConfig ? {} : { settings: noSettings() }) });
  }
  return lint({ cwd: dirname(path), paths: [relative(dirname(path), path)], settings: noSettings() });
}

/** Every file below `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}
