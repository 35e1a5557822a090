/**
 * `--junit FILE`: the JUnit XML CI systems read (Jenkins, GitLab, GitHub test reporters), in the common
 * Ant/Jenkins shape: one <testsuite> per item kind, one <testcase> per item (name = its path). The steps
 * (lint, plan, each build phase) are written as lines at the top of <system-out>, since that shape has no
 * element for steps and every reader shows system-out; the build log follows them. A failed item has a
 * <failure> whose text is the failure summary; an item fail-fast stopped has <skipped>.
 */
import { hostname } from 'node:os';
import type { CheckItemResult, CheckResult, CheckStep } from './types.js';

// XML 1.0 forbids most control characters even escaped; build logs can hold them (colours, progress bars).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function stepLine(s: CheckStep): string {
  return `step ${s.name}: ${s.status} (${seconds(s.durationMs)}s)${s.detail ? ` ${s.detail}` : ''}`;
}

function testcase(r: CheckItemResult): string {
  const attrs = `name="${escapeXml(r.item.file)}" classname="codelocal.${r.item.kind}" file="${escapeXml(r.item.file)}" time="${seconds(r.durationMs)}"`;
  const body: string[] = [];
  if (r.status === 'skipped') body.push(`      <skipped message="${escapeXml(r.skipped ?? 'skipped')}"/>`);
  if (r.status === 'failed') {
    const text = r.failure ?? 'failed';
    body.push(
      `      <failure message="${escapeXml(text.split('\n')[0])}" type="${r.buildStatus ?? 'CHECK_FAILED'}">${escapeXml(text)}</failure>`,
    );
  }
  const out = [
    ...r.steps.map(stepLine),
    ...(r.buildId ? [`build id: ${r.buildId}`] : []),
    ...(r.log ? ['', r.log] : []),
  ];
  body.push(`      <system-out>${escapeXml(out.join('\n'))}</system-out>`);
  return [`    <testcase ${attrs}>`, ...body, '    </testcase>'].join('\n');
}

export function toJunit(result: CheckResult, now: Date = new Date()): string {
  const kinds = [...new Set(result.items.map((r) => r.item.kind))];
  const count = (rs: CheckItemResult[], s: string) => rs.filter((r) => r.status === s).length;
  const total = (rs: CheckItemResult[]) => seconds(rs.reduce((n, r) => n + r.durationMs, 0));
  const suites = kinds.map((kind) => {
    const rs = result.items.filter((r) => r.item.kind === kind);
    return [
      `  <testsuite name="codelocal.${kind}" tests="${rs.length}" failures="${count(rs, 'failed')}" errors="0" skipped="${count(rs, 'skipped')}" time="${total(rs)}" timestamp="${now.toISOString().slice(0, 19)}" hostname="${escapeXml(hostname())}">`,
      ...rs.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const all = result.items;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="codelocal check" tests="${all.length}" failures="${count(all, 'failed')}" errors="0" skipped="${count(all, 'skipped')}" time="${seconds(result.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
