/**
 * VISUALSTUDIOTRX (`dotnet test --logger trx`): results under Results/UnitTestResult, joined to
 * TestDefinitions/UnitTest by testId for the class name. Durations are `hh:mm:ss.fffffff`.
 */
import { descendantsNamed, firstChild, textContent, type XmlElement } from '../../../util/index.js';
import { expectRoot, joinMessage, type ParsedTests, type TestCase, type TestCaseStatus } from './types.js';

/** TRX outcomes (Microsoft.VisualStudio.TestTools.Common.TestOutcome). */
const STATUS: Record<string, TestCaseStatus> = {
  passed: 'SUCCEEDED',
  passedbutrunaborted: 'SUCCEEDED',
  warning: 'SUCCEEDED',
  failed: 'FAILED',
  error: 'ERROR',
  timeout: 'ERROR',
  aborted: 'ERROR',
  notexecuted: 'SKIPPED',
  notrunnable: 'SKIPPED',
  disconnected: 'ERROR',
  inconclusive: 'UNKNOWN',
  pending: 'UNKNOWN',
  inprogress: 'UNKNOWN',
  completed: 'SUCCEEDED',
};

export function trxDurationToNanos(value: string | undefined): number {
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(value ?? '');
  if (!m) return 0;
  const [, days, h, min, s, frac] = m;
  const seconds = Number(days ?? 0) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s);
  const fracNanos = frac ? Number((frac + '000000000').slice(0, 9)) : 0;
  return seconds * 1e9 + fracNanos;
}

export function parseTrx(root: XmlElement, rawPath: string): ParsedTests {
  expectRoot(root, 'TestRun');
  const classes = new Map<string, { className: string; name: string }>();
  for (const def of descendantsNamed(root, 'UnitTest')) {
    const method = firstChild(def, 'TestMethod');
    classes.set(def.attrs.id ?? '', {
      className: method?.attrs.className ?? '',
      name: method?.attrs.name ?? def.attrs.name ?? '',
    });
  }
  const suite = root.attrs.name ?? '';
  const cases: TestCase[] = descendantsNamed(root, 'UnitTestResult').map((r) => {
    const def = classes.get(r.attrs.testId ?? '');
    const errorInfo = descendantsNamed(r, 'ErrorInfo')[0];
    const message = errorInfo
      ? joinMessage(textOf(firstChild(errorInfo, 'Message')), textOf(firstChild(errorInfo, 'StackTrace')))
      : undefined;
    const className = def?.className ?? '';
    return {
      name: r.attrs.testName ?? def?.name ?? '',
      prefix: className,
      status: STATUS[(r.attrs.outcome ?? '').toLowerCase()] ?? 'UNKNOWN',
      durationInNanoSeconds: trxDurationToNanos(r.attrs.duration),
      ...(message ? { message } : {}),
      testRawDataPath: rawPath,
      // TRX has no suites; the class is the closest thing (the run's name when unknown).
      testSuiteName: className || suite,
    };
  });
  return { kind: 'TEST', cases };
}

function textOf(el: XmlElement | undefined): string | undefined {
  return el ? textContent(el) : undefined;
}
