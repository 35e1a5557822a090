/**
 * Lint reports what the model validators reject with the same message at the same position:
 * `codelocal lint` and `codelocal build` / `batch` / `pipeline validate` never disagree about an input
 * (docs/lint.md, "What is checked").
 */
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { parseBatch } from '../../../src/model/batch.js';
import { parseBuildspec } from '../../../src/model/buildspec.js';
import { readPipeline } from '../../../src/model/pipeline.js';
import { classify } from '../../../src/lint/classify.js';
import { filesUnder, FIXTURES, lintFixture } from './helpers.js';

const files = filesUnder(FIXTURES).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.schema.json'));
const where = (file: string, line: number, column: number, message: string) =>
  `${basename(file)}:${line}:${column}: ${message}`;

describe('lint <-> validators', () => {
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const kind = classify(file, text);
    if (kind !== 'buildspec' && kind !== 'pipeline') continue;
    const name = relative(FIXTURES, file);
    if (text.includes('codelocal-lint-disable')) continue; // disabled findings are meant to differ

    it(`validator errors of ${name} are lint findings, message and position unchanged`, () => {
      let expected: string[] = [];
      if (kind === 'buildspec') {
        // `codelocal batch` runs both validators: the whole buildspec, then its batch section.
        for (const validate of [parseBuildspec, parseBatch]) {
          try {
            validate(text, file);
          } catch (e) {
            expect(e).toBeInstanceOf(ValidationError);
            expected.push(
              ...(e as ValidationError).problems.map((p) =>
                where(file, p.position!.line, p.position!.column, p.message),
              ),
            );
          }
        }
      } else {
        try {
          expected = readPipeline(file).errors.map((p) => where(file, p.position!.line, p.position!.column, p.message));
        } catch (e) {
          expected = (e as ValidationError).problems.map((p) =>
            where(file, p.position!.line, p.position!.column, p.message),
          );
        }
      }
      const got = lintFixture(file)
        .findings.filter((f) => f.severity === 'error')
        .map((f) => where(f.file, f.line, f.column, f.message));
      for (const e of expected) expect(got).toContain(e);
    });
  }

  it('batch-identifier: a hyphen in a build-graph identifier is an error where `codelocal batch` puts it', () => {
    const r = lintFixture(`${FIXTURES}/rules/batch-identifier/bad.yml`);
    expect(r.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'batch-identifier',
        severity: 'error',
        line: 5,
        column: 19,
        message: "invalid identifier 'build-amd64': use only letters, digits and underscores",
      }),
    );
  });

  it('a batch-only buildspec (version and batch, no phases) is linted as a buildspec', () => {
    expect(classify('ci/release-batch.yml', 'version: 0.2\nbatch:\n  build-list: []\n')).toBe('buildspec');
  });

  it('buildspec-invalid: a validator error no specific rule claims still becomes a finding', () => {
    const r = lintFixture(`${FIXTURES}/rules/buildspec-invalid/bad.yml`);
    expect(r.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'buildspec-invalid', line: 4, column: 17, severity: 'error' }),
    );
  });
});
