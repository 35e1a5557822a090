/**
 * COBERTURAXML (coverage.py, Istanbul's cobertura reporter, gcovr...): per-file numbers from each
 * `<class filename>` (several classes may share a file), lines with `hits`, branches from
 * `condition-coverage="50% (1/2)"`. Totals from the root's lines-/branches-valid when present.
 */
import { descendantsNamed, type XmlElement } from '../../../util/index.js';
import { expectRoot, fileCoverage, percentage, ReportFormatError, type ParsedCoverage } from './types.js';

export function parseCobertura(root: XmlElement): ParsedCoverage {
  expectRoot(root, 'coverage');
  // Clover also uses <coverage>; it has <project> where Cobertura has <packages>.
  if (root.children.some((c) => c.localName === 'project')) {
    throw new ReportFormatError('expected element type <packages> but have <project>');
  }
  const byFile = new Map<string, { lines: Map<string, number>; covered: number; total: number }>();
  for (const cls of descendantsNamed(root, 'class')) {
    const name = cls.attrs.filename ?? cls.attrs.name ?? '';
    const acc = byFile.get(name) ?? { lines: new Map<string, number>(), covered: 0, total: 0 };
    byFile.set(name, acc);
    for (const line of descendantsNamed(cls, 'line')) {
      const num = line.attrs.number ?? '';
      const hits = Number(line.attrs.hits ?? 0);
      acc.lines.set(num, Math.max(acc.lines.get(num) ?? 0, hits));
      const cond = /\((\d+)\/(\d+)\)/.exec(line.attrs['condition-coverage'] ?? '');
      if (line.attrs.branch === 'true' && cond) {
        acc.covered += Number(cond[1]);
        acc.total += Number(cond[2]);
      }
    }
  }
  const files = [...byFile].map(([path, acc]) => {
    const covered = [...acc.lines.values()].filter((h) => h > 0).length;
    return fileCoverage(path, covered, acc.lines.size - covered, acc.covered, acc.total - acc.covered);
  });
  const linesValid = num(root, 'lines-valid');
  const linesCovered = num(root, 'lines-covered');
  const branchesValid = num(root, 'branches-valid');
  const branchesCovered = num(root, 'branches-covered');
  if (linesValid === undefined || linesCovered === undefined) return { kind: 'CODE_COVERAGE', files };
  const bc = branchesCovered ?? 0;
  const bm = Math.max(0, (branchesValid ?? 0) - bc);
  return {
    kind: 'CODE_COVERAGE',
    files,
    summary: {
      lineCoveragePercentage: percentage(linesCovered, linesValid - linesCovered),
      linesCovered,
      linesMissed: Math.max(0, linesValid - linesCovered),
      branchCoveragePercentage: percentage(bc, bm),
      branchesCovered: bc,
      branchesMissed: bm,
    },
  };
}

function num(el: XmlElement, attr: string): number | undefined {
  const v = el.attrs[attr];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
