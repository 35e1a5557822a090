/**
 * Every error codelocal raises on purpose is a CodelocalError with a stable `code` from ERROR_CODES
 * (src/error-codes.ts), the one catalogue of codes (docs/errors.md lists the same codes; a unit test keeps the two equal).
 * The error classes only accept a catalogued code of their own kind, so tsc rejects a misspelt, uncatalogued
 * or computed code. The CLI maps error *kinds* to exit codes in one place (src/cli/exit-codes.ts);
 * nothing else decides exit codes.
 */

import type { CodeOf, ErrorCode, ErrorKind } from './error-codes.js';

export {
  ERROR_CODES,
  executionFailureCode,
  isWarningCode,
  kindOf,
  type CodeKind,
  type CodeOf,
  type ErrorCode,
  type ErrorKind,
  type WarningCode,
} from './error-codes.js';

/** A place in a source file, 1-based like editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export function formatPosition(pos: SourcePosition | undefined): string {
  if (!pos) return '';
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/** The most of a message shown: messages quote input, and input can be megabytes (docs/limits.md). */
export const MAX_MESSAGE_CHARS = 1000;

export function capMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_MESSAGE_CHARS)}… (${message.length - MAX_MESSAGE_CHARS} more characters)`;
}

export class CodelocalError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly position?: SourcePosition;
  /** Extra lines shown under the message (a hint, what was tried). */
  readonly details: string[];

  constructor(
    code: ErrorCode,
    kind: ErrorKind,
    message: string,
    options: { position?: SourcePosition; details?: string[]; cause?: unknown } = {},
  ) {
    super(capMessage(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = kind;
    this.position = options.position;
    this.details = (options.details ?? []).map(capMessage);
  }

  /** `file:line:col: message` when the error has a position. */
  describe(): string {
    const where = formatPosition(this.position);
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** Invalid input: a buildspec, pipeline, template, stub file, flag or config value. */
export class InputError extends CodelocalError {
  declare readonly code: CodeOf<'input'>;
  constructor(
    code: CodeOf<'input'>,
    message: string,
    options: { position?: SourcePosition; details?: string[]; cause?: unknown } = {},
  ) {
    super(code, 'input', message, options);
  }
}

/** Several input errors found in one pass (validators report all they find). */
export class ValidationError extends InputError {
  readonly problems: InputError[];
  constructor(problems: InputError[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(first?.code ?? 'INPUT_INVALID', (first ? first.message : 'invalid input') + more, {
      position: first?.position,
      details: problems.slice(1).map((p) => p.describe()),
    });
    this.problems = problems;
  }
}

/** The machine is not ready: Docker engine unreachable, image missing, debootstrap absent... */
export class EnvironmentError extends CodelocalError {
  constructor(code: CodeOf<'environment'>, message: string, options: { details?: string[]; cause?: unknown } = {}) {
    super(code, 'environment', message, options);
  }
}

/** A build or pipeline ran to an unsuccessful end. Carries the result for --json. */
export class RunFailedError extends CodelocalError {
  readonly result: unknown;
  constructor(code: CodeOf<'failed'>, message: string, result: unknown) {
    super(code, 'failed', message);
    this.result = result;
  }
}

export class InternalError extends CodelocalError {
  constructor(message: string, cause?: unknown) {
    super('INTERNAL', 'internal', message, { cause });
  }
}

export function isCodelocalError(e: unknown): e is CodelocalError {
  return e instanceof CodelocalError;
}
