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

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface LintCliOptions {
  format: string;
  maxWarnings?: string;
  explain?: string;
  listRules?: boolean;
}

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function parseMaxWarnings(value: string | undefined): number {
  if (value === undefined) return Infinity;
  if (!/^\d+$/.test(value))
    throw new InputError('FLAG_INVALID', `--max-warnings expects a whole number, got '${value}'`);
  return Number(value);
}

export function register(program: Command): void {
  program
    .command('lint')
    .description('Check buildspecs, pipelines and templates for mistakes, without running anything')
    .argument('[paths...]', 'files or folders to check (default: the current folder)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'text')
    .option('--max-warnings <n>', 'also fail (exit 1) when there are more than n warnings')
    .option('--explain <rule>', 'print what a rule checks and how to fix what it reports')
    .option('--list-rules', 'list every rule with its default severity')
    .action(async (paths: string[], o: LintCliOptions) => {
      const format = FORMATS.find((f) => f === o.format) as Format | undefined;
      if (!format)
        throw new InputError('FLAG_INVALID', `--format must be one of ${FORMATS.join(', ')}, got '${o.format}'`);
      const maxWarnings = parseMaxWarnings(o.maxWarnings);
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
