/**
 * CUCUMBERJSON (cucumber-js ≤ 7.3.2, cucumber-jvm, behave's JSON): features → elements (scenarios)
 * → steps with `result.status`. One test case per scenario: its steps' worst status, durations
 * summed (nanoseconds, as cucumber-js 7 writes them). Background steps belong to the scenario after them.
 */
import { ReportFormatError, type ParsedTests, type TestCase, type TestCaseStatus } from './types.js';

interface Step {
  keyword?: string;
  name?: string;
  hidden?: boolean;
  result?: { status?: string; duration?: number; error_message?: string };
}
interface Element {
  type?: string;
  keyword?: string;
  name?: string;
  steps?: Step[];
  before?: Step[];
  after?: Step[];
}
interface Feature {
  name?: string;
  uri?: string;
  elements?: Element[];
}

/** Worst first: a failing step makes the scenario FAILED whatever else happened. */
const RANK: TestCaseStatus[] = ['FAILED', 'ERROR', 'UNKNOWN', 'SKIPPED', 'SUCCEEDED'];

function stepStatus(status: string | undefined): TestCaseStatus {
  switch ((status ?? '').toLowerCase()) {
    case 'passed':
      return 'SUCCEEDED';
    case 'failed':
      return 'FAILED';
    case 'skipped':
      return 'SKIPPED';
    case 'ambiguous':
      return 'ERROR';
    default:
      // pending, undefined (no step definition), unknown
      return 'UNKNOWN';
  }
}

function worst(statuses: TestCaseStatus[]): TestCaseStatus {
  if (statuses.length === 0) return 'UNKNOWN';
  // A scenario whose steps all passed but some were skipped after a passing hook is still skipped.
  if (statuses.every((s) => s === 'SUCCEEDED')) return 'SUCCEEDED';
  if (statuses.every((s) => s === 'SKIPPED' || s === 'SUCCEEDED')) return 'SKIPPED';
  return RANK.find((r) => statuses.includes(r)) ?? 'UNKNOWN';
}

export function parseCucumber(text: string, rawPath: string): ParsedTests {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ReportFormatError(`invalid cucumber json: ${(e as Error).message}`);
  }
  if (!Array.isArray(doc)) throw new ReportFormatError('invalid cucumber json: expected an array of features');
  const cases: TestCase[] = [];
  for (const feature of doc as Feature[]) {
    if (typeof feature !== 'object' || feature === null)
      throw new ReportFormatError('invalid cucumber json: a feature is not an object');
    let background: Step[] = [];
    for (const el of feature.elements ?? []) {
      if ((el.type ?? '').toLowerCase() === 'background') {
        background = el.steps ?? [];
        continue;
      }
      const steps = [...(el.before ?? []), ...background, ...(el.steps ?? []), ...(el.after ?? [])];
      background = [];
      const statuses = steps
        .filter((s) => !s.hidden || s.result?.status === 'failed')
        .map((s) => stepStatus(s.result?.status));
      const failed = steps.find((s) => s.result?.error_message);
      cases.push({
        name: el.name ?? '',
        prefix: feature.name ?? '',
        status: worst(statuses),
        durationInNanoSeconds: steps.reduce(
          (sum, s) => sum + (Number(s.result?.duration) > 0 ? Number(s.result?.duration) : 0),
          0,
        ),
        ...(failed?.result?.error_message ? { message: failed.result.error_message } : {}),
        testRawDataPath: rawPath,
        testSuiteName: feature.name ?? feature.uri ?? '',
      });
    }
  }
  return { kind: 'TEST', cases };
}
