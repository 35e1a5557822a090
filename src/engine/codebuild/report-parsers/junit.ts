/**
 * JUNITXML: `<testsuites>` or a single `<testsuite>`, suites nested to any depth (Jest, pytest,
 * Maven Surefire, Go's gotestsum...). A case's prefix is its `classname`, its suite the nearest
 * enclosing `<testsuite>`. `<failure>` → FAILED, `<error>` → ERROR, `<skipped/>` → SKIPPED.
 */
import { childrenNamed, firstChild, textContent, type XmlElement } from '../../../util/index.js';
import { expectRoot, joinMessage, secondsToNanos, type ParsedTests, type TestCase } from './types.js';

export function parseJUnit(root: XmlElement, rawPath: string): ParsedTests {
  expectRoot(root, 'testsuite', 'testsuites');
  const cases: TestCase[] = [];
  const visit = (el: XmlElement, suite: string) => {
    for (const child of el.children) {
      if (child.localName === 'testsuite') visit(child, child.attrs.name ?? suite);
      else if (child.localName === 'testcase') cases.push(testCase(child, suite, rawPath));
    }
  };
  visit(root, root.localName === 'testsuite' ? (root.attrs.name ?? '') : (root.attrs.name ?? ''));
  return { kind: 'TEST', cases };
}

function testCase(el: XmlElement, suite: string, rawPath: string): TestCase {
  const failure = firstChild(el, 'failure');
  const error = firstChild(el, 'error');
  const skipped = firstChild(el, 'skipped');
  const problem = failure ?? error ?? skipped;
  const status = failure ? 'FAILED' : error ? 'ERROR' : skipped ? 'SKIPPED' : 'SUCCEEDED';
  // Some tools (old Surefire) write several <failure> elements; every one carries detail.
  const extra = childrenNamed(el, failure ? 'failure' : 'error')
    .slice(1)
    .map((e) => joinMessage(e.attrs.message, textContent(e)));
  return {
    name: el.attrs.name ?? '',
    prefix: el.attrs.classname ?? '',
    status,
    durationInNanoSeconds: secondsToNanos(el.attrs.time),
    ...(problem ? optional(joinMessage(problem.attrs.message, textContent(problem), ...extra)) : {}),
    testRawDataPath: rawPath,
    testSuiteName: suite,
  };
}

function optional(message: string | undefined): { message?: string } {
  return message === undefined ? {} : { message };
}
