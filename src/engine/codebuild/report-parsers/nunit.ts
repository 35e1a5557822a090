/**
 * NUNITXML (NUnit 2.x `<test-results>`) and NUNIT3XML (`<test-run>`). The suite is the nearest
 * TestFixture (its class), the prefix the fixture's full name.
 */
import { firstChild, textContent, type XmlElement } from '../../../util/index.js';
import {
  expectRoot,
  joinMessage,
  secondsToNanos,
  type ParsedTests,
  type TestCase,
  type TestCaseStatus,
} from './types.js';

interface Fixture {
  name: string;
  fullName: string;
}

function collect(root: XmlElement, make: (el: XmlElement, fixture: Fixture) => TestCase): TestCase[] {
  const cases: TestCase[] = [];
  const visit = (el: XmlElement, fixture: Fixture) => {
    for (const child of el.children) {
      if (child.localName === 'test-suite') {
        const isFixture = (child.attrs.type ?? '').toLowerCase().includes('fixture');
        visit(
          child,
          isFixture
            ? { name: child.attrs.name ?? '', fullName: child.attrs.fullname ?? child.attrs.name ?? '' }
            : fixture,
        );
      } else if (child.localName === 'test-case') {
        cases.push(make(child, fixture));
      } else {
        visit(child, fixture);
      }
    }
  };
  visit(root, { name: '', fullName: '' });
  return cases;
}

function messageOf(el: XmlElement): string | undefined {
  const failure = firstChild(el, 'failure');
  const reason = firstChild(el, 'reason');
  const from = failure ?? reason;
  if (!from) return undefined;
  const message = firstChild(from, 'message');
  const trace = firstChild(from, 'stack-trace');
  return joinMessage(message && textContent(message), trace && textContent(trace));
}

function lastSegment(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}

/** NUnit 2.x: `result` is Success | Failure | Error | Ignored | Skipped | NotRunnable | Inconclusive | Cancelled. */
const V2_STATUS: Record<string, TestCaseStatus> = {
  success: 'SUCCEEDED',
  failure: 'FAILED',
  error: 'ERROR',
  ignored: 'SKIPPED',
  skipped: 'SKIPPED',
  notrunnable: 'SKIPPED',
  cancelled: 'SKIPPED',
  inconclusive: 'UNKNOWN',
};

export function parseNUnit2(root: XmlElement, rawPath: string): ParsedTests {
  expectRoot(root, 'test-results');
  const cases = collect(root, (el, fixture) => {
    const result = (el.attrs.result ?? '').toLowerCase();
    const status = V2_STATUS[result] ?? (el.attrs.executed === 'False' ? 'SKIPPED' : 'UNKNOWN');
    const message = messageOf(el);
    return {
      // NUnit 2 names are fully qualified: the method is the last part.
      name: lastSegment(el.attrs.name ?? ''),
      prefix: fixture.fullName,
      status,
      durationInNanoSeconds: secondsToNanos(el.attrs.time),
      ...(message ? { message } : {}),
      testRawDataPath: rawPath,
      testSuiteName: fixture.name,
    };
  });
  return { kind: 'TEST', cases };
}

/** NUnit 3: `result` Passed | Failed | Skipped | Inconclusive | Warning, refined by `label` (Error, Ignored...). */
function v3Status(result: string, label: string): TestCaseStatus {
  if (result === 'passed') return 'SUCCEEDED';
  if (result === 'failed') return label === 'error' || label === 'cancelled' ? 'ERROR' : 'FAILED';
  if (result === 'skipped') return 'SKIPPED';
  if (result === 'warning') return 'SUCCEEDED';
  return 'UNKNOWN';
}

export function parseNUnit3(root: XmlElement, rawPath: string): ParsedTests {
  expectRoot(root, 'test-run');
  const cases = collect(root, (el, fixture) => {
    const status = v3Status((el.attrs.result ?? '').toLowerCase(), (el.attrs.label ?? '').toLowerCase());
    const message = messageOf(el);
    return {
      name: el.attrs.name ?? '',
      prefix: el.attrs.classname ?? fixture.fullName,
      status,
      durationInNanoSeconds: secondsToNanos(el.attrs.duration),
      ...(message ? { message } : {}),
      testRawDataPath: rawPath,
      testSuiteName: fixture.name,
    };
  });
  return { kind: 'TEST', cases };
}
