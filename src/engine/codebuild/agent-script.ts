/**
 * The in-container agent: a small POSIX sh loop that is the build container's main process.
 *
 * Why a loop instead of one `docker exec` per command: an exec costs tens of milliseconds, a
 * fork inside the container well under one. The host drives the agent over the attached
 * stdin and reads results from stdout, so a 100-command buildspec costs about what running
 * the same commands in one shell costs (bench/build-100-commands.mjs).
 *
 * Protocol (one request per stdin line):
 *   R <n> <shell> <mode> <user>
 *                         run the header + /codebuild/codelocal/mem/cmd/<n>.sh as script.sh with <shell>;
 *                         mode `keep` persists env + cwd (buildspec 0.2), `fresh` starts from
 *                         the initial environment (0.1); <user> is `-` or the `run-as` user
 *   B <shell> <mode> <user> <n>...
 *                         run the command scripts <n>... in order as R would, up to the first that fails:
 *                         before each, `\x1eCODELOCAL <nonce> start <n>`; after each, its result line. One
 *                         request per list of a phase, so the host does not sit between two commands.
 *   A <text>              append <text> as a line to both env files (e.g. flip CODEBUILD_BUILD_SUCCEEDING)
 *   P                     ping: answer with a done line (used to know the agent is ready)
 *   Q                     quit
 *   G                     (to the bootstrap, before the agent runs) the files are in: move the staged ones
 *                         into place (`untar <status>`) and go on
 * After each R/P the agent prints, on stdout, a newline then `\x1eCODELOCAL <nonce> <n> <status>`.
 * The nonce is per build, so command output cannot forge a result line. The debug helpers
 * (debug-tools.ts) print `\x1eCODELOCAL <nonce> event <name> <args...>` lines the same way.
 * A kept build (--keep) is left with the agent waiting on its stdin: the host detaches instead of
 * sending Q, so `--reuse` can attach and drive the same agent again.
 *
 * Command output (stdout and stderr, merged in order as in CodeBuild's log) goes to the agent's
 * stdout. Each command runs the way CodeBuild's agent does (docs/aws/codebuild.md §2.3): the user's text sits on
 * line 4 of /codebuild/output/tmp/script.sh, so shell errors read `script.sh: 4: ...`; plain
 * assignments persist because the script runs with `set -a`; arrays, functions and shell options
 * do not persist because each command is a new shell process.
 *
 * The scripts themselves are files under src/guest/files/codebuild/ (read through src/guest/index.ts); the
 * paths below are written in them as they are here, which test/unit/guest/guest-files.test.ts checks.
 */
import { commandHeader, guestFile } from '../../guest/index.js';

/** CodeBuild's folder of the running command's script.sh and the shell state env.sh (docs/aws/codebuild.md §2.3). */
export const AGENT_DIR = '/codebuild/output/tmp';
/**
 * codelocal's own in-memory folder (a tmpfs in a build that is not kept, build-container.ts): the command texts
 * (cmd/<n>.sh), the initial environment, and what AGENT_DIR's script.sh and env.sh link to. Each command rewrites
 * those two; on the container's overlay file system that cost ~0.3 ms a command (docs/performance.md, change 18).
 * AGENT_DIR itself stays on disk, as on CodeBuild: what a build puts there counts against its disk, not its memory.
 */
export const MEMORY_DIR = '/codebuild/codelocal/mem';
/**
 * Where the engine's archive upload puts MEMORY_DIR's files when the image has no GNU tar (files-delivery.ts): the
 * upload cannot reach a tmpfs in a running container, so the bootstrap moves them in.
 */
export const STAGED_MEMORY_DIR = '/codebuild/codelocal/staged-mem';
export const AGENT_PATH = '/codebuild/codelocal/agent.sh';
/** Lines 1-3 of every script.sh; the agent puts them before each command's text (cmd/<n>.sh). */
export const COMMAND_HEADER_PATH = '/codebuild/codelocal/command-header.sh';
/** The shell state as commands and users see it: a link to MEMORY_DIR/env.sh. */
export const ENV_FILE = `${AGENT_DIR}/env.sh`;
export const ENV0_FILE = `${MEMORY_DIR}/env0.sh`;
/** The running command's script as commands and users see it: a link to MEMORY_DIR/script.sh. */
export const SCRIPT_FILE = `${AGENT_DIR}/script.sh`;
export const SENTINEL_PREFIX = '\u001eCODELOCAL ';

/** Variables the agent uses for itself; never shown to users or exported. */
export const AGENT_VARIABLES = ['CODELOCAL_RC', 'CODELOCAL_PWD', 'CODELOCAL_NONCE', 'CODELOCAL_PRIVILEGED'];

/**
 * The container's command: src/guest/files/codebuild/bootstrap.sh as `sh -c`. It answers `files 0` (send the
 * files' tar on stdin, then wait for `untar <status>`) or `files 1` (no GNU tar: upload them through the engine,
 * then send `G`), and then runs the agent.
 */
export function bootstrapCommand(): string[] {
  return ['/bin/sh', '-c', guestFile('codebuild/bootstrap.sh')];
}

/** The agent itself: src/guest/files/codebuild/agent.sh. */
export function agentScript(): string {
  return guestFile('codebuild/agent.sh');
}

/**
 * The script.sh the agent assembles for one command: COMMAND_HEADER_PATH's three lines, then the user's text
 * (cmd/<n>.sh) on line 4 (CodeBuild's layout), so error messages carry the same line number as in the cloud;
 * lines 1-3 are src/guest/files/codebuild/command-header.sh.
 */
export function commandScript(text: string): string {
  return `${commandHeader()}${commandFile(text)}`;
}

/** The file cmd/<n>.sh: the command's text alone. */
export function commandFile(text: string): string {
  return `${text}\n`;
}

/** Quote a value for sh: single quotes, embedded quotes closed and escaped. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The initial environment file: every build variable, exported, plus the start directory. */
export function initialEnvFile(env: Record<string, string>, startDir: string): string {
  const lines = Object.entries(env).map(([k, v]) => `export ${k}=${shQuote(v)}`);
  lines.push(`export CODELOCAL_PWD=${shQuote(startDir)}`);
  return lines.join('\n') + '\n';
}
