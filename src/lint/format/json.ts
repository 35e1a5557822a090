/** `--format json`: a stable, versioned document for scripts (the bench parses it too). */
import type { LintResult } from '../lint.js';

export const JSON_FORMAT_VERSION = 1;

export function formatJson(result: LintResult): string {
  return JSON.stringify({ version: JSON_FORMAT_VERSION, ...result }, null, 2) + '\n';
}
