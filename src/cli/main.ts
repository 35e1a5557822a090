#!/usr/bin/env node
/**
 * The codelocal command line: a thin commander layer over the public API (src/api).
 * Each command lives in src/cli/commands/<name>.ts and exports `register(program)`.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodelocalError } from '../errors.js';
import { exitCodeFor } from './exit-codes.js';
import { createLogger, EXIT_CLOSED_PIPE, requestStop, setLogger, type LogFormat } from '../util/index.js';
import { commands } from './commands/index.js';
import { addOptions, fillOptions, setField, type CliOptionTable } from './option-table.js';

interface GlobalOptions {
  logFormat?: LogFormat;
  logLevel?: string;
  cwd?: string;
}

/** Options every command takes (before or after its name): diagnostics and the working folder. */
export const GLOBAL_OPTIONS: CliOptionTable<GlobalOptions> = [
  {
    flags: '--log-format <format>',
    description: 'codelocal diagnostics as text or json (pino JSON lines on stderr)',
    defaultValue: 'text',
    fill: setField('logFormat'),
  },
  {
    flags: '--log-level <level>',
    description: 'diagnostic level: debug, info, warn, error',
    defaultValue: 'info',
    fill: setField('logLevel'),
  },
  { flags: '-C, --cwd <dir>', description: 'run as if started in this folder', fill: setField('cwd') },
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('codelocal')
    .description('Run AWS CodeBuild buildspecs and CodePipeline pipelines locally, in Docker.')
    .version(packageVersion(), '-V, --version');
  addOptions(program, GLOBAL_OPTIONS)
    // A mistyped flag gets its one-line error and the nearest flag, not the whole help after it
    // (the error would scroll away); `--help` is one word away.
    .showSuggestionAfterError(true)
    .exitOverride();
  program.hook('preAction', (cmd) => {
    const opts = fillOptions<GlobalOptions>(GLOBAL_OPTIONS, cmd.optsWithGlobals(), {});
    setLogger(createLogger({ format: opts.logFormat, level: opts.logLevel }));
    if (opts.cwd) process.chdir(opts.cwd);
  });
  for (const register of commands) register(program);
  return program;
}

/** Prints an error as the user should see it: message, position, details; never a stack (unless internal). */
export function reportError(error: unknown): void {
  if (error instanceof CommanderError) return; // commander already printed it
  if (error instanceof CodelocalError) {
    process.stderr.write(`codelocal: error ${error.code}: ${error.describe()}\n`);
    for (const d of error.details) process.stderr.write(`  ${d}\n`);
    if (error.kind === 'internal' && error.cause instanceof Error) process.stderr.write(`${error.cause.stack}\n`);
    return;
  }
  const e = error as Error;
  process.stderr.write(`codelocal: internal error: ${e?.message ?? String(error)}\n${e?.stack ?? ''}\n`);
}

/**
 * `codelocal ... | head` closes the pipe early. A run in progress is stopped as by SIGINT (its
 * containers removed, recorded as stopped) and the process exits 141, as shells report a process
 * ended by SIGPIPE (docs/endings.md); with nothing running it exits 141 at once. Later write
 * errors on the closed stream are ignored: the stop is already under way.
 */
function stopOnClosedPipe(): void {
  let closed = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (closed) return;
      if (e.code !== 'EPIPE') throw e;
      closed = true;
      if (!requestStop('SIGPIPE')) process.exit(EXIT_CLOSED_PIPE);
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    reportError(error);
    return exitCodeFor(error);
  }
}

/** True when this file is the program (not imported by tests or another module). */
function isDirectRun(): boolean {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]!) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

/** Runs the CLI as this process's program: the bundled entry (bin.ts) calls this, as does a direct run. */
export function runAsProgram(): void {
  stopOnClosedPipe();
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

// Run when executed directly (not when imported by tests).
if (isDirectRun()) runAsProgram();
