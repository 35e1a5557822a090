/**
 * YAML reads an unquoted `3.10` as the number 3.1 and `1.20` as 1.2; CodeBuild then asks for runtime
 * version 3.1 ("Unknown runtime version named '3.1' of python"). The raw scalar source is compared with
 * the value YAML makes of it, so only the spellings that change are reported.
 */
import { isScalar, Scalar } from 'yaml';
import type { MapEntry } from '../../model/index.js';
import { entriesAt, entryOf } from '../buildspec-context.js';
import type { Report } from '../types.js';
import { buildspecRule } from './define.js';

/** The plain scalar's text when YAML turns it into a number written differently, else undefined. */
export function changedNumber(e: MapEntry): { source: string; value: number } | undefined {
  const v = e.value;
  if (!isScalar(v) || v.type !== Scalar.PLAIN || typeof v.value !== 'number') return undefined;
  const source = v.source ?? '';
  return String(v.value) === source ? undefined : { source, value: v.value };
}

function check(entries: MapEntry[], where: string, report: Report, severity: 'error' | 'warning'): void {
  for (const e of entries) {
    const c = changedNumber(e);
    if (c)
      report(
        `${where}.${e.key}: ${c.source} is read by YAML as the number ${c.value}; quote it: ${e.key}: "${c.source}"`,
        e.pos,
        severity,
      );
  }
}

export const yamlNumberChanged = buildspecRule(
  {
    id: 'yaml-number-changed',
    severity: 'error',
    summary: 'A version written as a number that YAML changes (`python: 3.10` is read as 3.1).',
    explanation:
      'Unquoted, `3.10`, `1.20` or `18.0` are numbers to YAML and lose their trailing zero, so ' +
      '`runtime-versions: {python: 3.10}` asks CodeBuild for Python 3.1, which does not exist. Quote versions: ' +
      '`python: "3.10"`. In `env.variables` the same spelling is a warning: CodeBuild keeps the text, but editors, ' +
      'schema validators and other YAML tools see the changed number.',
  },
  (ctx, report) => {
    for (const phase of entriesAt(ctx.source, ['phases'])) {
      const rv = entryOf(ctx.source, phase.value, 'runtime-versions');
      if (rv)
        check(
          entriesAt(ctx.source, ['phases', phase.key, 'runtime-versions']),
          `phases.${phase.key}.runtime-versions`,
          report,
          'error',
        );
    }
    check(entriesAt(ctx.source, ['env', 'variables']), 'env.variables', report, 'warning');
  },
);
