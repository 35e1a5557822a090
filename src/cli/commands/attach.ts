/** `codelocal attach [BUILD_ID]`: a shell in a build's container, from any terminal (docs/debugging.md). */
import type { Command } from 'commander';
import { addOptions, fillOptions, type CliOptionTable } from '../option-table.js';
import type { attachBuild } from '../../api/index.js';
import { stateDirOption } from './common-options.js';

type AttachOptions = NonNullable<Parameters<typeof attachBuild>[0]>;

export const ATTACH_OPTIONS: CliOptionTable<AttachOptions> = [stateDirOption()];

export function register(program: Command): void {
  const cmd = program.command('attach');
  addOptions(cmd, ATTACH_OPTIONS);
  cmd
    .description('Open a shell in a running, paused (breakpoint, --shell-on-failure) or kept build container')
    .argument(
      '[build-id]',
      'build id or a unique prefix (default: the paused build, else the running one, else the latest kept one)',
    )
    .addHelpText(
      'after',
      `
The shell starts where the build is: at a breakpoint or a failed command, in its folder with its
environment; otherwise in the folder and environment the last command left (buildspec 0.2 shell
state). A kept container that has stopped is started again. Leaving the shell does not resume a
paused build: run codebuild-resume inside, or codelocal resume.
`,
    )
    .action(async (buildId: string | undefined, raw: Record<string, unknown>) => {
      const { attachBuild } = await import('../../api/debug.js');
      const code = await attachBuild(fillOptions(ATTACH_OPTIONS, raw, { buildId }));
      // The shell's own exit status, like `docker exec`; stdin was paused, so nothing keeps the process up.
      process.exitCode = code;
    });
}
