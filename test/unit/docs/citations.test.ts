/*
 * Comments, test names and docs cite AWS behaviour as `docs/aws/codebuild.md §2.4` (or `docs/aws/codebuild.md §2.4`).
 * Those notes live in docs/aws/ so that every citation resolves in a fresh clone; this test keeps it that way,
 * and checks that no code or test reaches outside the repository for the original research notes.
 *
 * How a citation resolves (see docs/aws/README.md):
 * - `§N` or `§N.M` needs a heading that starts with that number (`### §2.4 Phase transitions`);
 * - `§N.K` may also be item K of a numbered list under heading `§N` (docs/aws/peers.md §5.8), and
 *   `§N item K` is item K under `§N` or a heading `§N.K` (docs/aws/codebuild.md §8 item 26 = `### §8.26`);
 * - a chain after one file name is read as a list: `docs/aws/codepipeline.md §1.5, §8.11 / §8.12`, and a range
 *   `§1.2–1.5` or `§6.1–§6.3` needs every section in between;
 * - a bare `§1.4` (no file name) in a file that names exactly one of the notes refers to that note; in a file that
 *   names none or several it cannot be checked and is skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NOTES = [
  'codebuild',
  'codepipeline',
  'codedeploy',
  'events-deploy-iam-eks',
  'peers',
  'eventbridge',
  'ecs',
] as const;
type Note = (typeof NOTES)[number];

/** Every file below `dir` (relative to the repository root) whose name passes `keep`. */
function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const abs = join(ROOT, dir);
  let names: string[];
  try {
    names = readdirSync(abs);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const full = join(abs, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(join(dir, name), keep));
    else if (keep(name)) out.push(join(dir, name));
  }
  return out;
}

const TEXT = /\.(ts|mts|js|mjs|cjs|md|sh|py|json|ya?ml)$/;

/** One cited section: which note, which number, and whether it was written as `§N item K`. */
interface Citation {
  note: Note;
  section: string;
  item?: string;
  where: string;
}

const REF = String.raw`§?(\d+(?:\.\d+)*)(?:\s+item\s+(\d+))?`;
const CHAIN = new RegExp(
  String.raw`(?:docs/aws/)?(${NOTES.join('|')})\.md\s+§(\d+(?:\.\d+)*)(?:\s+item\s+(\d+))?` +
    String.raw`((?:\s*(?:,|/|\band\b)\s*§\d+(?:\.\d+)*(?:\s+item\s+\d+)?|\s*[–-]\s*§?\d+(?:\.\d+)+)*)`,
  'g',
);
const LINK = new RegExp(String.raw`\s*([,/–-]|\band\b)\s*${REF}`, 'g');

/** Expands `1.2–1.5` into 1.2, 1.3, 1.4, 1.5 (same prefix); anything else into its two ends. */
function range(from: string, to: string): string[] {
  const a = from.split('.');
  const b = to.split('.');
  if (a.length !== b.length || a.slice(0, -1).join('.') !== b.slice(0, -1).join('.')) return [from, to];
  const prefix = a.slice(0, -1);
  const out: string[] = [];
  for (let n = Number(a.at(-1)); n <= Number(b.at(-1)); n++) out.push([...prefix, String(n)].join('.'));
  return out;
}

/** All citations in one file's text. */
function citationsIn(text: string, file: string): Citation[] {
  const out: Citation[] = [];
  for (const m of text.matchAll(CHAIN)) {
    const note = m[1] as Note;
    const line = text.slice(0, m.index).split('\n').length;
    const where = `${file}:${line}`;
    out.push({ note, section: m[2], item: m[3], where });
    let previous = m[2];
    for (const l of (m[4] ?? '').matchAll(LINK)) {
      if (l[1] === '–' || l[1] === '-') {
        for (const s of range(previous, l[2]).slice(1)) out.push({ note, section: s, where });
      } else {
        out.push({ note, section: l[2], item: l[3], where });
      }
      previous = l[2];
    }
  }
  return out;
}

/** Citations without a file name, read as citing the one note the file names (none when it names 0 or 2+). */
function bareCitationsIn(text: string, file: string): Citation[] {
  const named = new Set([...text.matchAll(CHAIN)].map((m) => m[1] as Note));
  const mentioned = new Set(NOTES.filter((n) => text.includes(`${n}.md`)));
  if (mentioned.size !== 1 || named.size > 1) return [];
  const note = [...mentioned][0];
  // Blank out the chains already read (keeping line breaks, so line numbers stay right).
  const rest = text.replace(CHAIN, (m) => m.replace(/[^\n]/g, ' '));
  return [...rest.matchAll(/§(\d+(?:\.\d+)*)(?:\s+item\s+(\d+))?/g)].map((m) => ({
    note,
    section: m[1],
    item: m[2],
    where: `${file}:${rest.slice(0, m.index).split('\n').length}`,
  }));
}

