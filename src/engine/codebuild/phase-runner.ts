/**
 * Runs one buildspec phase: its commands until the first failure, then `finally`, with
 * `on-failure: RETRY...` around both (docs/aws/codebuild.md §1.8, §2.3, §8 items 5, 6, 11).
 *
 * UNCERTAIN (docs/aws/codebuild.md §1.8, §9), our choices, documented in docs/fidelity.md:
 *  - RETRY re-runs the whole phase, `finally` included.
 *  - A RETRY regex is matched against the failed phase's error message and the output of the
 *    failing command; `RETRY-<regex>` without a count retries up to 3 times.
 *  - A failing `finally` command stops the rest of `finally`, like `commands`.
 */
import { type BuildspecPhase, PHASE_TYPES } from '../../model/index.js';
import type { PhaseContext } from './build-types.js';
import type { ScriptEntry } from './script-table.js';

export interface PhaseScripts {
  phase: BuildspecPhase;
  commands: ScriptEntry[];
  finally: ScriptEntry[];
}

/** The command of a list that failed, its exit status and the tail of its output. */
export interface ListFailure {
  entry: ScriptEntry;
  status: number;
  output: string;
}

export interface CommandExecutor {
  /** Runs one script, streaming its output to the log; resolves with its exit status. */
  run(entry: ScriptEntry, runAs: string | undefined): Promise<{ status: number; output: string }>;
  /**
   * Runs scripts in order up to the first that fails, calling `started` right before each one's output, as
   * `run` one after the other would, but without waiting on the host between them. Optional: without it the
   * list runs one `run` at a time.
   */
  runAll?(
    list: ScriptEntry[],
    runAs: string | undefined,
    started: (entry: ScriptEntry) => void,
  ): Promise<ListFailure | undefined>;
  /** `[Container]` line. */
  log(message: string): void;
  /**
   * Called right after a command fails, before `finally` or anything else runs, so a debug shell
   * sees the state the failure left (--shell-on-failure). May throw to end the build.
   */
  commandFailed?(entry: ScriptEntry, status: number, output: string, runAs: string | undefined): Promise<void>;
}

export interface PhaseOutcome {
  failed: boolean;
  context?: PhaseContext;
  failedCommand?: string;
  exitCode?: number;
  /** The failing command's own output (the tail), for the failure summary. */
  output?: string;
  attempts: number;
}

interface ListOutcome {
  failed: boolean;
  command?: string;
  exitCode?: number;
  output?: string;
}

async function oneByOne(
  list: ScriptEntry[],
  runAs: string | undefined,
  exec: CommandExecutor,
  started: (entry: ScriptEntry) => void,
): Promise<ListFailure | undefined> {
  for (const entry of list) {
    started(entry);
    const { status, output } = await exec.run(entry, runAs);
    if (status !== 0) return { entry, status, output };
  }
  return undefined;
}

async function runList(list: ScriptEntry[], runAs: string | undefined, exec: CommandExecutor): Promise<ListOutcome> {
  const started = (entry: ScriptEntry) => exec.log(`Running command ${entry.text}`);
  const failure = exec.runAll ? await exec.runAll(list, runAs, started) : await oneByOne(list, runAs, exec, started);
  if (!failure) return { failed: false };
  const { entry, status, output } = failure;
  exec.log(`Command did not exit successfully ${entry.text} exit status ${status}`);
  await exec.commandFailed?.(entry, status, output, runAs);
  return { failed: true, command: entry.text, exitCode: status, output };
}

export function commandFailureContext(command: string, exitCode: number): PhaseContext {
  return {
    statusCode: 'COMMAND_EXECUTION_ERROR',
    message: `Error while executing command: ${command}. Reason: exit status ${exitCode}`,
  };
}

export async function runPhase(
  scripts: PhaseScripts,
  defaultRunAs: string | undefined,
  exec: CommandExecutor,
): Promise<PhaseOutcome> {
  const { phase } = scripts;
  const runAs = phase.runAs ?? defaultRunAs;
  const retry = phase.onFailure?.kind === 'RETRY' ? phase.onFailure : undefined;
  const maxAttempts = 1 + (retry ? retry.count : 0);
  let attempt = 0;
  for (;;) {
    attempt++;
    const main = await runList(scripts.commands, runAs, exec);
    const fin = await runList(scripts.finally, runAs, exec);
    const first = main.failed ? main : fin;
    if (!first.failed) return { failed: false, attempts: attempt };
    const context = commandFailureContext(first.command ?? '', first.exitCode ?? 1);
    const matches = !retry?.regex || new RegExp(retry.regex).test(`${context.message}\n${first.output ?? ''}`);
    if (attempt < maxAttempts && matches) {
      exec.log(`Phase ${PHASE_TYPES[phase.name]} failed, retrying: attempt ${attempt + 1} of ${maxAttempts}`);
      continue;
    }
    return {
      failed: true,
      context,
      failedCommand: first.command,
      exitCode: first.exitCode,
      output: first.output,
      attempts: attempt,
    };
  }
}
