/** `--explain RULE` and `--list-rules`: the rule documentation, from the registry (docs/lint.md mirrors it). */
import { InputError } from '../errors.js';
import { findRule, RULES, ruleSuggestion } from './registry.js';

export function explainRule(id: string): string {
  const rule = findRule(id);
  if (!rule)
    throw new InputError(
      'LINT_UNKNOWN_RULE',
      `unknown rule '${id}'${ruleSuggestion(id)} (see codelocal lint --list-rules)`,
    );
  const kinds = rule.kinds.join(', ');
  const from =
    rule.origin === 'validator' ? 'the model validators (same checks as build/pipeline commands)' : 'codelocal lint';
  return [
    `${rule.id} (${rule.severity})`,
    '',
    rule.summary,
    '',
    rule.explanation,
    '',
    `Applies to: ${kinds}. Reported by: ${from}.`,
    `Turn it off: '# codelocal-lint-disable ${rule.id}' in a YAML file, or 'lint: { rules: { ${rule.id}: off } }' in codelocal.yml.`,
    '',
  ].join('\n');
}

export function listRules(): string {
  const width = Math.max(...RULES.map((r) => r.id.length));
  return RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.summary}`).join('\n') + '\n';
}