/** The numbered headings of one note and, per heading, the numbers of its top-level list items. */
function sectionsOf(markdown: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    const heading = /^#{1,6}\s+§(\d+(?:\.\d+)*)(?=[\s:.]|$)/.exec(line);
    if (heading) {
      current = new Set();
      sections.set(heading[1], current);
      continue;
    }
    if (/^#{1,6}\s/.test(line)) continue; // an unnumbered sub-heading stays inside its section
    const item = /^(\d+)\.\s/.exec(line);
    if (item && current) current.add(item[1]);
  }
  return sections;
}

/** The anchors GitHub gives the headings of a markdown file (lower case, punctuation dropped, spaces to dashes). */
function anchorsOf(path: string): Set<string> {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return new Set();
  }
  const headings = [...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => m[1].trim().toLowerCase());
  return new Set(headings.map((h) => h.replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-')));
}

/** Whether `§section` (or `§section item K`) exists in a note's sections. */
function resolves(sections: Map<string, Set<string>>, section: string, item?: string): boolean {
  if (item !== undefined) return sections.has(`${section}.${item}`) || (sections.get(section)?.has(item) ?? false);
  if (sections.has(section)) return true;
  const dot = section.lastIndexOf('.');
  if (dot < 0) return false;
  return sections.get(section.slice(0, dot))?.has(section.slice(dot + 1)) ?? false;
}

describe('citation grammar', () => {
  it('reads lists, ranges and list items after one file name', () => {
    const text = 'see docs/aws/codepipeline.md §1.2–1.5, §1.10 / §8.31 and docs/aws/codebuild.md §8 item 26.';
    const got = citationsIn(text, 'x').map((c) => `${c.note} ${c.section}${c.item ? ` item ${c.item}` : ''}`);
    expect(got).toEqual([
      'codepipeline 1.2',
      'codepipeline 1.3',
      'codepipeline 1.4',
      'codepipeline 1.5',
      'codepipeline 1.10',
      'codepipeline 8.31',
      'codebuild 8 item 26',
    ]);
  });

  it('resolves headings and numbered list items', () => {
    const md = '## §5 Conclusions\n\n1. one\n8. eight\n\n### §5.9 Nine\n\n```\n3. not an item\n```\n';
    const s = sectionsOf(md);
    expect(resolves(s, '5')).toBe(true);
    expect(resolves(s, '5.8')).toBe(true);
    expect(resolves(s, '5', '9')).toBe(true);
    expect(resolves(s, '5.9', '3')).toBe(false);
    expect(resolves(s, '5.2')).toBe(false);
  });
});

describe('AWS behaviour notes (docs/aws)', () => {
  const scanned = [
    ...filesUnder('src', (n) => TEXT.test(n)),
    ...filesUnder('test', (n) => TEXT.test(n)),
    ...filesUnder('docs', (n) => TEXT.test(n)),
    'README.md',
  ];
  const notes = new Map<Note, Map<string, Set<string>>>();
  for (const note of NOTES) {
    try {
      notes.set(note, sectionsOf(readFileSync(join(ROOT, 'docs/aws', `${note}.md`), 'utf8')));
    } catch {
      // A note the repository never cites need not exist; a cited one is reported below.
    }
  }
  const texts = scanned.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')] as const);
  const citations = texts.flatMap(([f, t]) => citationsIn(t, f));
  const bare = texts.filter(([f]) => !f.startsWith('docs/aws/')).flatMap(([f, t]) => bareCitationsIn(t, f));

  it('finds the citations (the scan itself works)', () => {
    expect(citations.length).toBeGreaterThan(100);
  });

  it('every cited section exists in docs/aws', () => {
    expect(missingIn(citations)).toEqual([]);
  });

  it('every bare § in a file that names one note exists in that note', () => {
    expect(bare.length).toBeGreaterThan(0);
    expect(missingIn(bare)).toEqual([]);
  });

  function missingIn(list: Citation[]): string[] {
    return list
      .filter((c) => {
        const sections = notes.get(c.note);
        return !sections || !resolves(sections, c.section, c.item);
      })
      .map((c) => `${c.where}: ${c.note}.md §${c.section}${c.item ? ` item ${c.item}` : ''}`);
  }

  it('every link into docs/aws points at an existing heading', () => {
    const anchors = new Map(NOTES.map((n) => [n, anchorsOf(join(ROOT, 'docs/aws', `${n}.md`))]));
    const link = new RegExp(String.raw`aws/(${NOTES.join('|')})\.md#([\w-]+)`, 'g');
    const broken = texts.flatMap(([f, t]) =>
      [...t.matchAll(link)].filter((m) => !anchors.get(m[1] as Note)?.has(m[2])).map((m) => `${f}: ${m[0]}`),
    );
    expect(broken).toEqual([]);
  });

  it('no code, test, bench or script reads the research notes from outside the repository', () => {
    const outside = /\.\.[\\/]shared\b|[\\/]work[\\/]shared\b/;
    const offenders = ['src', 'test', 'bench', 'scripts']
      .flatMap((d) => filesUnder(d, (n) => TEXT.test(n)))
      .filter((f) => outside.test(readFileSync(join(ROOT, f), 'utf8')))
      .map((f) => relative(ROOT, join(ROOT, f)));
    expect(offenders).toEqual([]);
  });
});
