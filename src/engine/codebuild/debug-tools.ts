/**
 * In-container helpers for debugging a build (docs/debugging.md), shipped in the agent's initial
 * tar so they cost nothing per command:
 *
 *   /usr/local/bin/codebuild-breakpoint  CodeBuild's Session Manager breakpoint: holds the build
 *   /usr/local/bin/codebuild-resume      ends the hold (also `codelocal resume BUILD_ID` from the host)
 *   /codebuild/codelocal/pause.sh        the hold itself, shared by breakpoints and --shell-on-failure
 *                                        when no terminal is there to open a shell in
 *   /codebuild/codelocal/shell.sh        the shell `codelocal attach` and --shell-on-failure open
 *
 * Why a marker file and not a FIFO: a FIFO writer blocks when the reader is gone (a killed
 * breakpoint), and `rm` of a marker is something both `codebuild-resume` and a host `docker exec`
 * can do without knowing who is waiting. The hold polls every 0.2 s, so resuming feels immediate.
 *
 * The host learns about a hold from an event line on the agent's stdout
 * (`\x1eCODELOCAL <nonce> event pause <reason>` / `event resume <how>`; see agent-session.ts), written to
 * PID 1's stdout when allowed so that `codebuild-breakpoint > /dev/null` still reaches the host.
 *
 * The scripts are files under src/guest/files/codebuild/ (read through src/guest/index.ts). The debug shell
 * is bash when the image has it: it reads both the `export X='v'` lines dash's `export -p` writes and the
 * `declare -x` lines of builds with `env: shell: bash`. The paths below are written in the scripts as
 * they are here (test/unit/guest/guest-files.test.ts checks).
 */
import { guestFile } from '../../guest/index.js';
import type { InMemoryFile } from '../source/index.js';
import { MEMORY_DIR } from './agent-script.js';

/** A hold's state: the paused command's environment (secrets included) lives in memory, as env.sh does. */
export const DEBUG_DIR = `${MEMORY_DIR}/debug`;
export const PAUSED_MARKER = `${DEBUG_DIR}/paused`;
export const PAUSE_SCRIPT = '/codebuild/codelocal/pause.sh';
export const SHELL_SCRIPT = '/codebuild/codelocal/shell.sh';
export const BREAKPOINT_BIN = '/usr/local/bin/codebuild-breakpoint';
export const RESUME_BIN = '/usr/local/bin/codebuild-resume';
/** CodeBuild's cache-key helper, in every build container whatever its image (docs/fidelity.md). */
export const HASH_FILES_BIN = '/usr/local/bin/codebuild-hash-files';

/** Why the build holds: a `codebuild-breakpoint` command, or a failed command under --shell-on-failure. */
export type PauseReason = 'breakpoint' | 'failure';

/**
 * The files for the agent's initial tar (paths without the leading slash), and the hold's folder, open to every
 * user: a breakpoint in a `run-as` phase runs as that user (docs/aws/codebuild.md §1.4).
 */
export function debugToolFiles(): InMemoryFile[] {
  return [
    { path: DEBUG_DIR.slice(1), directory: true, mode: 0o777 },
    { path: PAUSE_SCRIPT.slice(1), content: guestFile('codebuild/pause.sh'), mode: 0o755 },
    { path: SHELL_SCRIPT.slice(1), content: guestFile('codebuild/shell.sh'), mode: 0o755 },
    { path: BREAKPOINT_BIN.slice(1), content: guestFile('codebuild/codebuild-breakpoint.sh'), mode: 0o755 },
    { path: RESUME_BIN.slice(1), content: guestFile('codebuild/codebuild-resume.sh'), mode: 0o755 },
    { path: HASH_FILES_BIN.slice(1), content: guestFile('codebuild/codebuild-hash-files.sh'), mode: 0o755 },
  ];
}

/** The command that holds the build after a failed command (a quiet script; see build-runner.ts). */
export function failureHoldCommand(maxSeconds: number): string {
  return `/bin/sh ${PAUSE_SCRIPT} ${Math.max(1, Math.floor(maxSeconds))} failure`;
}

/** The exec argv of the debug shell. */
export const SHELL_ARGV = ['/bin/sh', SHELL_SCRIPT];

/** The exec argv that resumes a held build from the host; exit 1 when nothing was held. */
export const RESUME_ARGV = ['/bin/sh', RESUME_BIN];
