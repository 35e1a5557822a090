/** `pipeline run` / `plan` flags `--skip`, `--artifact`, `--until` (issue 11): declared once, filled into the API options. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { PARTIAL_RUN_OPTIONS } from '../../../src/cli/commands/pipeline-partial-options.js';
import { addOptions, fillOptions } from '../../../src/cli/option-table.js';
import type { PartialRunOptions } from '../../../src/plan/index.js';

function parse(argv: string[]): PartialRunOptions {
  const cmd = addOptions(new Command('run').exitOverride(), PARTIAL_RUN_OPTIONS);
  cmd.parse(argv, { from: 'user' });
  return fillOptions(PARTIAL_RUN_OPTIONS, cmd.opts(), {});
}

describe('partial-run flags', () => {
  it('--skip repeats, --artifact is NAME=DIR, --until is one stage', () => {
    expect(
      parse(['--skip', 'Deploy.Beanstalk', '--skip', 'Deploy.Notify', '--artifact', 'App=dist', '--until', 'Test']),
    ).toEqual({ skip: ['Deploy.Beanstalk', 'Deploy.Notify'], artifactDirs: { App: 'dist' }, until: 'Test' });
  });

  it('none given: nothing set', () => {
    expect(parse([])).toEqual({});
  });

  it('--artifact without = is refused with FLAG_INVALID', () => {
    expect(() => parse(['--artifact', 'App'])).toThrow(/--artifact/);
  });
});
