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

/**
 * Where a program is invoked as a command word: at the start, or after `;`, `&&`, `||`, `|`, `(`, `$(`,
 * a backquote, `sudo`, `then`/`do`. Returns the index of the match or -1.
 */
export function findInvocation(line: string, program: RegExp): number {
  const re = new RegExp(
    String.raw`(?:^|[;&|(\x60]|\$\(|\b(?:sudo|then|do|else|exec|time)\s)\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*(` +
      program.source +
      String.raw`)(?=\s|$|;)`,
    'g',
  );
  const m = re.exec(line);
  if (!m) return -1;
  return m.index + m[0].length - m[1]!.length;
}
