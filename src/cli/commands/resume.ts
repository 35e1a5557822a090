/** `codelocal resume [BUILD_ID]`: lets a paused build go on (the host side of codebuild-resume). */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { addOptions, fillOptions, type CliOptionTable } from '../option-table.js';
import type { resumeBuild } from '../../api/index.js';
import { stateDirOption } from './common-options.js';

type ResumeOptions = NonNullable<Parameters<typeof resumeBuild>[0]>;

export const RESUME_OPTIONS: CliOptionTable<ResumeOptions> = [stateDirOption()];

export function register(program: Command): void {
  const cmd = program.command('resume');
  addOptions(cmd, RESUME_OPTIONS);
  cmd
    .description('Continue a build paused at codebuild-breakpoint or waiting after a failure (--shell-on-failure)')
    .argument('[build-id]', 'build id or a unique prefix (default: the paused build)')
    .action(async (buildId: string | undefined, raw: Record<string, unknown>) => {
      const { resumeBuild } = await import('../../api/debug.js');
      const r = await resumeBuild(fillOptions(RESUME_OPTIONS, raw, { buildId }));
      if (!r.resumed) throw new InputError('BUILD_NOT_PAUSED', `build ${r.buildId} is not paused`);
      process.stderr.write(`codelocal: build ${r.buildId} resumed\n`);
    });
}
