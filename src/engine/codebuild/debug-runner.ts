/**
 * The engine's side of debugging (docs/debugging.md), kept out of build-runner.ts: what happens
 * when a command fails under --shell-on-failure, and how the agent's pause/resume events reach
 * the API's hooks.
 */
import type { Container } from '../../runtime/index.js';
import type { AgentSession } from './agent-session.js';
import type { TextMasker } from './build-log.js';
import type { Deadline } from './deadline.js';
import type { BuildDebugOptions } from './debug-types.js';
import { failureLines } from './failure-lines.js';
import type { CommandExecutor } from './phase-runner.js';
import type { ScriptEntry } from './script-table.js';

/** Thrown to end the build after the debug shell (--stop-after-shell); the runner reports STOPPED. */
export class StopAfterShell extends Error {
  constructor(readonly failure: { phase: string; command: string; exitCode: number; lastLines: string[] }) {
    super('stopped after the debug shell (--stop-after-shell)');
  }
}

export interface FailureHandlerContext {
  debug: BuildDebugOptions | undefined;
  buildId: string;
  container: Container;
  masker: TextMasker;
  /** The build timeout: the user's time in a shell or hold does not count. */
  deadline: Deadline;
  /** The failure hold script (onFailure 'hold'). */
  holdScript?: ScriptEntry;
  /** Where the failed command's state is: env.sh (0.2) or env0.sh (0.1). */
  envFile: string;
  /** The phase type running now, e.g. BUILD. */
  phase(): string;
  executor: CommandExecutor;
}

/** The executor's commandFailed for --shell-on-failure; undefined when the build is not debugged that way. */
export function failureHandler(c: FailureHandlerContext): CommandExecutor['commandFailed'] {
  const debug = c.debug;
  if (!debug?.onFailure) return undefined;
  return async (entry, status, output, runAs) => {
    const phase = c.phase();
    const lastLines = failureLines(output, c.masker);
    debug.onEvent?.({ kind: 'failed', buildId: c.buildId, phase, command: entry.text, exitCode: status, lastLines });
    c.deadline.pause();
    try {
      if (debug.onFailure === 'shell' && debug.openShell) {
        await debug.openShell({
          buildId: c.buildId,
          container: c.container,
          phase,
          command: entry.text,
          exitCode: status,
          user: runAs,
          envFile: c.envFile,
        });
      } else if (c.holdScript) {
        // The hold runs as the failed command's user, from its state, so attach shells see that state.
        await c.executor.run(c.holdScript, runAs);
      }
    } finally {
      c.deadline.resume();
    }
    if (debug.stopAfter) throw new StopAfterShell({ phase, command: entry.text, exitCode: status, lastLines });
  };
}

/** Pause/resume event lines from debug-tools.ts become debug events. */
export function forwardAgentEvents(session: AgentSession, debug: BuildDebugOptions | undefined, buildId: string): void {
  if (!debug?.onEvent) return;
  const onEvent = debug.onEvent;
  session.onEvent = (name, args) => {
    if (name === 'pause')
      onEvent({ kind: 'paused', buildId, reason: args[0] === 'failure' ? 'failure' : 'breakpoint' });
    if (name === 'resume') onEvent({ kind: 'resumed', buildId, how: args[0] === 'timeout' ? 'timeout' : 'resumed' });
  };
}
