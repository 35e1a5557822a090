/** The command line's value syntaxes and the option tables that turn them into typed API options. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CodelocalError } from '../../../src/errors.js';
import {
  assignmentRecord,
  parseAssignment,
  parseMaxParallel,
  parseSecondarySource,
} from '../../../src/cli/option-values.js';
import { addOptions, fillOptions } from '../../../src/cli/option-table.js';
import { BUILD_OPTIONS } from '../../../src/cli/commands/build-options.js';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as CodelocalError).code;
  }
  return undefined;
};

describe('option values', () => {
  it('NAME=VALUE splits at the first =, a missing name is FLAG_INVALID naming the flag', () => {
    expect(parseAssignment('A=b=c', '--env')).toEqual({ name: 'A', value: 'b=c' });
    expect(() => parseAssignment('x', '--parameter-overrides')).toThrow(
      "--parameter-overrides expects NAME=VALUE, got 'x'",
    );
    expect(code(() => parseAssignment('=v', '--env'))).toBe('FLAG_INVALID');
    expect(assignmentRecord(['A=1', 'A=2'], '--parameter')).toEqual({ A: '2' });
  });

  it('--max-parallel is a whole number of at least 1', () => {
    expect(parseMaxParallel('3')).toBe(3);
    for (const bad of ['0', '1.5', 'x']) expect(code(() => parseMaxParallel(bad))).toBe('FLAG_INVALID');
  });

  it('id:dir needs an identifier CodeBuild accepts', () => {
    expect(parseSecondarySource('lib:/tmp/x')).toEqual({ identifier: 'lib', dir: '/tmp/x' });
    expect(code(() => parseSecondarySource('nodir'))).toBe('SOURCE_INVALID');
    expect(code(() => parseSecondarySource('a-b:/x'))).toBe('SOURCE_IDENTIFIER_INVALID');
  });
});

describe('the build option table', () => {
  it('feeds commander and yields typed options', () => {
    const cmd = addOptions(new Command('build').exitOverride(), BUILD_OPTIONS);
    cmd.parse(['-s', 'main', '-s', 'lib:/l', '--env', 'A=1', '--parameter', 'p=v', '--no-cache'], {
      from: 'user',
    });
    const o = fillOptions(BUILD_OPTIONS, cmd.opts(), { sourceDir: '' });
    expect(o).toMatchObject({
      sourceDir: 'main',
      secondarySources: [{ identifier: 'lib', dir: '/l' }],
      env: [{ name: 'A', value: '1' }],
      parameters: { p: 'v' },
      noCache: true,
      shellWaitSeconds: 300,
      stubFiles: [],
    });
  });
});
