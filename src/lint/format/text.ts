/** Compiler-style lines (`file:line:column: severity message [rule]`) that editors and terminals link. */
import type { LintResult } from '../lint.js';
import type { Severity } from '../types.js';

export type Painter = (text: string, color: 'red' | 'yellow' | 'blue' | 'gray' | 'bold') => string;

const COLOR: Record<Severity, 'red' | 'yellow' | 'blue'> = { error: 'red', warning: 'yellow', info: 'blue' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(result: LintResult, paint: Painter = (t) => t): string {
  const lines = result.findings.map(
    (f) =>
      `${f.file}:${f.line}:${f.column}: ${paint(f.severity, COLOR[f.severity])} ${f.message} ${paint(`[${f.ruleId}]`, 'gray')}`,
  );
  const { error, warning, info } = result.counts;
  const files = result.files.length;
  const summary =
    error + warning + info === 0
      ? `${plural(files, 'file')} checked, no problems`
      : `${plural(files, 'file')} checked: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(info, 'note')}`;
  lines.push(paint(summary, error > 0 ? 'bold' : 'gray'));
  return lines.join('\n') + '\n';
}
