/**
 * Disable comments in YAML files:
 *   # codelocal-lint-disable RULE[,RULE]            the whole file (no rule: every rule)
 *   # codelocal-lint-disable-next-line RULE[,RULE]  the line below
 *   some: value  # codelocal-lint-disable-line RULE  this line
 * JSON has no comments, so JSON files are configured through codelocal.yml only.
 */
import type { SourcePosition } from '../errors.js';
import { findRule, ruleSuggestion } from './registry.js';
import type { Finding } from './types.js';
import { finding } from './validator-map.js';

const DIRECTIVE = /(?:^|\s)#\s*codelocal-lint-disable(-next-line|-line)?(?=\s|$)([^#\n]*)/;
const ALL = '*';

export interface Directives {
  /** Rules off for the whole file ('*' = all). */
  file: Set<string>;
  /** 1-based line -> rules off on that line. */
  lines: Map<number, Set<string>>;
  /** Directives naming rules that do not exist. */
  problems: Finding[];
}

export function readDirectives(text: string, file: string): Directives {
  const out: Directives = { file: new Set(), lines: new Map(), problems: [] };
  // Cheap test first: most files have no directive at all.
  if (!text.includes('codelocal-lint-disable')) return out;
  text.split('\n').forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    const ids = m[2]!.split(/[,\s]+/).filter((s) => s !== '' && s !== '--');
    const column = line.indexOf('codelocal-lint-disable') + 1;
    const pos: SourcePosition = { file, line: i + 1, column };
    for (const id of ids) {
      if (!findRule(id))
        out.problems.push(
          finding('unknown-rule', `unknown rule '${id}' in disable comment${ruleSuggestion(id)}`, pos, file),
        );
    }
    const rules = ids.length === 0 ? [ALL] : ids;
    if (m[1] === undefined) {
      for (const r of rules) out.file.add(r);
      return;
    }
    const target = m[1] === '-next-line' ? i + 2 : i + 1;
    const set = out.lines.get(target) ?? new Set<string>();
    for (const r of rules) set.add(r);
    out.lines.set(target, set);
  });
  return out;
}

export function isDisabled(d: Directives, f: Finding): boolean {
  if (d.file.has(ALL) || d.file.has(f.ruleId)) return true;
  const line = d.lines.get(f.line);
  return line !== undefined && (line.has(ALL) || line.has(f.ruleId));
}
