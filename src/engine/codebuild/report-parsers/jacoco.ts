/**
 * JACOCOXML: `<report>` → package → sourcefile with `<counter type="LINE|BRANCH" missed covered>`.
 * File paths are `<package>/<file>`, as JaCoCo lays sources out.
 */
import { childrenNamed, type XmlElement } from '../../../util/index.js';
import { expectRoot, fileCoverage, type CoverageSummary, type ParsedCoverage } from './types.js';

function counters(el: XmlElement): { lc: number; lm: number; bc: number; bm: number } {
  const get = (type: string) => childrenNamed(el, 'counter').find((c) => c.attrs.type === type);
  const line = get('LINE');
  const branch = get('BRANCH');
  return {
    lc: Number(line?.attrs.covered ?? 0),
    lm: Number(line?.attrs.missed ?? 0),
    bc: Number(branch?.attrs.covered ?? 0),
    bm: Number(branch?.attrs.missed ?? 0),
  };
}

export function parseJaCoCo(root: XmlElement): ParsedCoverage {
  expectRoot(root, 'report');
  const files = [];
  const packages = [
    ...childrenNamed(root, 'package'),
    ...childrenNamed(root, 'group').flatMap((g) => childrenNamed(g, 'package')),
  ];
  for (const pkg of packages) {
    for (const sf of childrenNamed(pkg, 'sourcefile')) {
      const c = counters(sf);
      const dir = pkg.attrs.name ?? '';
      files.push(fileCoverage(dir ? `${dir}/${sf.attrs.name ?? ''}` : (sf.attrs.name ?? ''), c.lc, c.lm, c.bc, c.bm));
    }
  }
  const total = counters(root);
  const hasTotals = childrenNamed(root, 'counter').length > 0;
  const summary: CoverageSummary | undefined = hasTotals
    ? { ...fileCoverage('', total.lc, total.lm, total.bc, total.bm) }
    : undefined;
  if (summary) delete (summary as { filePath?: string }).filePath;
  return { kind: 'CODE_COVERAGE', files, ...(summary ? { summary } : {}) };
}
