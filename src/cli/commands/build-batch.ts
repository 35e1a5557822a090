/**
 * `codelocal batch [SOURCE]`: runs the buildspec's `batch` section like StartBuildBatch (docs/aws/codebuild.md §7.1).
 * A command of its own rather than `build --batch`, so `build` keeps CodeBuild's StartBuild meaning (the
 * batch section ignored) and this file owns the batch-only flags. The common flags mean what they mean
 * for `build`; see docs/batch.md.
 */
import type { Command } from 'commander';
import type { RunBatchOptions } from '../../api/index.js';
import { DEFAULT_BATCH_MAX_PARALLEL } from '../../model/index.js';
import { printJson } from '../output.js';
import { addOptions, fillOptions, type CliOptionTable } from '../option-table.js';
import { parseMaxParallel } from '../option-values.js';
import { renderBatchPlan, renderBatchSummary } from '../render/batch-summary.js';
import { EXIT_FAILED } from '../exit-codes.js';
import {
  ARTIFACTS,
  BUILDSPEC,
  ENV,
  ENV_FILE,
  IMAGE,
  JSON_OUTPUT,
  PRIVILEGED,
  REPORTS,
  SETTINGS,
  SOURCE,
  TIMEOUT,
} from './build-options.js';

/** The build options with their batch meaning, `--max-parallel`, then the shared settings. */
const BATCH_OPTIONS: CliOptionTable<RunBatchOptions> = [
  { ...BUILDSPEC, description: 'buildspec with the batch section (relative to the source); default buildspec.yml' },
  { ...IMAGE, description: 'build image for members that do not set env.image' },
  { ...ARTIFACTS, description: "also unpack each member's primary artifact into <dir>/<identifier>" },
  { ...REPORTS, description: "write each member's parsed reports into <dir>/<identifier>" },
  SOURCE,
  { ...ENV_FILE, description: 'VAR=VALUE lines (as codebuild_build.sh -e)' },
  { ...ENV, description: 'override for every member (repeatable); a task env.variables entry wins' },
  { ...PRIVILEGED, description: 'privileged mode for members that do not set privileged-mode' },
  { ...TIMEOUT, description: 'timeout of each member build in minutes (5-2160)' },
  {
    flags: '--max-parallel <n>',
    description: 'member builds running at once',
    defaultValue: String(DEFAULT_BATCH_MAX_PARALLEL),
    fill: (out, raw: string) => (out.maxParallel = parseMaxParallel(raw)),
  },
  JSON_OUTPUT('BuildBatch', 'buildBatch', 'start-build-batch'),
  { flags: '--dry-run', description: 'print the expanded batch and exit' },
  ...SETTINGS,
];

const EXAMPLES = `
Examples:
  codelocal batch                               # batch: section of ./buildspec.yml
  codelocal batch app --dry-run                 # the builds app/buildspec.yml's batch: expands to
  codelocal batch -b ci/batch.yml --max-parallel 3 --json
`;

export function register(program: Command): void {
  const cmd = program
    .command('batch')
    .description("Run the buildspec's batch section (graph, list, matrix or fanout) like a CodeBuild batch build")
    .argument('[source]', 'primary source folder (default: current folder)');
  addOptions(cmd, BATCH_OPTIONS)
    .addHelpText('after', EXAMPLES)
    .action(
      async (source: string | undefined, opts: { json?: boolean; dryRun?: boolean } & Record<string, unknown>) => {
        const options = toOptions(source, opts);
        if (opts.dryRun) {
          const { planBatchBuild } = await import('../../api/batch.js');
          const plan = await planBatchBuild(options);
          if (opts.json) printJson(plan);
          else process.stdout.write(renderBatchPlan(plan));
          return;
        }
        const logStream = opts.json ? process.stderr : process.stdout;
        const { runBatchBuild } = await import('../../api/batch.js');
        const batch = await runBatchBuild({ ...options, output: (t) => logStream.write(t) });
        // As `aws codebuild start-build-batch` prints it (docs/json-output.md).
        if (opts.json) printJson({ buildBatch: batch });
        else process.stderr.write(renderBatchSummary(batch));
        if (batch.buildBatchStatus !== 'SUCCEEDED') process.exitCode = EXIT_FAILED;
      },
    );
}

function toOptions(source: string | undefined, raw: Record<string, unknown>): RunBatchOptions {
  const out = fillOptions(BATCH_OPTIONS, raw, { sourceDir: '' });
  out.sourceDir = source ?? (out.sourceDir || process.cwd());
  return out;
}
