/**
 * Just enough shell reading for lint rules: a command item is split into logical lines (backslash
 * continuations joined) so a flag on the third line of a `helm upgrade \` block still belongs to it.
 * This is pattern matching, not a shell parser: rules built on it must prefer silence to false alarms.
 */

export interface LogicalLine {
  /** The joined text (continuations replaced by a space). */
  text: string;
  /** 0-based index of the first physical line within the command text. */
  line: number;
}

export function logicalLines(command: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let current: LogicalLine | undefined;
  command.split('\n').forEach((physical, i) => {
    const continued = /\\\s*$/.test(physical);
    const body = continued ? physical.replace(/\\\s*$/, ' ') : physical;
    if (current) current.text += body;
    else current = { text: body, line: i };
    if (!continued) {
      out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}

/** A line that is only a comment or blank does nothing. */
export function isInert(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** Compiled invocation patterns by program pattern: rules call findInvocation once per command line. */
const INVOCATIONS = new Map<string, RegExp>();

/**
 * Where a program is invoked as a command word: at the start, or after `;`, `&&`, `||`, `|`, `(`, `$(`,
 * a backquote, `sudo`, `then`/`do`. Returns the index of the match or -1.
 */
export function findInvocation(line: string, program: RegExp): number {
  let re = INVOCATIONS.get(program.source);
  if (!re) {
    re = new RegExp(
      String.raw`(?:^|[;&|(\x60]|\$\(|\b(?:sudo|then|do|else|exec|time)\s)\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(` +
        program.source +
        String.raw`)(?=\s|$|;)`,
    );
    INVOCATIONS.set(program.source, re);
  }
  const m = re.exec(line);
  if (!m) return -1;
  return m.index + m[0].length - m[1]!.length;
}

export interface Segment {
  /** One simple command, leading blanks, `(`, `$(`, backquotes and `sudo`/`then`/`do` removed. */
  text: string;
  /** Column (0-based) of `text` in the logical line. */
  col: number;
}

/**
 * The simple commands of a line, split at `&&`, `||`, `;` and `|` (quotes are not tracked: a separator
 * inside quotes only splits an argument, which the rules built on this tolerate).
 */
export function segments(line: string): Segment[] {
  const out: Segment[] = [];
  const re = /&&|\|\||[;|]/g;
  let start = 0;
  for (;;) {
    const m = re.exec(line);
    const end = m ? m.index : line.length;
    const part = line.slice(start, end);
    const lead = /^(?:\s|\(|\$\(|`|\b(?:sudo|then|do|else|exec|time)\s)*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*/.exec(
      part,
    )![0];
    out.push({ text: part.slice(lead.length), col: start + lead.length });
    if (!m) break;
    start = m.index + m[0].length;
  }
  return out;
}
