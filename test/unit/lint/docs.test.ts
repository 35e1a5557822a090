/** docs/lint.md documents every rule: a `#### <id>` heading, its default severity and its summary. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainRule } from '../../../src/lint/explain.js';
import { RULES } from '../../../src/lint/registry.js';
import { REPO } from './helpers.js';

const doc = readFileSync(join(REPO, 'docs', 'lint.md'), 'utf8');

describe('docs/lint.md', () => {
  for (const rule of RULES) {
    it(`${rule.id}: documented with severity, summary and explanation; --explain prints the same`, () => {
      const at = doc.indexOf(`\n#### ${rule.id}\n`);
      expect(at).toBeGreaterThan(0);
      const next = doc.indexOf('\n#### ', at + 1);
      const section = doc.slice(at, next < 0 ? undefined : next);
      expect(section).toContain(`**${rule.severity}**`);
      expect(section).toContain(rule.summary);
      expect(section).toContain(rule.explanation);
      expect(explainRule(rule.id)).toContain(rule.explanation);
    });
  }

  it('documents the disable comments, the config and the editor schema', () => {
    expect(doc).toContain('# codelocal-lint-disable-next-line');
    expect(doc).toContain('yaml.schemas');
    expect(doc).toContain('# yaml-language-server: $schema=');
  });
});
