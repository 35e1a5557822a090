/**
 * CLOVERXML (Jest/Istanbul, PHPUnit, OpenClover): `<coverage>` → project → (package →) file with
 * `<metrics statements coveredstatements conditionals coveredconditionals>`. Statements stand in
 * for lines, as the tools that write Clover count them.
 */
import { childrenNamed, descendantsNamed, firstChild, type XmlElement } from '../../../util/index.js';
import { expectRoot, fileCoverage, ReportFormatError, type ParsedCoverage } from './types.js';

function metrics(el: XmlElement | undefined): { lc: number; lm: number; bc: number; bm: number } {
  const a = el?.attrs ?? {};
  const st = Number(a.statements ?? 0);
  const cst = Number(a.coveredstatements ?? 0);
  const co = Number(a.conditionals ?? 0);
  const cco = Number(a.coveredconditionals ?? 0);
  return { lc: cst, lm: Math.max(0, st - cst), bc: cco, bm: Math.max(0, co - cco) };
}

export function parseClover(root: XmlElement): ParsedCoverage {
  expectRoot(root, 'coverage');
  const project = firstChild(root, 'project');
  if (!project) {
    const first = root.children[0]?.localName ?? 'nothing';
    throw new ReportFormatError(`expected element type <project> but have <${first}>`);
  }
  const files = descendantsNamed(project, 'file').map((f) => {
    const m = metrics(firstChild(f, 'metrics'));
    return fileCoverage(f.attrs.path ?? f.attrs.name ?? '', m.lc, m.lm, m.bc, m.bm);
  });
  const total = childrenNamed(project, 'metrics')[0];
  if (!total) return { kind: 'CODE_COVERAGE', files };
  const m = metrics(total);
  const { filePath: _drop, ...summary } = fileCoverage('', m.lc, m.lm, m.bc, m.bm);
  return { kind: 'CODE_COVERAGE', files, summary };
}
