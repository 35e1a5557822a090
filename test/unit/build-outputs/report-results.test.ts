import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../../src/engine/codebuild/report-parsers/index.js';
import {
  assembleReport,
  capTestCases,
  checkReportGroupCount,
  reportGroupIdentity,
  type AssembleArgs,
} from '../../../src/engine/codebuild/report-results.js';
import type { ReportSpec } from '../../../src/model/buildspec-types.js';

const pos = { file: 'buildspec.yml', line: 1, column: 1 };
const spec = (name: string): ReportSpec => ({
  name,
  files: ['**/*'],
  discardPaths: false,
  fileFormat: 'JUNITXML',
  pos,
});

function tc(name: string, status: TestCase['status'], ns = 1000): TestCase {
  return { name, prefix: 'p', status, durationInNanoSeconds: ns, testRawDataPath: '/src/r.xml', testSuiteName: 's' };
}

const args = (over: Partial<AssembleArgs>): AssembleArgs => ({
  group: reportGroupIdentity('unit', 'my-project', 'us-east-1', '123456789012'),
  format: 'JUNITXML',
  files: [],
  reportId: 'r-1',
  region: 'us-east-1',
  accountId: '123456789012',
  buildArn: 'arn:aws:codebuild:us-east-1:123456789012:build/my-project:b-1',
  created: new Date('2024-01-01T00:00:00Z'),
  ...over,
});

describe('reports', () => {
  it('docs/aws/codebuild.md §1.9: a group name becomes <project>-<name>; an ARN is used as given', () => {
    expect(reportGroupIdentity('unit', 'my-project', 'us-east-1', '123456789012')).toEqual({
      name: 'my-project-unit',
      arn: 'arn:aws:codebuild:us-east-1:123456789012:report-group/my-project-unit',
    });
    const arn = 'arn:aws:codebuild:eu-west-1:111111111111:report-group/shared-tests';
    expect(reportGroupIdentity(arn, 'my-project', 'us-east-1', '123456789012')).toEqual({ name: 'shared-tests', arn });
  });

  it('docs/aws/codebuild.md §1.9: five report groups are fine, a sixth is an error', () => {
    const five = ['a', 'b', 'c', 'd', 'e'].map(spec);
    expect(() => checkReportGroupCount(five)).not.toThrow();
    expect(() => checkReportGroupCount([...five, spec('f')])).toThrowError(/at most 5 .*'f'/);
  });

  it('docs/aws/codebuild.md §7.2: at most 500 test cases, failed ones kept first', () => {
    const cases = [
      ...Array.from({ length: 600 }, (_, i) => tc(`ok${i}`, 'SUCCEEDED')),
      tc('bad1', 'FAILED'),
      tc('bad2', 'ERROR'),
    ];
    const { kept, truncated } = capTestCases(cases);
    expect(truncated).toBe(true);
    expect(kept).toHaveLength(500);
    expect(kept.slice(0, 2).map((c) => c.name)).toEqual(['bad1', 'bad2']);
    expect(kept[2]!.name).toBe('ok0');
  });

  it('docs/aws/codebuild.md §7.2: report SUCCEEDED when all cases passed, summary counts every status', () => {
    const r = assembleReport(
      args({
        files: [
          { path: '/src/r.xml', parsed: { kind: 'TEST', cases: [tc('a', 'SUCCEEDED', 5), tc('b', 'SKIPPED', 7)] } },
        ],
      }),
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.arn).toBe('arn:aws:codebuild:us-east-1:123456789012:report/my-project-unit:r-1');
    expect(r.testSummary).toEqual({
      total: 2,
      statusCounts: { SUCCEEDED: 1, FAILED: 0, ERROR: 0, SKIPPED: 1, UNKNOWN: 0 },
      durationInNanoSeconds: 12,
    });
    expect(r.testCases![0]!.reportArn).toBe(r.arn);
  });

  it('docs/aws/codebuild.md §7.2: report FAILED when a case failed; the summary keeps counting past the 500 cap', () => {
    const cases = [...Array.from({ length: 501 }, (_, i) => tc(`ok${i}`, 'SUCCEEDED')), tc('bad', 'FAILED')];
    const r = assembleReport(args({ files: [{ path: '/src/r.xml', parsed: { kind: 'TEST', cases } }] }));
    expect(r.status).toBe('FAILED');
    expect(r.truncated).toBe(true);
    expect(r.testCases).toHaveLength(500);
    expect(r.testSummary!.total).toBe(502);
  });

  it('docs/aws/codebuild.md §7.2: a processing error is recorded in the documented shape', () => {
    const r = assembleReport(
      args({ files: [{ path: '/src/clover.xml', error: 'expected element type <testsuite> but have <coverage>' }] }),
    );
    expect(r.status).toBe('FAILED');
    expect(r.processingErrors).toEqual([
      '[my-project-unit: [error processing report: [/src/clover.xml: expected element type <testsuite> but have <coverage>]]]',
    ]);
  });

  it('docs/aws/codebuild.md §7.2: coverage summary = covered / total over every file', () => {
    const file = (p: string, lc: number, lm: number, bc: number, bm: number) => ({
      filePath: p,
      lineCoveragePercentage: 0,
      linesCovered: lc,
      linesMissed: lm,
      branchCoveragePercentage: 0,
      branchesCovered: bc,
      branchesMissed: bm,
    });
    const r = assembleReport(
      args({
        format: 'COBERTURAXML',
        files: [
          { path: '/src/a.xml', parsed: { kind: 'CODE_COVERAGE', files: [file('a', 3, 1, 1, 1)] } },
          { path: '/src/b.xml', parsed: { kind: 'CODE_COVERAGE', files: [file('b', 1, 3, 0, 2)] } },
        ],
      }),
    );
    expect(r.type).toBe('CODE_COVERAGE');
    expect(r.codeCoverageSummary).toEqual({
      lineCoveragePercentage: 50,
      linesCovered: 4,
      linesMissed: 4,
      branchCoveragePercentage: 25,
      branchesCovered: 1,
      branchesMissed: 3,
    });
    expect(r.codeCoverages!.map((c) => c.reportARN)).toEqual([r.arn, r.arn]);
  });
});
