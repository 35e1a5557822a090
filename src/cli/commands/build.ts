/**
 * `codelocal build [SOURCE]`: runs a buildspec like CodeBuild. Accepts the flags of AWS's
 * `codebuild_build.sh` where they make sense (-i -a -r -s -b -e -c -p -m -d; codebuild.md §5.1)
 * and fixes its known bugs: relative -b paths work, no TTY is needed, the exit code is the
 * build's status (§5.3).
 */
import type { Command } from 'commander';
import { addSettingsOptions, collect, sharedRunOptions, type SharedCliOptions } from './build-options.js';
// The API is imported inside the action: loading Docker and SQLite clients costs start-up time
// that `codelocal --help` and the other commands should not pay.
import type { RunBuildOptions } from '../../api/build.js';
import { DEFAULT_SHELL_WAIT_SECONDS } from '../../api/build-debug.js';
import { parsePositiveNumber } from '../option-values.js';
import { printJson } from '../output.js';
import { renderBuildSummary } from '../render/build-summary.js';
import { renderBuildPlan } from '../render/build-plan.js';
import { EXIT_FAILED } from '../exit-codes.js';

export interface BuildCliOptions extends SharedCliOptions {
  awsConfig?: boolean;
  profile?: string;
  bind?: boolean;
  json?: boolean;
  dryRun?: boolean;
  keep?: boolean;
  localAws?: boolean;
  shellOnFailure?: boolean;
  stopAfterShell?: boolean;
  shellWait: string;
  phase: string[];
  fromPhase?: string;
  reuse?: string;
  watch?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('build')
    .description('Run a buildspec the way CodeBuild does, in a local runner container')
    .argument('[source]', 'primary source folder (default: current folder)')
    .option('-b, --buildspec <path>', 'buildspec file (relative to the source) or inline YAML; default buildspec.yml')
    .option('-i, --image <image>', 'build image: an AWS name (aws/codebuild/standard:7.0) or a local image')
    .option('-a, --artifacts <dir>', 'also unpack the primary artifact into this folder')
    .option('-r, --reports <dir>', 'write parsed test/coverage reports (JSON) into this folder')
    .option(
      '-s, --source <[id:]dir>',
      'a source; the first is primary, others are id:dir secondary sources',
      collect,
      [],
    )
    .option('-e, --env-file <file>', 'VAR=VALUE lines (as codebuild_build.sh -e: no quote handling)')
    .option('--env <NAME=VALUE>', 'start-build override, highest precedence (repeatable)', collect, [])
    .option('-c, --aws-config', 'pass the host AWS_* variables into the build (as codebuild_build.sh -c)')
    .option('-p, --profile <profile>', 'AWS profile (with -c)')
    .option('-m, --bind', 'bind-mount the source instead of copying it')
    .option('-d, --privileged', 'privileged mode (Docker inside the build)')
    .option('--timeout <minutes>', 'build timeout in minutes (5-2160; default the project, else 60)')
    .option('--json', 'print the result as a CodeBuild Build object on stdout (log on stderr)')
    .option('--dry-run', 'print what would run and exit')
    .option(
      '--keep',
      'keep the build container afterwards (for `codelocal attach`, `--reuse`; `codelocal clean` removes it)',
    )
    .option(
      '--local-aws',
      'local AWS stand-ins for the build: ECR registry, STS, SSM, Secrets Manager, S3 (docs/local-aws.md)',
    )
    .option(
      '--shell-on-failure',
      'when a command fails, open a shell where it failed before `finally` runs; without a terminal, wait for `codelocal attach`',
    )
    .option('--stop-after-shell', 'with --shell-on-failure: stop the build when the shell closes instead of going on')
    .option(
      '--shell-wait <seconds>',
      'without a terminal: how long a failed build waits for attach/resume',
      String(DEFAULT_SHELL_WAIT_SECONDS),
    )
    .option('--phase <name>', 'run only this phase (repeatable); the other phases are skipped, not run', collect, [])
    .option('--from-phase <name>', 'run this phase and the later ones; earlier phases are skipped, not run')
    .option('--reuse <build-id>', 'run in the kept container of an earlier --keep build (its files and shell state)')
    .option('-w, --watch', 'build again when a source file changes (a change during a build restarts it)');
  addSettingsOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  codelocal build                              # ./buildspec.yml in the current folder
  codelocal build examples/hello --json        # result as a CodeBuild Build object
  codelocal build -b ci/buildspec.yml --env STAGE=dev --parameter /app/token=abc
  codelocal build --project template.yaml#BuildProject -d
  codelocal build --shell-on-failure           # a shell where a command failed (docs/debugging.md)
  codelocal build --keep && codelocal build --reuse <id> --from-phase build
                                               # earlier phases skipped; their state is in the kept container
  codelocal build --watch
`,
    )
    .action(async (source: string | undefined, opts: BuildCliOptions) => {
      const options = toRunOptions(source, opts);
      if (opts.dryRun) {
        const { planBuild } = await import('../../api/build.js');
        const plan = await planBuild(options);
        if (opts.json) printJson(plan);
        else process.stdout.write(renderBuildPlan(plan));
        return;
      }
      const logStream = opts.json ? process.stderr : process.stdout;
      const live = {
        ...options,
        output: (text: string) => logStream.write(text),
        shellIO: { input: process.stdin, output: logStream },
      };
      if (opts.watch) {
        const { watchBuilds } = await import('../../api/watch.js');
        await watchBuilds({
          ...live,
          onRunStart: ({ run, changed }) => {
            if (run === 1) process.stderr.write(`codelocal: watching ${options.sourceDir} (Ctrl-C stops)\n`);
            else
              process.stderr.write(
                `\ncodelocal: ${changed.length} change(s) (${changed.slice(0, 3).join(', ')}): building again\n`,
              );
          },
          onRunEnd: (build) => {
            if (opts.json) printJson(build);
            else process.stderr.write(renderBuildSummary(build));
          },
          onRunError: (e) => process.stderr.write(`codelocal: error ${e.code}: ${e.describe()}\n`),
        });
        return;
      }
      const { runBuild } = await import('../../api/build.js');
      const build = await runBuild(live);
      if (opts.json) printJson(build);
      else process.stderr.write(renderBuildSummary(build));
      if (build.buildStatus !== 'SUCCEEDED') process.exitCode = EXIT_FAILED;
    });
}

function toRunOptions(source: string | undefined, o: BuildCliOptions): RunBuildOptions {
  return {
    ...sharedRunOptions(source, o),
    awsConfig: o.awsConfig,
    profile: o.profile,
    bind: o.bind,
    keep: o.keep,
    localAws: o.localAws,
    shellOnFailure: o.shellOnFailure,
    stopAfterShell: o.stopAfterShell,
    shellWaitSeconds: parsePositiveNumber(o.shellWait, '--shell-wait'),
    phases: o.phase,
    fromPhase: o.fromPhase,
    reuse: o.reuse,
  };
}
