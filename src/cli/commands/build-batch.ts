/**
 * `codelocal batch [SOURCE]`: runs the buildspec's `batch` section like StartBuildBatch (codebuild.md §7.1).
 * A command of its own rather than `build --batch`, so `build` keeps CodeBuild's StartBuild meaning (the
 * batch section ignored) and this file owns the batch-only flags. The common flags mean what they mean
 * for `build`; see docs/batch.md.
 */
import type { Command } from 'commander';
import { addSettingsOptions, collect, sharedRunOptions, type SharedCliOptions } from './build-options.js';
import { planBatchBuild, runBatchBuild, DEFAULT_MAX_PARALLEL, type RunBatchOptions } from '../../api/batch.js';
import { parseMaxParallel } from '../option-values.js';
import { printJson } from '../output.js';
import { renderBatchPlan, renderBatchSummary } from '../render/batch-summary.js';
import { EXIT_FAILED } from '../exit-codes.js';

interface BatchCliOptions extends SharedCliOptions {
  maxParallel: string;
  json?: boolean;
  dryRun?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('batch')
    .description("Run the buildspec's batch section (graph, list, matrix or fanout) like a CodeBuild batch build")
    .argument('[source]', 'primary source folder (default: current folder)')
    .option(
      '-b, --buildspec <path>',
      'buildspec with the batch section (relative to the source); default buildspec.yml',
    )
    .option('-i, --image <image>', 'build image for members that do not set env.image')
    .option('-a, --artifacts <dir>', "also unpack each member's primary artifact into <dir>/<identifier>")
    .option('-r, --reports <dir>', "write each member's parsed reports into <dir>/<identifier>")
    .option(
      '-s, --source <[id:]dir>',
      'a source; the first is primary, others are id:dir secondary sources',
      collect,
      [],
    )
    .option('-e, --env-file <file>', 'VAR=VALUE lines (as codebuild_build.sh -e)')
    .option(
      '--env <NAME=VALUE>',
      'override for every member (repeatable); a task env.variables entry wins',
      collect,
      [],
    )
    .option('-d, --privileged', 'privileged mode for members that do not set privileged-mode')
    .option('--timeout <minutes>', 'timeout of each member build in minutes (5-2160)')
    .option('--max-parallel <n>', 'member builds running at once', String(DEFAULT_MAX_PARALLEL))
    .option('--json', 'print the result as a CodeBuild BuildBatch object on stdout (log on stderr)')
    .option('--dry-run', 'print the expanded batch and exit');
  addSettingsOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  codelocal batch                               # batch: section of ./buildspec.yml
  codelocal batch examples/matrix --dry-run     # the builds a build-matrix expands to
  codelocal batch -b ci/batch.yml --max-parallel 3 --json
`,
    )
    .action(async (source: string | undefined, opts: BatchCliOptions) => {
      const options = toOptions(source, opts);
      if (opts.dryRun) {
        const plan = await planBatchBuild(options);
        if (opts.json) printJson(plan);
        else process.stdout.write(renderBatchPlan(plan));
        return;
      }
      const logStream = opts.json ? process.stderr : process.stdout;
      const batch = await runBatchBuild({ ...options, output: (t) => logStream.write(t) });
      if (opts.json) printJson(batch);
      else process.stderr.write(renderBatchSummary(batch));
      if (batch.buildBatchStatus !== 'SUCCEEDED') process.exitCode = EXIT_FAILED;
    });
}

function toOptions(source: string | undefined, o: BatchCliOptions): RunBatchOptions {
  return { ...sharedRunOptions(source, o), maxParallel: parseMaxParallel(o.maxParallel) };
}
