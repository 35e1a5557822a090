/**
 * Validators for `codelocal check`'s reports, shared by the unit and Docker tests: JUnit XML through
 * `xmllint --schema` against our own JUnit XSD (test/fixtures/check/junit.xsd; libxml2-utils, installed by
 * scripts/setup.sh), SARIF through ajv against the official OASIS SARIF 2.1.0 schema as the
 * @microsoft/jest-sarif package ships it (sarif-2.1.0-rtm.5.json, a draft-04 schema: its top-level `id`
 * becomes `$id` for ajv 8, which reads draft-04's keywords otherwise unchanged).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';

const require = createRequire(import.meta.url);
export const JUNIT_XSD = join(import.meta.dirname, '..', 'fixtures', 'check', 'junit.xsd');
export const SARIF_SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

/** xmllint's verdict on a JUnit XML text: `undefined` when valid, else its messages. */
export function junitProblems(xml: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'junit-'));
  try {
    const file = join(dir, 'junit.xml');
    writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let validateSarif: ((v: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** ajv's errors for a SARIF log against the official schema (empty when valid). */
export function sarifProblems(sarif: unknown): ErrorObject[] {
  if (!validateSarif) {
    const schema = JSON.parse(readFileSync(SARIF_SCHEMA_FILE, 'utf8'));
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    // The official schema's `language` pattern is not valid with the u flag ajv uses by default.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    ajv.addFormat('uri', (s: string) => URL.canParse(s));
    ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    validateSarif = ajv.compile(schema);
  }
  return validateSarif(sarif) ? [] : (validateSarif.errors ?? []);
}
