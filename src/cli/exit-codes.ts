/**
 * The one place where errors become exit codes.
 * 0 ok, 1 the build or pipeline failed, 2 invalid input or usage, 3 environment problem, 70 internal bug.
 */
import { CodelocalError, type ErrorKind } from '../errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INPUT = 2;
export const EXIT_ENVIRONMENT = 3;
export const EXIT_INTERNAL = 70;

const BY_KIND: Record<ErrorKind, number> = {
  failed: EXIT_FAILED,
  input: EXIT_INPUT,
  environment: EXIT_ENVIRONMENT,
  internal: EXIT_INTERNAL,
};

export function exitCodeFor(error: unknown): number {
  if (error instanceof CodelocalError) return BY_KIND[error.kind];
  // commander's own usage errors are rethrown with this code (see main.ts exitOverride).
  if (isCommanderError(error)) return error.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
  return EXIT_INTERNAL;
}

function isCommanderError(e: unknown): e is { code: string; exitCode: number } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    String((e as { code: string }).code).startsWith('commander.')
  );
}
