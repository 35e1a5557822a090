/**
 * GitLab's code quality report (a JSON array of issues, the Code Climate subset GitLab reads:
 * description, check_name, fingerprint, severity, location.path, location.lines.begin), made from
 * check's lint findings plus one issue per failed item, so merge requests show both inline.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../../lint/index.js';
import type { CheckResult } from './types.js';

const SEVERITY: Record<Severity, 'critical' | 'major' | 'minor' | 'info'> = {
  error: 'major',
  warning: 'minor',
  info: 'info',
};

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

const fingerprint = (...parts: (string | number)[]): string =>
  createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);

export function toCodeQuality(result: CheckResult): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = result.lint.findings.map((f) => ({
    description: f.message,
    check_name: f.ruleId,
    fingerprint: fingerprint(f.ruleId, f.file, f.line, f.column, f.message),
    severity: SEVERITY[f.severity],
    location: { path: f.file, lines: { begin: f.line } },
  }));
  for (const r of result.items) {
    // Lint errors are above already; a failed plan or build is one more issue on line 1 of the file.
    if (r.status !== 'failed' || r.steps.every((s) => s.name === 'lint' || s.status !== 'failed')) continue;
    const summary = (r.failure ?? 'failed').split('\n')[0];
    issues.push({
      description: `check failed: ${summary}`,
      check_name: 'codelocal-check',
      fingerprint: fingerprint('check', r.item.file, summary),
      severity: 'critical',
      location: { path: r.item.file, lines: { begin: 1 } },
    });
  }
  return issues;
}
