/**
 * `--format sarif` validates against SARIF 2.1.0. There is no network in tests, so the official schema
 * cannot be fetched: test/fixtures/lint/sarif-2.1.0-subset.schema.json is a faithful subset of it (the
 * OASIS definitions for every object codelocal emits, same constraints, additionalProperties:false),
 * which makes it stricter than the full schema for our output, never looser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { toSarif } from '../../../src/lint/format/sarif.js';
import { RULES } from '../../../src/lint/registry.js';
import { FIXTURES, lintFixture, RULE_FIXTURES } from './helpers.js';

const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif-2.1.0-subset.schema.json'), 'utf8'));
// strictRequired off: the official schema itself puts `required` in anyOf branches without `properties`.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
// ajv-formats is not a dependency: the two formats the subset uses, checked with the WHATWG URL parser.
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
const validate = ajv.compile(schema);

describe('SARIF output', () => {
  const result = lintFixture(RULE_FIXTURES);
  const sarif = toSarif(result, '0.1.0') as any;

  it('validates against the SARIF 2.1.0 subset schema', () => {
    expect(result.findings.length).toBeGreaterThan(50);
    const ok = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('lists every rule with its descriptions and default level', () => {
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
    const setE = rules.find((r: { id: string }) => r.id === 'multiline-without-set-e');
    expect(setE.defaultConfiguration.level).toBe('warning');
    expect(setE.help.text).toContain('set -e');
    expect(rules.find((r: { id: string }) => r.id === 'crlf-line-endings').defaultConfiguration.level).toBe('note');
  });

  it('results point at the rule by id and index, with a relative URI and a 1-based region', () => {
    const rules = sarif.runs[0].tool.driver.rules;
    for (const r of sarif.runs[0].results) {
      expect(rules[r.ruleIndex].id).toBe(r.ruleId);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^\//);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    }
    const unquoted = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'unquoted-colon');
    expect(unquoted.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'unquoted-colon/bad.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 9 },
    });
  });

  it('an invalid document is rejected by the subset (the test can fail)', () => {
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    expect(validate(broken)).toBe(false);
  });
});
