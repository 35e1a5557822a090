/**
 * schema/buildspec.schema.json and the lint rules agree: every buildspec the schema rejects has a lint
 * finding (an error, or a warning where CodeBuild runs the file anyway: an unknown key, a string where a
 * list is expected, an empty item; the schema stays strict to help editors), and every structural lint
 * error (wrong type, missing key) is rejected by the schema.
 * Rules the schema cannot express (a number's source spelling, shell content, links to projects) only
 * go one way, which is why the reverse check is limited to structural rule ids.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lint/classify.js';
import { filesUnder, FIXTURES, lintFixture, REPO } from './helpers.js';

const schema = JSON.parse(readFileSync(join(REPO, 'schema', 'buildspec.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

/** Lint rules that are about the shape of the document, which a JSON Schema can express. */
const STRUCTURAL = new Set([
  'unquoted-colon',
  'commands-not-list',
  'runtime-versions-phase',
  'artifact-identifier',
  'buildspec-version',
  'buildspec-invalid',
  'exported-aws-prefix',
]);

const buildspecs = filesUnder(FIXTURES).filter((f) => {
  if (!/\.ya?ml$/.test(f)) return false;
  return classify(f, readFileSync(f, 'utf8')) === 'buildspec';
});

describe('buildspec JSON Schema <-> lint', () => {
  it('is a draft-07 schema that compiles in strict mode', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('the corpus has buildspecs the schema rejects and ones it accepts', () => {
    const rejected = buildspecs.filter(
      (f) => !validate(parseDocument(readFileSync(f, 'utf8'), { version: '1.1' }).toJS()),
    );
    expect(rejected.length).toBeGreaterThan(15);
    expect(buildspecs.length - rejected.length).toBeGreaterThan(15);
  });

  for (const file of buildspecs) {
    const name = relative(FIXTURES, file);
    it(`${name}: schema verdict matches the lint errors`, () => {
      const doc = parseDocument(readFileSync(file, 'utf8'), { version: '1.1', uniqueKeys: false });
      // A file that is not even YAML is the parser's business, not the schema's.
      if (doc.errors.length > 0) return;
      const schemaOk = validate(doc.toJS());
      const findings = lintFixture(file).findings.filter((f) => f.file.endsWith(name.split('/').pop()!));
      const errors = findings.filter((f) => f.severity === 'error');
      if (!schemaOk)
        expect(
          findings.map((e) => e.ruleId),
          JSON.stringify(validate.errors),
        ).not.toEqual([]);
      const structural = errors.filter((e) => STRUCTURAL.has(e.ruleId));
      if (structural.length > 0) expect(schemaOk, JSON.stringify(structural)).toBe(false);
    });
  }
});
