/**
 * Shapes of parsed reports, field for field as CodeBuild's API returns them (TestCase,
 * TestReportSummary, CodeCoverage, CodeCoverageReportSummary; docs/aws/codebuild.md §7.2).
 */
import type { XmlElement } from '../../../util/index.js';

export type TestCaseStatus = 'SUCCEEDED' | 'FAILED' | 'ERROR' | 'SKIPPED' | 'UNKNOWN';

export interface TestCase {
  name: string;
  prefix: string;
  status: TestCaseStatus;
  durationInNanoSeconds: number;
  message?: string;
  /** The report file the case came from (container path). */
  testRawDataPath: string;
  testSuiteName: string;
}

export interface FileCoverage {
  filePath: string;
  lineCoveragePercentage: number;
  linesCovered: number;
  linesMissed: number;
  branchCoveragePercentage: number;
  branchesCovered: number;
  branchesMissed: number;
}

export type CoverageSummary = Omit<FileCoverage, 'filePath'>;

export interface ParsedTests {
  kind: 'TEST';
  cases: TestCase[];
}

export interface ParsedCoverage {
  kind: 'CODE_COVERAGE';
  files: FileCoverage[];
  /** The file's own totals when it states them; otherwise the sum over files is used. */
  summary?: CoverageSummary;
}

export type ParsedReport = ParsedTests | ParsedCoverage;

/** The file is not what its declared format says (wrong root, not JSON...). Never a crash. */
export class ReportFormatError extends Error {}

/**
 * Go's encoding/xml wording, which the agent's messages show (docs/aws/codebuild.md §7.2 example:
 * `expected element type <testsuite> but have <coverage>`).
 */
export function expectRoot(root: XmlElement, ...names: string[]): void {
  if (!names.includes(root.localName)) {
    throw new ReportFormatError(`expected element type <${names[0]}> but have <${root.localName}>`);
  }
}

/** Seconds as written by test tools ("1.5", "1,234.5", "") → nanoseconds. */
export function secondsToNanos(value: string | undefined): number {
  if (!value) return 0;
  const n = Number(value.replace(/,/g, ''));
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1e9) : 0;
}

export function percentage(covered: number, missed: number): number {
  const total = covered + missed;
  return total === 0 ? 0 : (covered / total) * 100;
}

export function fileCoverage(
  filePath: string,
  linesCovered: number,
  linesMissed: number,
  branchesCovered: number,
  branchesMissed: number,
): FileCoverage {
  return {
    filePath,
    lineCoveragePercentage: percentage(linesCovered, linesMissed),
    linesCovered,
    linesMissed,
    branchCoveragePercentage: percentage(branchesCovered, branchesMissed),
    branchesCovered,
    branchesMissed,
  };
}

/** Joins a failure's message attribute and its body (the stack trace), dropping empty parts. */
export function joinMessage(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.map((p) => p?.trim()).filter((p): p is string => Boolean(p));
  const unique = kept.filter((p, i) => kept.indexOf(p) === i);
  return unique.length ? unique.join('\n') : undefined;
}
