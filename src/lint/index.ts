/** `codelocal lint` as a library: run it, format its result, read its rules. */
export { lint, type LintOptions, type LintResult, type LintedFile } from './lint.js';
export { RULES, findRule } from './registry.js';
export { explainRule, listRules } from './explain.js';
export { formatText } from './format/text.js';
export { formatJson } from './format/json.js';
export { formatSarif, toSarif } from './format/sarif.js';
export type { Finding, Rule, RuleMeta, Severity } from './types.js';
export type { FileKind, ProjectLink } from './types.js';
