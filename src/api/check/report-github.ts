/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), printed when
 * GITHUB_ACTIONS=true so findings and failed items show as annotations on the pull request. Values
 * are escaped as the runner requires (%, CR, LF; and `,` `:` in properties).
 */
import type { CheckResult } from './types.js';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function toGithubAnnotations(result: CheckResult): string {
  const lines: string[] = [];
  for (const f of result.lint.findings) {
    const level = f.severity === 'info' ? 'notice' : f.severity;
    lines.push(
      `::${level} file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`codelocal ${f.ruleId}`)}::${escapeData(f.message)}`,
    );
  }
  for (const r of result.items) {
    if (r.status !== 'failed' || r.steps.every((s) => s.name === 'lint' || s.status !== 'failed')) continue;
    lines.push(
      `::error file=${escapeProperty(r.item.file)},title=${escapeProperty(`codelocal check: ${r.item.file}`)}::${escapeData(r.failure ?? 'failed')}`,
    );
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
