/**
 * The fixture corpus: every rule has a failing case (`bad*`) and a passing case (`good*`) under
 * test/fixtures/lint/rules/<rule-id>/. A case is a file linted alone or a folder linted as one run.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/lint/registry.js';
import { filesUnder, FIXTURES, lintFixture, RULE_FIXTURES } from './helpers.js';

function cases(ruleId: string, prefix: 'bad' | 'good'): string[] {
  const dir = join(RULE_FIXTURES, ruleId);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.startsWith(prefix))
        .map((n) => join(dir, n))
    : [];
}

describe('lint fixture corpus', () => {
  it('holds at least 60 buildspec, pipeline and template files', () => {
    const files = filesUnder(FIXTURES).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json'));
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it('has no folder for a rule that does not exist', () => {
    const ids = new Set(RULES.map((r) => r.id));
    expect(readdirSync(RULE_FIXTURES).filter((d) => !ids.has(d))).toEqual([]);
  });

  for (const rule of RULES) {
    describe(`rule ${rule.id}`, () => {
      it(`${rule.id}: has a failing and a passing case`, () => {
        expect(cases(rule.id, 'bad').length).toBeGreaterThan(0);
        expect(cases(rule.id, 'good').length).toBeGreaterThan(0);
      });
      for (const file of cases(rule.id, 'bad')) {
        it(`${rule.id}: reports ${file.slice(RULE_FIXTURES.length + 1)}`, () => {
          const hits = lintFixture(file).findings.filter((f) => f.ruleId === rule.id);
          expect(hits.length).toBeGreaterThan(0);
          for (const h of hits) expect(h.line).toBeGreaterThan(0);
        });
      }
      for (const file of cases(rule.id, 'good')) {
        it(`${rule.id}: accepts ${file.slice(RULE_FIXTURES.length + 1)}`, () => {
          const hits = lintFixture(file).findings.filter((f) => f.ruleId === rule.id);
          expect(hits).toEqual([]);
        });
      }
    });
  }
});
