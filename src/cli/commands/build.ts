/**
 * `codelocal build [SOURCE]`: runs a buildspec like CodeBuild. Accepts the flags of AWS's
 * `codebuild_build.sh` where they make sense (-i -a -r -s -b -e -c -p -m -d; docs/aws/codebuild.md §5.1)
 * and fixes its known bugs: relative -b paths work, no TTY is needed, the exit code is the
 * build's status (§5.3).
 */
import type { Command } from 'commander';
// The API is imported inside the action: loading Docker and SQLite clients costs start-up time
// that `codelocal --help` and the other commands should not pay.
import type { RunBuildOptions } from '../../api/index.js';
import { printJson } from '../output.js';
import { addOptions, fillOptions } from '../option-table.js';
import { renderBuildSummary } from '../render/build-summary.js';
import { renderBuildPlan } from '../render/build-plan.js';
import { EXIT_FAILED } from '../exit-codes.js';
import { BUILD_OPTIONS } from './build-options.js';

/** The flags that steer the command itself rather than the build. */
interface BuildCliFlags {
  json?: boolean;
  dryRun?: boolean;
  watch?: boolean;
}

const EXAMPLES = `
Examples:
  codelocal build                              # ./buildspec.yml in the current folder
  codelocal build examples/hello --json        # result as a CodeBuild Build object
  codelocal build -b ci/buildspec.yml --env STAGE=dev --parameter /app/token=abc
  codelocal build --project template.yaml#BuildProject -d
  codelocal build --shell-on-failure           # a shell where a command failed (docs/debugging.md)
  codelocal build --keep && codelocal build --reuse <id> --from-phase build
                                               # earlier phases skipped; their state is in the kept container
  codelocal build --watch
`;

export function register(program: Command): void {
  const cmd = program
    .command('build')
    .description('Run a buildspec the way CodeBuild does, in a local runner container')
    .argument('[source]', 'primary source folder (default: current folder)');
  addOptions(cmd, BUILD_OPTIONS)
    .addHelpText('after', EXAMPLES)
    .action(async (source: string | undefined, opts: BuildCliFlags & Record<string, unknown>) => {
      const options = toRunOptions(source, opts);
      if (opts.dryRun) return dryRun(options, opts);
      const logStream = opts.json ? process.stderr : process.stdout;
      const live = {
        ...options,
        output: (text: string) => logStream.write(text),
        shellIO: { input: process.stdin, output: logStream },
      };
      if (opts.watch) return watch(live, opts);
      const { runBuild } = await import('../../api/build.js');
      const build = await runBuild(live);
      // As `aws codebuild start-build` prints it (docs/json-output.md).
      if (opts.json) printJson({ build });
      else process.stderr.write(renderBuildSummary(build));
      if (build.buildStatus !== 'SUCCEEDED') process.exitCode = EXIT_FAILED;
    });
}

/** The typed API options from the table; SOURCE beats a first -s, else the current folder. */
export function toRunOptions(source: string | undefined, raw: Record<string, unknown>): RunBuildOptions {
  const out = fillOptions(BUILD_OPTIONS, raw, { sourceDir: '' });
  out.sourceDir = source ?? (out.sourceDir || process.cwd());
  return out;
}

async function dryRun(options: RunBuildOptions, opts: BuildCliFlags): Promise<void> {
  const { planBuild } = await import('../../api/build.js');
  const plan = await planBuild(options);
  if (opts.json) printJson(plan);
  else process.stdout.write(renderBuildPlan(plan));
}

async function watch(options: RunBuildOptions, opts: BuildCliFlags): Promise<void> {
  const { watchBuilds } = await import('../../api/watch.js');
  await watchBuilds({
    ...options,
    onRunStart: ({ run, changed }) => {
      if (run === 1) process.stderr.write(`codelocal: watching ${options.sourceDir} (Ctrl-C stops)\n`);
      else
        process.stderr.write(
          `\ncodelocal: ${changed.length} change(s) (${changed.slice(0, 3).join(', ')}): building again\n`,
        );
    },
    onRunEnd: (build) => {
      if (opts.json) printJson({ build });
      else process.stderr.write(renderBuildSummary(build));
    },
    onRunError: (e) => process.stderr.write(`codelocal: error ${e.code}: ${e.describe()}\n`),
  });
}
