/**
 * `codelocal lint [PATHS...]`: checks buildspecs, pipeline JSON, CloudFormation templates and project
 * files without starting a container. The implementation is imported inside the action so that the
 * other commands pay nothing for it, and it pays nothing for them beyond what index.ts loads.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { EXIT_FAILED } from '../exit-codes.js';
import { paint } from '../output.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface LintCliOptions {
  format: Format;
  /** Infinity when not given. */
  maxWarnings: number;
  explain?: string;
  listRules?: boolean;
}

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function parseFormat(value: string): Format {
  const format = FORMATS.find((f) => f === value);
  if (!format) throw new InputError('FLAG_INVALID', `--format must be one of ${FORMATS.join(', ')}, got '${value}'`);
  return format;
}

function parseMaxWarnings(value: string | undefined): number {
  if (value === undefined) return Infinity;
  if (!/^\d+$/.test(value))
    throw new InputError('FLAG_INVALID', `--max-warnings expects a whole number, got '${value}'`);
  return Number(value);
}

export const LINT_OPTIONS: CliOptionTable<LintCliOptions> = [
  {
    flags: '--format <format>',
    description: `output format: ${FORMATS.join(', ')}`,
    defaultValue: 'text',
    fill: (out, raw: string) => (out.format = parseFormat(raw)),
  },
  {
    flags: '--max-warnings <n>',
    description: 'also fail (exit 1) when there are more than n warnings',
    fill: (out, raw: string | undefined) => (out.maxWarnings = parseMaxWarnings(raw)),
  },
  {
    flags: '--explain <rule>',
    description: 'print what a rule checks and how to fix what it reports',
    fill: setField('explain'),
  },
  { flags: '--list-rules', description: 'list every rule with its default severity', fill: setField('listRules') },
];

export function register(program: Command): void {
  const cmd = program
    .command('lint')
    .description('Check buildspecs, pipelines and templates for mistakes, without running anything')
    .argument('[paths...]', 'files or folders to check (default: the current folder)');
  addOptions(cmd, LINT_OPTIONS).action(async (paths: string[], raw: Record<string, unknown>) => {
    const o = fillOptions<LintCliOptions>(LINT_OPTIONS, raw, { format: 'text', maxWarnings: Infinity });
    const { format, maxWarnings } = o;
    const lintModule = await import('../../lint/index.js');
    if (o.explain !== undefined) {
      process.stdout.write(lintModule.explainRule(o.explain));
      return;
    }
    if (o.listRules) {
      process.stdout.write(lintModule.listRules());
      return;
    }
    const result = lintModule.lint({ paths });
    if (format === 'json') process.stdout.write(lintModule.formatJson(result));
    else if (format === 'sarif') process.stdout.write(lintModule.formatSarif(result, toolVersion()));
    else process.stdout.write(lintModule.formatText(result, (t, c) => paint(t, c)));
    if (result.counts.error > 0 || result.counts.warning > maxWarnings) process.exitCode = EXIT_FAILED;
  });
}
