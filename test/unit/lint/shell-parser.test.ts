/** The shell parser wrapper: statements as the shell reads them, positions in characters. */
import { describe, expect, it } from 'vitest';
import { topLevelStatements } from '../../../src/lint/shell-parser.js';

describe('topLevelStatements', () => {
  it('a here-document, an if, a case and a loop are one statement each', () => {
    const script = [
      'cat > a.txt <<EOF',
      'npm test',
      'EOF',
      'if [ -f x ]; then',
      '  make',
      'fi',
      'case "$S" in',
      '  prod) make p ;;',
      '  *) make d ;;',
      'esac',
      'for f in *; do echo "$f"; done',
      'a && b || c',
    ].join('\n');
    const s = topLevelStatements(script)!;
    expect(s.map((x) => [x.line, x.col, x.text.split('\n')[0]])).toEqual([
      [0, 0, 'cat > a.txt <<EOF'],
      [3, 0, 'if [ -f x ]; then'],
      [6, 0, 'case "$S" in'],
      [10, 0, 'for f in *; do echo "$f"; done'],
      [11, 0, 'a && b || c'],
    ]);
    expect(s[0]!.text).toContain('npm test');
  });

  it('columns count characters, not bytes; comments are not statements', () => {
    const s = topLevelStatements('# comment\necho "é" ; make\n')!;
    expect(s.map((x) => [x.line, x.col, x.text])).toEqual([
      [1, 0, 'echo "é" ;'],
      [1, 11, 'make'],
    ]);
  });

  it('a script that does not parse gives undefined (rules stay silent)', () => {
    expect(topLevelStatements('if then fi (')).toBeUndefined();
  });
});
