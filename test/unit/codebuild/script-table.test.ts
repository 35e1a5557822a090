import { describe, expect, it } from 'vitest';
import { commandScript } from '../../../src/engine/codebuild/agent-script.js';
import {
  evaluateScript,
  parseVariablesOutput,
  printVariablesScript,
} from '../../../src/engine/codebuild/script-table.js';
import { parseEnvFile } from '../../../src/engine/codebuild/environment.js';

describe('generated scripts', () => {
  it("docs/aws/codebuild.md §2.3: the user's command sits on line 4 of script.sh", () => {
    expect(commandScript('echo hi').split('\n')[3]).toBe('echo hi');
  });
  it('prints and parses variables, telling unset from empty', () => {
    expect(printVariablesScript(['A', 'bad name'])).toBe(`printf '%s\\037%s\\037%s\\037' A "\${A+1}" "$A"`);
    const parsed = parseVariablesOutput('A\u001f1\u001fx y\u001fB\u001f\u001f\u001f');
    expect(parsed.get('A')).toBe('x y');
    expect(parsed.get('B')).toBeUndefined();
  });
  it('shell-evaluates artifact names with quotes escaped', () => {
    expect(evaluateScript('a-$(echo "b")')).toBe(`printf '%s' "a-$(echo \\"b\\")"`);
  });
  it('docs/aws/codebuild.md §8.28: -e file lines keep quotes as part of the value', () => {
    expect(parseEnvFile('# c\n\nA="x"\nB=1=2\n')).toEqual([
      { name: 'A', value: '"x"' },
      { name: 'B', value: '1=2' },
    ]);
  });
});
