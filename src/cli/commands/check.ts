/**
 * `codelocal check [PATHS...]`: finds every buildspec, pipeline and template (lint's discovery), lints
 * and plans each, with `--run` builds each buildspec, and writes the reports CI systems read (docs/check.md).
 * The implementation loads inside the action, as every command's does, to keep start-up lean.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CheckOptions, CheckResult } from '../../api/index.js';
import { CodelocalError } from '../../errors.js';
import { EXIT_FAILED } from '../exit-codes.js';
import { printJson } from '../output.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from '../option-table.js';
import { parseMaxParallel } from '../option-values.js';
import { parseImageMapFlags } from '../../images/index.js';
import { renderCheckSummary } from '../render/check-summary.js';
import { jsonOption, stateDirOption } from './common-options.js';

interface CheckCliOptions extends CheckOptions {
  junit?: string;
  sarif?: string;
  codequality?: string;
  json?: boolean;
  shardText?: string;
}

export const CHECK_OPTIONS: CliOptionTable<CheckCliOptions> = [
  { flags: '--run', description: 'also run each buildspec as a build', fill: setField('run') },
  {
    flags: '--max-parallel <n>',
    description: 'builds at once with --run (default 2)',
    fill: (out, raw: string | undefined) => raw !== undefined && (out.maxParallel = parseMaxParallel(raw)),
  },
  {
    flags: '--fail-fast',
    description: 'stop at the first failure: running builds are stopped, the rest skipped',
    fill: setField('failFast'),
  },
  {
    flags: '--changed-since <ref>',
    description: 'only what `git diff REF...HEAD` and uncommitted changes touch',
    fill: setField('changedSince'),
  },
  {
    flags: '--shard <i/n>',
    description: 'check only the i-th of n stable parts (CI matrix)',
    fill: setField('shardText'),
  },
  { flags: '--junit <file>', description: 'write JUnit XML (one test case per item)', fill: setField('junit') },
  { flags: '--sarif <file>', description: 'write the lint findings as SARIF 2.1.0', fill: setField('sarif') },
  {
    flags: '--codequality <file>',
    description: "write GitLab's code quality JSON (findings and failures)",
    fill: setField('codequality'),
  },
  {
    flags: '--local-aws',
    description: 'give every build the local AWS stand-ins (builds a pipeline runs always get them)',
    fill: setField('localAws'),
  },
  {
    flags: '--stubs <file>',
    description: 'parameter/secret stub file for the builds, YAML or JSON (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.stubFiles = raw.length ? raw : undefined),
  },
  {
    flags: '--image-map <AWS=LOCAL>',
    description: 'map an AWS image name to a local image (repeatable)',
    repeatable: true,
    fill: (out, raw: string[]) => (out.imageMap = raw.length ? parseImageMapFlags(raw) : undefined),
  },
  stateDirOption(),
  jsonOption('print the check result as JSON on stdout (codelocal shape, docs/check.md)'),
];

const EXAMPLES = `
Examples:
  codelocal check                                   # lint + plan everything under the current folder
  codelocal check --run --max-parallel 4 --junit junit.xml --sarif check.sarif
  codelocal check --changed-since origin/main --run # only what the branch touched
  codelocal check --shard 2/3 --run                 # the second of three CI machines
`;

function write(file: string, text: string): void {
  const abs = resolve(file);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

function toolVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
}

async function writeReports(result: CheckResult, o: CheckCliOptions): Promise<void> {
  const check = await import('../../api/check/index.js');
  if (o.junit) write(o.junit, check.toJunit(result));
  if (o.sarif) {
    const { formatSarif } = await import('../../lint/index.js');
    write(o.sarif, formatSarif(result.lint, toolVersion()));
  }
  if (o.codequality) write(o.codequality, JSON.stringify(check.toCodeQuality(result), null, 2) + '\n');
  // With --json, stdout is the JSON document: the annotations go to stderr, which the runner reads too.
  const annotations = o.json ? process.stderr : process.stdout;
  if (process.env.GITHUB_ACTIONS === 'true') annotations.write(check.toGithubAnnotations(result));
}

/** The JSON view: no absolute paths, logs or project objects (they are in the JUnit report and history). */
function jsonView(result: CheckResult): object {
  return {
    discovered: result.discovered,
    shard: result.shard,
    changedSince: result.changedSince,
    ran: result.ran,
    counts: result.counts,
    durationMs: result.durationMs,
    items: result.items.map((r) => ({
      file: r.item.file,
      kind: r.item.kind,
      status: r.status,
      steps: r.steps,
      failure: r.failure,
      skipped: r.skipped,
      durationMs: r.durationMs,
      buildId: r.buildId,
      buildStatus: r.buildStatus,
      project: r.item.projectWhere,
      findings: r.findings,
    })),
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('check')
    .description('Lint, plan and (--run) build every buildspec and pipeline under the paths, with CI reports')
    .argument('[paths...]', 'files or folders to check (default: the current folder)');
  addOptions(cmd, CHECK_OPTIONS)
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const o = fillOptions<CheckCliOptions>(CHECK_OPTIONS, raw, { paths });
      const check = await import('../../api/check/index.js');
      if (o.shardText !== undefined) o.shard = check.parseShard(o.shardText);
      const progress = process.stderr;
      const result = await check.runCheck({
        ...o,
        onItem: (event, r) => {
          if (event === 'start') progress.write(`codelocal: building ${r.item.file}\n`);
          else progress.write(`codelocal: ${r.item.file}: ${r.buildStatus ?? r.status}\n`);
        },
      });
      await writeReports(result, o);
      if (o.json) printJson(jsonView(result));
      else process.stdout.write(renderCheckSummary(result));
      const blocking = result.items.map((r) => r.error).find((e) => e instanceof CodelocalError && e.kind !== 'failed');
      if (blocking) throw blocking;
      if (result.counts.failed > 0) process.exitCode = EXIT_FAILED;
    });
}
