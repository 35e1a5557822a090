/** `codelocal resume [BUILD_ID]`: lets a paused build go on (the host side of codebuild-resume). */
import type { Command } from 'commander';
import { resumeBuild } from '../../api/index.js';
import { InputError } from '../../errors.js';

export function register(program: Command): void {
  program
    .command('resume')
    .description('Continue a build paused at codebuild-breakpoint or waiting after a failure (--shell-on-failure)')
    .argument('[build-id]', 'build id or a unique prefix (default: the paused build)')
    .option('--state-dir <dir>', 'state folder (default .codelocal in the project root)')
    .action(async (buildId: string | undefined, opts: { stateDir?: string }) => {
      const r = await resumeBuild({ buildId, stateDir: opts.stateDir });
      if (!r.resumed) throw new InputError('BUILD_NOT_PAUSED', `build ${r.buildId} is not paused`);
      process.stderr.write(`codelocal: build ${r.buildId} resumed\n`);
    });
}
