/**
 * TESTNGXML: `<testng-results>` → suite → test → class → test-method. Configuration methods
 * (`is-config="true"`: @BeforeMethod...) are not test cases and are left out.
 */
import { descendantsNamed, firstChild, textContent, type XmlElement } from '../../../util/index.js';
import { expectRoot, joinMessage, type ParsedTests, type TestCase, type TestCaseStatus } from './types.js';

const STATUS: Record<string, TestCaseStatus> = { PASS: 'SUCCEEDED', FAIL: 'FAILED', SKIP: 'SKIPPED' };

export function parseTestNG(root: XmlElement, rawPath: string): ParsedTests {
  expectRoot(root, 'testng-results');
  const cases: TestCase[] = [];
  for (const test of descendantsNamed(root, 'test')) {
    for (const cls of descendantsNamed(test, 'class')) {
      for (const m of descendantsNamed(cls, 'test-method')) {
        if (m.attrs['is-config'] === 'true') continue;
        const exception = firstChild(m, 'exception');
        const message = exception
          ? joinMessage(textOf(firstChild(exception, 'message')), textOf(firstChild(exception, 'full-stacktrace')))
          : undefined;
        const ms = Number(m.attrs['duration-ms'] ?? 0);
        cases.push({
          name: m.attrs.name ?? '',
          prefix: cls.attrs.name ?? '',
          status: STATUS[(m.attrs.status ?? '').toUpperCase()] ?? 'UNKNOWN',
          durationInNanoSeconds: Number.isFinite(ms) && ms > 0 ? Math.round(ms * 1e6) : 0,
          ...(message ? { message } : {}),
          testRawDataPath: rawPath,
          testSuiteName: test.attrs.name ?? '',
        });
      }
    }
  }
  return { kind: 'TEST', cases };
}

function textOf(el: XmlElement | undefined): string | undefined {
  return el ? textContent(el) : undefined;
}
