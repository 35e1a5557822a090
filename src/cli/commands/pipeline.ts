/**
 * `codelocal pipeline <subcommand>`: validate and plan a CodePipeline definition (get-pipeline JSON
 * or a CloudFormation template, `file#LogicalId` to pick a pipeline resource).
 *
 * Subcommands register through PIPELINE_SUBCOMMANDS so `run`, `retry` and `approve` can be added
 * in their own files without touching these.
 */
import { Command } from 'commander';
import { formatPosition, InputError, type CodelocalError } from '../../errors.js';
import { assignmentRecord } from '../option-values.js';
import type { planPipelineFile } from '../../api/index.js';
import type { PipelineWarning } from '../../model/index.js';
import { renderPlanJson, renderPlanText } from '../../plan/index.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { PARTIAL_RUN_OPTIONS } from './pipeline-partial-options.js';
import { paint, printJson } from '../output.js';
import { EXIT_INPUT, EXIT_OK } from '../exit-codes.js';
import { registerRetry, registerRun } from './pipeline-run.js';
import { registerApprove, registerStop } from './pipeline-approve.js';
import { registerWatch } from './pipeline-watch.js';
import { registerTransition } from './pipeline-transition.js';
import { registerRollback } from './pipeline-rollback.js';
import { registerState } from './pipeline-state.js';

export type RegisterPipelineSubcommand = (pipeline: Command) => void;

type PlanCliOptions = NonNullable<Parameters<typeof planPipelineFile>[1]> & { json?: boolean };
type CommonOptions = Pick<PlanCliOptions, 'parameterOverrides' | 'region' | 'accountId' | 'json'>;

/** The options `validate` and `plan` share (they read a pipeline the same way). */
export const LOAD_OPTIONS: CliOptionTable<CommonOptions> = [
  {
    flags: '--parameter-overrides <K=V...>',
    description: 'CloudFormation parameter values (templates only)',
    fill: (out, raw: string[] | undefined) => (out.parameterOverrides = parsePairs(raw, '--parameter-overrides')),
  },
  { flags: '--region <region>', description: 'the pipeline region (default us-east-1)', fill: setField('region') },
  {
    flags: '--account-id <id>',
    description: 'the account id for AWS::AccountId (default 123456789012)',
    fill: setField('accountId'),
  },
  { flags: '--json', description: 'print the result as JSON on stdout', fill: setField('json') },
];

export const PLAN_OPTIONS: CliOptionTable<PlanCliOptions> = [
  ...LOAD_OPTIONS,
  {
    flags: '--variable <name=value...>',
    description: 'pipeline-level variable values for the run',
    fill: (out, raw: string[] | undefined) => (out.variables = parsePairs(raw, '--variable')),
  },
  {
    flags: '--source <action=path...>',
    description: 'read a source action from this local repository or file',
    fill: (out, raw: string[] | undefined) => {
      const sources = parsePairs(raw, '--source');
      out.sourceOverrides = Object.fromEntries(Object.entries(sources).map(([k, path]) => [k, { path }]));
    },
  },
  ...PARTIAL_RUN_OPTIONS,
];

type RawOptions = Record<string, string[] | undefined>;

/** `K=V` items -> record (parsed once for every command: src/cli/option-values.ts). */
export const parsePairs = assignmentRecord;

/**
 * Variadic `--parameter-overrides A=1 B=2 FILE` swallows FILE; take it back when it is the only
 * item without `=` so both argument orders work.
 */
function fileArgument(file: string | undefined, lists: (string[] | undefined)[]): string {
  if (file) return file;
  for (const list of lists) {
    const i = list?.findIndex((x) => !x.includes('=')) ?? -1;
    if (list && i >= 0) return list.splice(i, 1)[0]!;
  }
  throw new InputError('FLAG_INVALID', 'missing FILE: the pipeline JSON or CloudFormation template to read');
}

function withFileArgument(cmd: Command): Command {
  return cmd.argument('[file]', 'get-pipeline JSON, or a CloudFormation template (template.yaml#LogicalId)');
}

function problemJson(p: CodelocalError | PipelineWarning) {
  return { code: p.code, message: p.message, ...(p.position ?? {}) };
}

function describe(p: CodelocalError | PipelineWarning, file: string): string {
  return `${formatPosition(p.position) || file}: ${p.message}`;
}

function registerValidate(pipeline: Command): void {
  const cmd = withFileArgument(pipeline.command('validate')).description(
    'Check a pipeline the way CreatePipeline does; exit 2 with every problem when invalid',
  );
  addOptions(cmd, LOAD_OPTIONS).action(async (file: string | undefined, raw: RawOptions) => {
    const ref = fileArgument(file, [raw.parameterOverrides]);
    const { json, ...options } = fillOptions<CommonOptions>(LOAD_OPTIONS, raw, {});
    const { validatePipelineFile } = await import('../../api/pipeline-plan.js');
    const report = validatePipelineFile(ref, options);
    process.exitCode = report.valid ? EXIT_OK : EXIT_INPUT;
    if (json) {
      printJson({
        file: report.file,
        valid: report.valid,
        pipeline: report.loaded?.pipeline.name,
        format: report.loaded?.format,
        pipelineType: report.loaded?.pipelineType,
        errors: report.errors.map(problemJson),
        warnings: report.warnings.map(problemJson),
      });
      return;
    }
    for (const e of report.errors) process.stderr.write(`${describe(e, report.file)}\n`);
    for (const w of report.warnings) {
      process.stderr.write(`${describe(w, report.file)} ${paint('(warning)', 'yellow', process.stderr)}\n`);
    }
    if (report.valid) {
      const p = report.loaded!.pipeline;
      const actions = p.stages.reduce((n, s) => n + s.actions.length, 0);
      process.stdout.write(
        `${report.file}: pipeline ${p.name} is valid (${p.stages.length} stages, ${actions} actions)\n`,
      );
    } else {
      process.stderr.write(`${report.file}: ${report.errors.length} error${report.errors.length === 1 ? '' : 's'}\n`);
    }
  });
}

function registerPlan(pipeline: Command): void {
  const cmd = withFileArgument(pipeline.command('plan')).description(
    'Show what a run would do: stages, parallel groups, artifact and variable flow',
  );
  addOptions(cmd, PLAN_OPTIONS).action(async (file: string | undefined, raw: RawOptions) => {
    const ref = fileArgument(file, [raw.parameterOverrides, raw.variable, raw.source]);
    const { json, ...options } = fillOptions<PlanCliOptions>(PLAN_OPTIONS, raw, {});
    const { planPipelineFile } = await import('../../api/pipeline-plan.js');
    const plan = planPipelineFile(ref, options);
    process.exitCode = EXIT_OK;
    if (json) process.stdout.write(renderPlanJson(plan));
    else process.stdout.write(renderPlanText(plan, (t, style) => paint(t, style)));
  });
}

/**
 * Add `run`, `retry` and `approve` here (each from its own file exporting a RegisterPipelineSubcommand).
 */
export const PIPELINE_SUBCOMMANDS: RegisterPipelineSubcommand[] = [
  registerValidate,
  registerPlan,
  registerRun,
  registerRetry,
  registerApprove,
  registerStop,
  registerWatch,
  registerTransition,
  registerRollback,
  registerState,
];

export function register(program: Command): void {
  const pipeline = program
    .command('pipeline')
    .description('Validate, plan and run CodePipeline definitions (get-pipeline JSON or CloudFormation)');
  for (const add of PIPELINE_SUBCOMMANDS) add(pipeline);
}
