/**
 * Every option of every command is declared once, in an option table (issue 10): no command calls
 * commander's `.option(` / `.requiredOption(` itself, and each command's `--help` lists exactly the
 * flags of the tables it was given (plus commander's own --help and --version).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';
import { declaredOptions } from '../../../src/cli/option-table.js';

const CLI_DIR = new URL('../../../src/cli/', import.meta.url).pathname;
const COMMANDER_OWN = new Set(['-h, --help', '-V, --version']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function allCommands(cmd: Command, path: string[] = []): { path: string; cmd: Command }[] {
  return [
    { path: path.join(' ') || '(program)', cmd },
    ...cmd.commands.flatMap((c) => allCommands(c, [...path, c.name()])),
  ];
}

/** The flags column of the help's Options section (wrapped description lines start with more spaces). */
function helpFlags(cmd: Command): string[] {
  const text = cmd.helpInformation();
  const section = text.slice(text.indexOf('\nOptions:\n') + '\nOptions:\n'.length).split('\n\n')[0]!;
  return section
    .split('\n')
    .map((line) => /^ {2}(-\S.*?)(?: {2,}|$)/.exec(line)?.[1])
    .filter((f): f is string => f !== undefined && !COMMANDER_OWN.has(f));
}

describe('option tables', () => {
  it('no file in src/cli declares an option with commander directly (only option-table.ts does)', () => {
    const offenders = sourceFiles(CLI_DIR)
      .filter((f) => !f.endsWith('/option-table.ts'))
      .filter((f) => /\.(option|requiredOption)\(/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(CLI_DIR.length));
    expect(offenders).toEqual([]);
  });

  it('finds the commands it checks', () => {
    const paths = allCommands(buildProgram()).map((c) => c.path);
    for (const p of ['attach', 'clean', 'doctor', 'executions list', 'images resolve', 'lint', 'pipeline plan'])
      expect(paths).toContain(p);
    expect(paths).toContain('resume');
  });

  for (const { path, cmd } of allCommands(buildProgram())) {
    it(`${path}: --help lists exactly its table's flags, and commander knows no others`, () => {
      const table = declaredOptions(cmd).map((o) => o.flags);
      expect(helpFlags(cmd)).toEqual(table);
      expect(cmd.options.map((o) => o.flags).filter((f) => !COMMANDER_OWN.has(f))).toEqual(table);
    });
  }
});
