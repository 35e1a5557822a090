/**
 * Reports as CodeBuild's API shows them (docs/aws/codebuild.md §1.9, §7.2, §8 item 23): report groups named
 * `<project>-<name>` (or the ARN as given), at most five per build, at most 500 test cases per
 * report with failed ones kept first, report status SUCCEEDED only when no case failed.
 * Pure: the parsed files come in, the Report objects go out.
 *
 * UNCERTAIN choices:
 * - Reports never change the build's status (the doc separates the two; edge cases unverified).
 * - A file that does not parse as its declared format makes the report FAILED with the error
 *   recorded (`[<group>: [error processing report: [<file>: <why>]]]`, the §7.2 shape); the
 *   other files of the group still count.
 * - A group whose files match nothing yields no report (only the selection's log lines).
 * - The test summary counts every case; only the case list is cut at 500 (`truncated: true`).
 */
import { InputError } from '../../errors.js';
import type { ReportFileFormat, ReportSpec } from '../../model/index.js';
import {
  percentage,
  reportType,
  type CoverageSummary,
  type FileCoverage,
  type ParsedReport,
  type TestCase,
  type TestCaseStatus,
} from './report-parsers/index.js';

export const MAX_REPORT_GROUPS = 5;
export const MAX_TEST_CASES = 500;
const STATUSES: TestCaseStatus[] = ['SUCCEEDED', 'FAILED', 'ERROR', 'SKIPPED', 'UNKNOWN'];

export interface TestReportSummary {
  total: number;
  statusCounts: Record<TestCaseStatus, number>;
  durationInNanoSeconds: number;
}

export interface Report {
  arn: string;
  type: 'TEST' | 'CODE_COVERAGE';
  name: string;
  reportGroupArn: string;
  /** The build's ARN. */
  executionId: string;
  status: 'SUCCEEDED' | 'FAILED';
  created: string;
  truncated: boolean;
  testSummary?: TestReportSummary;
  codeCoverageSummary?: CoverageSummary;
  /** Local additions: the cases / per-file coverage (the API serves these from DescribeTestCases / DescribeCodeCoverages). */
  fileFormat: ReportFileFormat;
  testCases?: (TestCase & { reportArn: string })[];
  codeCoverages?: (FileCoverage & { reportARN: string })[];
  rawDataPaths: string[];
  processingErrors?: string[];
}

export interface ReportGroupIdentity {
  name: string;
  arn: string;
}

/** `name` as written in the buildspec: a group name (prefixed with the project) or a report-group ARN. */
export function reportGroupIdentity(
  name: string,
  project: string,
  region: string,
  accountId: string,
): ReportGroupIdentity {
  if (name.startsWith('arn:')) {
    const at = name.indexOf(':report-group/');
    return { name: at < 0 ? name : name.slice(at + ':report-group/'.length), arn: name };
  }
  const full = `${project}-${name}`;
  return { name: full, arn: `arn:aws:codebuild:${region}:${accountId}:report-group/${full}` };
}

/** Throws when a build declares more report groups than CodeBuild allows. */
export function checkReportGroupCount(specs: readonly ReportSpec[]): void {
  if (specs.length <= MAX_REPORT_GROUPS) return;
  const extra = specs[MAX_REPORT_GROUPS]!;
  throw new InputError(
    'BUILDSPEC_REPORT_GROUPS_TOO_MANY',
    `too many report groups: ${specs.length} declared, at most ${MAX_REPORT_GROUPS} are allowed (the first extra one is '${extra.name}')`,
    { position: extra.pos },
  );
}

/** The §7.2 processing-error text for one file. */
export function processingError(groupName: string, file: string, why: string): string {
  return `[${groupName}: [error processing report: [${file}: ${why}]]]`;
}

/** Failed and errored cases first, each group in file order (docs/aws/codebuild.md §7.2 "failed ones prioritised"). */
export function capTestCases<T extends { status: TestCaseStatus }>(
  cases: readonly T[],
  max = MAX_TEST_CASES,
): { kept: T[]; truncated: boolean } {
  if (cases.length <= max) return { kept: [...cases], truncated: false };
  const bad = cases.filter((c) => c.status === 'FAILED' || c.status === 'ERROR');
  const rest = cases.filter((c) => c.status !== 'FAILED' && c.status !== 'ERROR');
  return { kept: [...bad, ...rest].slice(0, max), truncated: true };
}

export function testSummary(cases: readonly TestCase[]): TestReportSummary {
  const statusCounts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<TestCaseStatus, number>;
  let duration = 0;
  for (const c of cases) {
    statusCounts[c.status]++;
    duration += c.durationInNanoSeconds;
  }
  return { total: cases.length, statusCounts, durationInNanoSeconds: duration };
}

export function coverageSummary(parsed: readonly ParsedReport[]): CoverageSummary {
  let lc = 0;
  let lm = 0;
  let bc = 0;
  let bm = 0;
  for (const p of parsed) {
    if (p.kind !== 'CODE_COVERAGE') continue;
    const parts = p.summary ? [p.summary] : p.files;
    for (const f of parts) {
      lc += f.linesCovered;
      lm += f.linesMissed;
      bc += f.branchesCovered;
      bm += f.branchesMissed;
    }
  }
  return {
    lineCoveragePercentage: percentage(lc, lm),
    linesCovered: lc,
    linesMissed: lm,
    branchCoveragePercentage: percentage(bc, bm),
    branchesCovered: bc,
    branchesMissed: bm,
  };
}

export interface ParsedFile {
  /** Container path (testRawDataPath). */
  path: string;
  parsed?: ParsedReport;
  error?: string;
}

export interface AssembleArgs {
  group: ReportGroupIdentity;
  format: ReportFileFormat;
  files: readonly ParsedFile[];
  /** The report's id (uuid); its ARN is `report/<group>:<id>` like CodeBuild's. */
  reportId: string;
  region: string;
  accountId: string;
  buildArn: string;
  created: Date;
}

export function assembleReport(a: AssembleArgs): Report {
  const arn = `arn:aws:codebuild:${a.region}:${a.accountId}:report/${a.group.name}:${a.reportId}`;
  const type = reportType(a.format);
  const errors = a.files.filter((f) => f.error).map((f) => processingError(a.group.name, f.path, f.error!));
  const parsed = a.files.map((f) => f.parsed).filter((p): p is ParsedReport => Boolean(p));
  const base = {
    arn,
    type,
    name: a.group.name,
    reportGroupArn: a.group.arn,
    executionId: a.buildArn,
    created: a.created.toISOString(),
    fileFormat: a.format,
    rawDataPaths: a.files.map((f) => f.path),
    ...(errors.length ? { processingErrors: errors } : {}),
  };
  if (type === 'CODE_COVERAGE') {
    const codeCoverages = parsed
      .flatMap((p) => (p.kind === 'CODE_COVERAGE' ? p.files : []))
      .map((f) => ({ ...f, reportARN: arn }));
    return {
      ...base,
      status: errors.length ? 'FAILED' : 'SUCCEEDED',
      truncated: false,
      codeCoverageSummary: coverageSummary(parsed),
      codeCoverages,
    };
  }
  const cases = parsed.flatMap((p) => (p.kind === 'TEST' ? p.cases : []));
  const { kept, truncated } = capTestCases(cases);
  const failed = cases.some((c) => c.status === 'FAILED' || c.status === 'ERROR');
  return {
    ...base,
    status: failed || errors.length ? 'FAILED' : 'SUCCEEDED',
    truncated,
    testSummary: testSummary(cases),
    testCases: kept.map((c) => ({ ...c, reportArn: arn })),
  };
}
