/**
 * The lines the failure summary shows: the failing command's own output (not the `[Container]`
 * lines and `finally` output that follow it in the log), masked like the log.
 */
import type { TextMasker } from './build-log.js';

export const FAILURE_LINES = 20;

export function failureLines(output: string, masker: TextMasker, max = FAILURE_LINES): string[] {
  const lines = masker
    .mask(output)
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''));
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  return lines.slice(-max);
}
