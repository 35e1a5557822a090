/**
 * The command line's value syntaxes, parsed in one place: `NAME=VALUE` (repeatable flags), `id:dir`
 * secondary sources, `--max-parallel` and other counts. Below src/cli/ everything is typed, so a
 * syntax error is reported here, naming the flag, with one error code.
 */
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { SOURCE_IDENTIFIER, SOURCE_IDENTIFIER_MESSAGE } from '../model/index.js';

export interface Assignment {
  name: string;
  value: string;
}

/** Commander's collector for repeatable flags. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `NAME=VALUE`, split at the first `=` (values may contain more); a missing name is a usage error. */
export function parseAssignment(text: string, flag: string): Assignment {
  const eq = text.indexOf('=');
  const name = eq > 0 ? text.slice(0, eq).trim() : '';
  if (!name) throw new InputError('FLAG_INVALID', `${flag} expects NAME=VALUE, got '${text}'`);
  return { name, value: text.slice(eq + 1) };
}

export function assignmentList(items: readonly string[] | undefined, flag: string): Assignment[] {
  return (items ?? []).map((t) => parseAssignment(t, flag));
}

/** Repeated `NAME=VALUE` flags as a record (a later name wins). */
export function assignmentRecord(items: readonly string[] | undefined, flag: string): Record<string, string> {
  return Object.fromEntries(assignmentList(items, flag).map((a) => [a.name, a.value]));
}

/** `id:dir` (`-s`): a secondary source with CodeBuild's identifier rule (docs/aws/codebuild.md §1.5). */
export function parseSecondarySource(text: string): { identifier: string; dir: string } {
  const at = text.indexOf(':');
  if (at <= 0) throw new InputError('SOURCE_INVALID', `secondary source must be id:dir, got "${text}"`);
  const identifier = text.slice(0, at);
  if (!SOURCE_IDENTIFIER.test(identifier)) {
    throw new InputError('SOURCE_IDENTIFIER_INVALID', `${SOURCE_IDENTIFIER_MESSAGE}: ${identifier}`);
  }
  return { identifier, dir: resolve(text.slice(at + 1)) };
}

/** `--max-parallel N`: a whole number of at least 1. */
export function parseMaxParallel(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new InputError('FLAG_INVALID', `--max-parallel must be a whole number of at least 1, got '${text}'`);
  }
  return n;
}

/** A number above 0 (`--shell-wait` seconds). */
export function parsePositiveNumber(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new InputError('FLAG_INVALID', `${flag} expects a number of seconds above 0, got "${text}"`);
  return n;
}
