import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  normalizeFormat,
  parseReportFile,
  ReportFormatError,
  type ParsedCoverage,
  type ParsedTests,
} from '../../../src/engine/codebuild/report-parsers/index.js';
import { trxDurationToNanos } from '../../../src/engine/codebuild/report-parsers/trx.js';
import type { ReportFileFormat } from '../../../src/model/buildspec-types.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/reports');
const RAW = '/codebuild/output/src1/src/reports/file';

function tests(format: ReportFileFormat, file: string): ParsedTests {
  const r = parseReportFile(format, readFileSync(join(FIXTURES, file), 'utf8'), RAW);
  if (r.kind !== 'TEST') throw new Error('expected a test report');
  return r;
}

function coverage(format: ReportFileFormat, file: string): ParsedCoverage {
  const r = parseReportFile(format, readFileSync(join(FIXTURES, file), 'utf8'), RAW);
  if (r.kind !== 'CODE_COVERAGE') throw new Error('expected a coverage report');
  return r;
}

const statuses = (r: ParsedTests) => r.cases.map((c) => c.status);

describe('report parsers', () => {
  it('docs/aws/codebuild.md §7.2 JUNITXML: nested suites, failure, error, skipped, time in seconds', () => {
    const r = tests('JUNITXML', 'junit-nested.xml');
    expect(r.cases.map((c) => `${c.testSuiteName}/${c.prefix}/${c.name}`)).toEqual([
      'billing.invoices/billing.InvoiceTest/totals add up',
      'billing.invoices/billing.InvoiceTest/rounds <half> cents',
      'billing.invoices/billing.InvoiceTest/skipped on weekends',
      'billing/billing.TaxTest/vat',
      'search/search.IndexTest/builds index',
      'search/search.IndexTest/handles timeout',
    ]);
    expect(statuses(r)).toEqual(['SUCCEEDED', 'FAILED', 'SKIPPED', 'SUCCEEDED', 'SUCCEEDED', 'ERROR']);
    expect(r.cases[0]!.durationInNanoSeconds).toBe(250_000_000);
    expect(r.cases[4]!.durationInNanoSeconds).toBe(1_000_500_000_000);
    expect(r.cases[1]!.message).toBe(
      'expected 10 & got 11\nAssertionError: expected 10 & got 11\n    at InvoiceTest.rounds (invoice.test.js:12:5)',
    );
    expect(r.cases[5]!.message).toBe('Timeout\nsocket hang up');
    expect(r.cases[2]!.message).toBe('not today');
    expect(r.cases[0]).not.toHaveProperty('message');
    expect(r.cases.every((c) => c.testRawDataPath === RAW)).toBe(true);
  });

  it('JUNITXML: a single <testsuite> root', () => {
    const r = tests('JUNITXML', 'junit-single-suite.xml');
    expect(r.cases.map((c) => [c.testSuiteName, c.prefix, c.name, c.status])).toEqual([
      ['pytest', 'tests.test_math', 'test_add', 'SUCCEEDED'],
      ['pytest', 'tests.test_math', 'test_sub', 'SUCCEEDED'],
    ]);
  });

  it('docs/aws/codebuild.md §7.2: a Clover file declared JUNITXML is a processing error, not a crash', () => {
    expect(() => tests('JUNITXML', 'clover.xml')).toThrowError(ReportFormatError);
    expect(() => tests('JUNITXML', 'clover.xml')).toThrowError('expected element type <testsuite> but have <coverage>');
  });

  it('malformed XML and JSON become ReportFormatError', () => {
    expect(() => parseReportFile('JUNITXML', '<testsuite><testcase></testsuite>', RAW)).toThrowError(ReportFormatError);
    expect(() => parseReportFile('CUCUMBERJSON', '{not json', RAW)).toThrowError(ReportFormatError);
    expect(() => parseReportFile('CUCUMBERJSON', '{}', RAW)).toThrowError(/array of features/);
    expect(() => parseReportFile('SIMPLECOV', '[]', RAW)).toThrowError(ReportFormatError);
  });

  it('docs/aws/codebuild.md §1.9: file-format is case-insensitive and defaults to JUNITXML', () => {
    expect(normalizeFormat('cucumberJson')).toBe('CUCUMBERJSON');
    expect(normalizeFormat(undefined)).toBe('JUNITXML');
    expect(normalizeFormat('junit')).toBeUndefined();
  });

  it('CUCUMBERJSON: one case per scenario, background folded in, worst step status', () => {
    const r = tests('CUCUMBERJSON', 'cucumber.json');
    expect(r.cases.map((c) => [c.testSuiteName, c.name, c.status, c.durationInNanoSeconds])).toEqual([
      ['Shopping cart', 'add an item', 'SUCCEEDED', 6_000_000],
      ['Shopping cart', 'remove an item', 'FAILED', 1_500_000],
      ['Shopping cart', 'checkout', 'UNKNOWN', 0],
    ]);
    expect(r.cases[1]!.message).toBe('Error: cart is empty');
  });

  it('NUNITXML (NUnit 2): fixtures as suites, Ignored is SKIPPED', () => {
    const r = tests('NUNITXML', 'nunit2.xml');
    expect(r.cases.map((c) => [c.testSuiteName, c.prefix, c.name, c.status])).toEqual([
      ['MathTests', 'MathTests', 'Adds', 'SUCCEEDED'],
      ['MathTests', 'MathTests', 'Divides', 'FAILED'],
      ['MathTests', 'MathTests', 'Later', 'SKIPPED'],
    ]);
    expect(r.cases[1]!.message).toBe('Expected: 2\n  But was:  3\nat Demo.MathTests.Divides() in MathTests.cs:line 20');
    expect(r.cases[1]!.durationInNanoSeconds).toBe(20_000_000);
  });

  it('NUNIT3XML: Failed with label Error is ERROR', () => {
    const r = tests('NUNIT3XML', 'nunit3.xml');
    expect(r.cases.map((c) => [c.prefix, c.name, c.status])).toEqual([
      ['Demo.ParserTests', 'ParsesNumbers', 'SUCCEEDED'],
      ['Demo.ParserTests', 'ParsesDates', 'FAILED'],
      ['Demo.ParserTests', 'Throws', 'ERROR'],
      ['Demo.ParserTests', 'Slow', 'SKIPPED'],
    ]);
    expect(r.cases[3]!.message).toBe('too slow');
  });

  it('TESTNGXML: configuration methods are not cases, duration-ms converted', () => {
    const r = tests('TESTNGXML', 'testng.xml');
    expect(r.cases.map((c) => [c.testSuiteName, c.prefix, c.name, c.status, c.durationInNanoSeconds])).toEqual([
      ['API tests', 'com.example.ApiTest', 'getUser', 'SUCCEEDED', 40_000_000],
      ['API tests', 'com.example.ApiTest', 'postUser', 'FAILED', 50_000_000],
      ['API tests', 'com.example.ApiTest', 'deleteUser', 'SKIPPED', 0],
    ]);
    expect(r.cases[1]!.message).toMatch(/^expected \[201\] but found \[500\]\njava.lang.AssertionError/);
  });

  it('VISUALSTUDIOTRX: outcomes, class names from definitions, hh:mm:ss.fffffff durations', () => {
    const r = tests('VISUALSTUDIOTRX', 'results.trx');
    expect(r.cases.map((c) => [c.prefix, c.name, c.status, c.durationInNanoSeconds])).toEqual([
      ['Demo.CalcTests', 'Adds', 'SUCCEEDED', 12_345_000],
      ['Demo.CalcTests', 'Divides', 'FAILED', 1_500_000_000],
      ['Demo.CalcTests', 'Later', 'SKIPPED', 0],
    ]);
    expect(r.cases[1]!.message).toBe(
      'Assert.Equal() Failure: Expected 2, Actual 3\nat Demo.CalcTests.Divides() in CalcTests.cs:line 14',
    );
    expect(trxDurationToNanos('1.02:03:04.5')).toBe((86400 + 7384) * 1e9 + 500_000_000);
  });

  it('COBERTURAXML: per-file lines and branches, totals from the root', () => {
    const r = coverage('COBERTURAXML', 'cobertura.xml');
    expect(
      r.files.map((f) => [f.filePath, f.linesCovered, f.linesMissed, f.branchesCovered, f.branchesMissed]),
    ).toEqual([
      ['app/calc.py', 3, 1, 1, 1],
      ['app/util.py', 1, 1, 0, 0],
    ]);
    expect(r.files[0]!.lineCoveragePercentage).toBe(75);
    expect(r.summary).toMatchObject({
      linesCovered: 4,
      linesMissed: 2,
      branchesCovered: 1,
      branchesMissed: 1,
      branchCoveragePercentage: 50,
    });
  });

  it('COBERTURAXML declared for a Clover file is a processing error', () => {
    expect(() => coverage('COBERTURAXML', 'clover.xml')).toThrowError(ReportFormatError);
  });

  it('JACOCOXML: LINE and BRANCH counters per source file', () => {
    const r = coverage('JACOCOXML', 'jacoco.xml');
    expect(r.files).toEqual([
      {
        filePath: 'com/example/app/Greeter.java',
        lineCoveragePercentage: 75,
        linesCovered: 3,
        linesMissed: 1,
        branchCoveragePercentage: 75,
        branchesCovered: 3,
        branchesMissed: 1,
      },
    ]);
    expect(r.summary).toMatchObject({ linesCovered: 3, linesMissed: 1 });
  });

  it('CLOVERXML: statements as lines, conditionals as branches', () => {
    const r = coverage('CLOVERXML', 'clover.xml');
    expect(
      r.files.map((f) => [f.filePath, f.linesCovered, f.linesMissed, f.branchesCovered, f.branchesMissed]),
    ).toEqual([
      ['/codebuild/output/src1/src/src/a.js', 12, 0, 4, 0],
      ['/codebuild/output/src1/src/src/b.js', 3, 5, 0, 4],
    ]);
    expect(r.summary).toMatchObject({ lineCoveragePercentage: 75, branchCoveragePercentage: 50 });
  });

  it('SIMPLECOV: .resultset.json runs merged, null lines are not code', () => {
    const r = coverage('SIMPLECOV', 'simplecov-resultset.json');
    expect(
      r.files.map((f) => [f.filePath, f.linesCovered, f.linesMissed, f.branchesCovered, f.branchesMissed]),
    ).toEqual([
      ['/codebuild/output/src1/src/lib/cart.rb', 4, 0, 1, 1],
      ['/codebuild/output/src1/src/lib/tax.rb', 1, 1, 0, 0],
    ]);
  });

  it('SIMPLECOV: the json formatter shape {coverage: {file: {lines}}}', () => {
    const r = parseReportFile(
      'SIMPLECOV',
      JSON.stringify({ meta: {}, coverage: { 'a.rb': { lines: [1, 0, null] } } }),
      RAW,
    );
    expect(r.kind === 'CODE_COVERAGE' && r.files[0]).toMatchObject({
      filePath: 'a.rb',
      linesCovered: 1,
      linesMissed: 1,
    });
  });
});
