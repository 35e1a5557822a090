/**
 * The error-code catalogue (src/error-codes.ts) and its documentation (docs/errors.md) list the same codes
 * with the same kinds, and every kind becomes the exit code the CLI promises.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';
import {
  CodelocalError,
  ERROR_CODES,
  executionFailureCode,
  isWarningCode,
  ValidationError,
  type ErrorCode,
} from '../../../src/errors.js';

const DOC = new URL('../../../docs/errors.md', import.meta.url);
const EXIT: Record<string, string> = { failed: '1', input: '2', environment: '3', internal: '70', warning: '—' };

/** `| \`CODE\` | kind | exit | meaning |` rows of docs/errors.md. */
function documented(): Map<string, { kind: string; exit: string }> {
  const rows = new Map<string, { kind: string; exit: string }>();
  for (const line of readFileSync(DOC, 'utf8').split('\n')) {
    const m = /^\| `([A-Z0-9_]+)` \| (\w+) \| ([^|]+) \|/.exec(line);
    if (m) rows.set(m[1]!, { kind: m[2]!, exit: m[3]!.trim() });
  }
  return rows;
}

describe('error code catalogue', () => {
  it('docs/errors.md lists exactly the catalogued codes, with their kinds and exit codes', () => {
    const docs = documented();
    expect([...docs.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(docs.get(code), code).toEqual({ kind: entry.kind, exit: EXIT[entry.kind] });
    }
  });

  it('every code is UPPER_SNAKE with a one-line summary', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(entry.summary.length, code).toBeGreaterThan(0);
      expect(entry.summary, code).not.toContain('\n');
    }
  });

  it('the kind of a code decides the exit code', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      if (entry.kind === 'warning') continue;
      const e = new CodelocalError(code as ErrorCode, entry.kind, 'x');
      expect(String(exitCodeFor(e)), code).toBe(EXIT[entry.kind]);
    }
  });

  it('warning codes are told apart from error codes', () => {
    expect(isWarningCode('BUILDSPEC_VERSION_LEGACY')).toBe(true);
    expect(isWarningCode('BUILDSPEC_KEY_UNKNOWN')).toBe(true);
    expect(isWarningCode('BUILDSPEC_VALUE_NOT_LIST')).toBe(false);
  });

  it('a pipeline execution that did not succeed fails with one code per final status', () => {
    expect(executionFailureCode('Failed')).toBe('PIPELINE_EXECUTION_FAILED');
    expect(executionFailureCode('Stopped')).toBe('PIPELINE_EXECUTION_STOPPED');
    expect(executionFailureCode('Superseded')).toBe('PIPELINE_EXECUTION_SUPERSEDED');
    expect(executionFailureCode('Cancelled')).toBe('PIPELINE_EXECUTION_CANCELLED');
  });

  it('a ValidationError without problems still has a catalogued code', () => {
    expect(new ValidationError([]).code).toBe('INPUT_INVALID');
  });
});
