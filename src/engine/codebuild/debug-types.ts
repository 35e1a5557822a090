/**
 * What the build engine offers for debugging (docs/debugging.md): hooks the API layer fills in.
 * The engine knows when a command fails or a breakpoint holds; opening a terminal, recording the
 * session in the state folder and printing instructions belong to the API/CLI.
 */
import type { Container } from '../../runtime/index.js';
import type { PauseReason } from './debug-tools.js';

/** The failed command a debug shell is opened for. */
export interface FailedCommandTarget {
  buildId: string;
  container: Container;
  /** Phase type, e.g. BUILD. */
  phase: string;
  command: string;
  exitCode: number;
  /** The `run-as` user of the command, if any: the shell runs as that user too. */
  user?: string;
  /** The environment file the command's state is in (env.sh for 0.2, env0.sh for 0.1). */
  envFile: string;
}

export type DebugEvent =
  | { kind: 'failed'; buildId: string; phase: string; command: string; exitCode: number; lastLines: string[] }
  | { kind: 'paused'; buildId: string; reason: PauseReason }
  | { kind: 'resumed'; buildId: string; how: 'resumed' | 'timeout' };

/** Where a build runs, once its agent answers (so `codelocal attach`/`resume` from elsewhere find it). */
export interface BuildContainerInfo {
  buildId: string;
  containerId: string;
  nonce: string;
  /** `/codebuild/output/src<N>` of this container (a reused build must use the same). */
  srcRoot: string;
  image: string;
}

export interface BuildDebugOptions {
  /**
   * On a failed command, before `finally` and later phases: `shell` calls openShell (a terminal is
   * there); `hold` keeps the build paused in the container for holdSeconds, until resumed, so
   * `codelocal attach` can open a shell from another terminal.
   */
  onFailure?: 'shell' | 'hold';
  holdSeconds?: number;
  /** After the shell or hold, end the build (STOPPED) instead of going on as CodeBuild would. */
  stopAfter?: boolean;
  openShell?(target: FailedCommandTarget): Promise<void>;
  onContainer?(info: BuildContainerInfo): void;
  onEvent?(event: DebugEvent): void;
}

/** A kept container to run in again (`--reuse BUILD_ID`). */
export interface ReuseTarget {
  containerId: string;
  nonce: string;
  srcRoot: string;
  image: string;
}

/** How long a non-interactive --shell-on-failure pause waits for `codelocal attach`/`resume`. */
export { DEFAULT_SHELL_WAIT_SECONDS } from '../../model/index.js';
