/**
 * Findings about lint's own placeholders for template parameters without a Default (docs/lint.md,
 * "Template parameters without a Default"): a template no placeholder lets lint resolve is reported as
 * not checked, and a finding a placeholder value caused is a note, not an error.
 */
import type { TemplateOptions } from '../model/index.js';
import type { Finding } from './types.js';

/** What a placeholder is replaced with to see whether the value would pass without it. */
const STAND_INS = ['a', '1', '123456789012'];

const OVERRIDE_HINT = (names: string[]) =>
  `give ${names.length > 1 ? 'them' : 'it'} a Default, or check the file with \`codelocal pipeline validate --parameter-overrides ${names.map((n) => `${n}=VALUE`).join(' ')}\``;

/**
 * A placeholder that breaks the parameter's own constraints says nothing about the template, but the
 * template could not be resolved, so nothing else in it was checked: say so instead of reporting
 * "no problems" (docs/lint.md, "Template parameters without a Default").
 */
export function unplaced(
  f: Finding,
  placeholders: Record<string, string>,
  options: TemplateOptions,
): Finding | undefined {
  if (f.ruleId !== 'template-invalid') return undefined;
  const name = Object.keys(placeholders).find(
    (p) => options.parameterOverrides?.[p] === undefined && f.message.startsWith(`parameter '${p}' `),
  );
  if (name === undefined) return undefined;
  const message =
    `template not checked: parameter '${name}' has no Default and lint found no placeholder value that fits it ` +
    `(${f.message}); ${OVERRIDE_HINT([name])}`;
  return { ...f, ruleId: 'template-warning', severity: 'warning', message };
}

/**
 * An error or warning whose offending value (`Value '…'`, `value '…'`) holds one of lint's placeholders
 * may be lint's own doing, not the template's: it becomes a note that says so (docs/lint.md). When the
 * message names the pattern the value failed, the placeholder is only blamed if the value passes with
 * something else in its place (a bucket name that is invalid for another reason stays an error). Only
 * placeholders spelt `placeholder` are recognisable; the others (`1`, `a`, an account id) are too common.
 */
export function fromPlaceholder(f: Finding, placeholders: Record<string, string>, options: TemplateOptions): Finding {
  if (f.severity === 'info') return f;
  const values = [...f.message.matchAll(/\bvalue '([^']*)'/gi)].map((m) => m[1]!);
  const pattern = /regular expression pattern: (.+)$/.exec(f.message)?.[1];
  let full: RegExp | undefined;
  try {
    full = pattern === undefined ? undefined : new RegExp(`^(?:${pattern})$`);
  } catch {
    full = undefined;
  }
  const blamed = (value: string, item: string) =>
    value.includes(item) && (!full || STAND_INS.some((s) => full.test(value.split(item).join(s))));
  const names = Object.entries(placeholders)
    .filter(([p, v]) => options.parameterOverrides?.[p] === undefined && /placeholder/i.test(v))
    .filter(([, v]) => values.some((value) => v.split(',').some((item) => blamed(value, item))))
    .map(([p]) => p);
  if (names.length === 0) return f;
  const which = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
  const message =
    `${f.message} (the value holds lint's placeholder for ${names.length > 1 ? 'parameters' : 'parameter'} ` +
    `${which} without a Default, so this may not happen in AWS: ${OVERRIDE_HINT(names.slice(0, 3))})`;
  return { ...f, severity: 'info', message };
}
