/**
 * SIMPLECOV: SimpleCov's own JSON (`coverage/.resultset.json`, keyed by command name, several runs
 * merged) or simplecov_json_formatter's `coverage.json` (`{coverage: {file: {lines, branches}}}`).
 * A line counts when its hit count is a number (null = not code); branches are the leaves of each
 * file's branch map. Not `simplecov-json`'s format (docs/aws/codebuild.md §1.9).
 */
import { fileCoverage, ReportFormatError, type ParsedCoverage } from './types.js';

type LineHits = (number | null | 'ignored')[];
interface FileEntry {
  lines?: LineHits;
  branches?: Record<string, Record<string, number>>;
}
type CoverageMap = Record<string, LineHits | FileEntry>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function coverageMaps(doc: unknown): CoverageMap[] {
  if (!isObject(doc)) throw new ReportFormatError('invalid simplecov json: expected an object');
  // simplecov_json_formatter: the file map sits right under `coverage`.
  if (isObject(doc.coverage)) return [doc.coverage as CoverageMap];
  const maps = Object.values(doc)
    .filter((run): run is { coverage: CoverageMap } => isObject(run) && isObject(run.coverage))
    .map((run) => run.coverage);
  if (maps.length === 0) throw new ReportFormatError('invalid simplecov json: no "coverage" section');
  return maps;
}

export function parseSimpleCov(text: string): ParsedCoverage {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ReportFormatError(`invalid simplecov json: ${(e as Error).message}`);
  }
  // Merge runs the way SimpleCov does: hits add up, a line is code if any run says so.
  const lines = new Map<string, (number | null)[]>();
  const branches = new Map<string, Map<string, number>>();
  for (const map of coverageMaps(doc)) {
    for (const [file, entry] of Object.entries(map)) {
      const hits = Array.isArray(entry) ? entry : (entry.lines ?? []);
      const acc = lines.get(file) ?? [];
      hits.forEach((h, i) => {
        const n = typeof h === 'number' ? h : null;
        if (n !== null) acc[i] = (acc[i] ?? 0) + n;
        else if (acc[i] === undefined) acc[i] = null;
      });
      lines.set(file, acc);
      if (!Array.isArray(entry) && entry.branches) {
        const b = branches.get(file) ?? new Map<string, number>();
        for (const [cond, outcomes] of Object.entries(entry.branches)) {
          for (const [branch, count] of Object.entries(outcomes)) {
            const k = `${cond}/${branch}`;
            b.set(k, (b.get(k) ?? 0) + Number(count));
          }
        }
        branches.set(file, b);
      }
    }
  }
  const files = [...lines].map(([file, hits]) => {
    const code = hits.filter((h): h is number => typeof h === 'number');
    const covered = code.filter((h) => h > 0).length;
    const b = [...(branches.get(file)?.values() ?? [])];
    const bc = b.filter((n) => n > 0).length;
    return fileCoverage(file, covered, code.length - covered, bc, b.length - bc);
  });
  return { kind: 'CODE_COVERAGE', files };
}
