/**
 * The one-screen text summary of `codelocal check`: one line per failed or skipped item with its first
 * failure line, the passed ones counted (listed only when few), then the totals. A long list never
 * scrolls the failures away: they come last, just above the totals.
 */
import type { CheckItemResult, CheckResult } from '../../api/index.js';
import { paint } from '../output.js';

/** Above this many passed items, they are counted, not listed. */
const LIST_PASSED = 15;
const MAX_FAILURE_LINES = 4;

function line(r: CheckItemResult, stream: NodeJS.WriteStream): string[] {
  const time = `${(r.durationMs / 1000).toFixed(1)}s`;
  if (r.status === 'passed')
    return [`  ${paint('ok  ', 'green', stream)} ${r.item.file} ${paint(time, 'gray', stream)}`];
  if (r.status === 'skipped') return [`  ${paint('skip', 'yellow', stream)} ${r.item.file}: ${r.skipped ?? ''}`];
  const failure = (r.failure ?? 'failed').split('\n');
  const shown = failure.slice(0, MAX_FAILURE_LINES).map((l) => `         ${l}`);
  if (failure.length > MAX_FAILURE_LINES) shown.push(`         … ${failure.length - MAX_FAILURE_LINES} more line(s)`);
  return [`  ${paint('FAIL', 'red', stream)} ${r.item.file} ${paint(time, 'gray', stream)}`, ...shown];
}

export function renderCheckSummary(result: CheckResult, stream: NodeJS.WriteStream = process.stdout): string {
  const out: string[] = [];
  const scope = [
    `${result.items.length} of ${result.discovered} item(s)`,
    result.changedSince !== undefined ? `changed since ${result.changedSince}` : undefined,
    result.shard ? `shard ${result.shard.index}/${result.shard.total}` : undefined,
    result.ran ? 'builds run' : 'lint + plan only (--run builds them)',
  ].filter(Boolean);
  out.push(`codelocal check: ${scope.join(', ')}`);
  const passed = result.items.filter((r) => r.status === 'passed');
  if (passed.length <= LIST_PASSED) for (const r of passed) out.push(...line(r, stream));
  for (const r of result.items.filter((r) => r.status === 'skipped')) out.push(...line(r, stream));
  for (const r of result.items.filter((r) => r.status === 'failed')) out.push(...line(r, stream));
  const { passed: p, failed: f, skipped: s } = result.counts;
  const warnings = result.lint.findings.filter((x) => x.severity === 'warning').length;
  out.push(
    '',
    `${paint(`${p} passed`, 'green', stream)}, ${f ? paint(`${f} failed`, 'red', stream) : '0 failed'}, ${s} skipped` +
      `; ${warnings} lint warning(s) (codelocal lint shows them)` +
      ` in ${(result.durationMs / 1000).toFixed(1)}s`,
    '',
  );
  return out.join('\n');
}
