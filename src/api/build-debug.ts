/**
 * The API side of build debugging (docs/debugging.md): records where each build runs in the state
 * folder, prints how to attach and resume, and opens the shell of --shell-on-failure when a
 * terminal is there. The engine calls these hooks (src/engine/codebuild/debug-types.ts).
 */
import { hostname } from 'node:os';
import { DEFAULT_SHELL_WAIT_SECONDS, type BuildDebugOptions, type DebugEvent } from '../engine/codebuild/index.js';
import { BuildSessions, type StateDir } from '../workspace/index.js';
import { openDebugShell, type ShellIO } from './debug-shell.js';

export interface DebugRunOptions {
  /** Open a shell when a command fails, before `finally` and later phases run. */
  shellOnFailure?: boolean;
  /** End the build (STOPPED) when that shell closes, instead of going on. */
  stopAfterShell?: boolean;
  /** Without a terminal: how long a failed build waits for `codelocal attach`/`resume` (default 300). */
  shellWaitSeconds?: number;
  /** A terminal is there to open the shell in (default: stdin is a TTY). */
  interactive?: boolean;
  shellIO?: ShellIO;
  /** Where debug notices go (default: stderr). */
  notice?: (text: string) => void;
}

export { DEFAULT_SHELL_WAIT_SECONDS };

export function debugHooks(state: StateDir, o: DebugRunOptions & { keep: boolean }): BuildDebugOptions {
  const sessions = new BuildSessions(state);
  const say = o.notice ?? ((t: string) => process.stderr.write(t));
  const interactive = o.interactive ?? Boolean((o.shellIO?.input ?? process.stdin).isTTY);
  const wait = o.shellWaitSeconds ?? DEFAULT_SHELL_WAIT_SECONDS;
  const stateFlag = state.source === 'flag' ? ` --state-dir ${state.root}` : '';
  const how = (id: string) =>
    `open a shell with \`codelocal attach ${id}${stateFlag}\`, continue with \`codelocal resume ${id}${stateFlag}\``;
  const then = o.stopAfterShell ? 'the build stops' : 'the build goes on as CodeBuild would';

  return {
    onFailure: o.shellOnFailure ? (interactive ? 'shell' : 'hold') : undefined,
    holdSeconds: wait,
    stopAfter: o.stopAfterShell,
    onContainer: (info) => {
      const now = Date.now();
      sessions.write({
        ...info,
        keep: o.keep,
        state: 'running',
        pid: process.pid,
        host: hostname(),
        startTime: now,
        updatedTime: now,
      });
    },
    onEvent: (e: DebugEvent) => {
      if (e.kind === 'failed') {
        say(`\ncodelocal: \`${e.command}\` failed in ${e.phase} (exit status ${e.exitCode})\n`);
      } else if (e.kind === 'paused') {
        sessions.update(e.buildId, { state: 'paused', pausedReason: e.reason });
        const what = e.reason === 'breakpoint' ? 'at codebuild-breakpoint' : `for up to ${wait} s after the failure`;
        say(`codelocal: build ${e.buildId} paused ${what}: ${how(e.buildId)}\n`);
      } else {
        sessions.update(e.buildId, { state: 'running', pausedReason: undefined });
        say(
          `codelocal: build ${e.buildId} ${e.how === 'timeout' ? `waited ${wait} s; nobody resumed it, so` : 'resumed;'} it goes on\n`,
        );
      }
    },
    openShell: async (t) => {
      say(`codelocal: shell where it failed (exit status ${t.exitCode}); when you leave it, ${then}\n`);
      await openDebugShell(t.container, {
        io: o.shellIO,
        user: t.user,
        envFile: t.envFile,
        title: `${t.buildId.split(':')[0]} ${t.phase}`,
      });
      say(`codelocal: shell closed; ${then}\n`);
    },
  };
}

/** After the build: the record says how it ended, and a kept container says how to get back in. */
export function recordBuildEnd(
  state: StateDir,
  buildId: string,
  status: string,
  keep: boolean,
  notice?: (t: string) => void,
): void {
  const s = new BuildSessions(state).update(buildId, { state: 'finished', status, keep, pausedReason: undefined });
  if (s && keep) {
    const flag = state.source === 'flag' ? ` --state-dir ${state.root}` : '';
    (notice ?? ((t: string) => process.stderr.write(t)))(
      `codelocal: container kept: \`codelocal attach ${buildId}${flag}\` opens a shell, \`codelocal build --reuse ${buildId}\` runs in it again, \`codelocal clean\` removes it\n`,
    );
  }
}
