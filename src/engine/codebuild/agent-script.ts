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
 *                         run /codebuild/output/tmp/cmd/<n>.sh as script.sh with <shell>;
 *                         mode `keep` persists env + cwd (buildspec 0.2), `fresh` starts from
 *                         the initial environment (0.1); <user> is `-` or the `run-as` user
 *   A <text>              append <text> as a line to both env files (e.g. flip CODEBUILD_BUILD_SUCCEEDING)
 *   P                     ping: answer with a done line (used to know the agent is ready)
 *   Q                     quit
 * After each R/P the agent prints, on stdout, a newline then `\x1eCODELOCAL <nonce> <n> <status>`.
 * The nonce is per build, so command output cannot forge a result line. The debug helpers
 * (debug-tools.ts) print `\x1eCODELOCAL <nonce> event <name> <args...>` lines the same way.
 * A kept build (--keep) is left with the agent waiting on its stdin: the host detaches instead of
 * sending Q, so `--reuse` can attach and drive the same agent again.
 *
 * Command output (stdout and stderr, merged in order as in CodeBuild's log) goes to the agent's
 * stdout. Each command runs the way CodeBuild's agent does (codebuild.md §2.3): the user's text sits on
 * line 4 of /codebuild/output/tmp/script.sh, so shell errors read `script.sh: 4: ...`; plain
 * assignments persist because the script runs with `set -a`; arrays, functions and shell options
 * do not persist because each command is a new shell process.
 */

export const AGENT_DIR = '/codebuild/output/tmp';
export const AGENT_PATH = '/codebuild/codelocal/agent.sh';
export const ENV_FILE = `${AGENT_DIR}/env.sh`;
export const ENV0_FILE = `${AGENT_DIR}/env0.sh`;
export const SCRIPT_FILE = `${AGENT_DIR}/script.sh`;
export const SENTINEL_PREFIX = '\u001eCODELOCAL ';

/** Variables the agent uses for itself; never shown to users or exported. */
export const AGENT_VARIABLES = ['CODELOCAL_RC', 'CODELOCAL_PWD', 'CODELOCAL_NONCE', 'CODELOCAL_PRIVILEGED'];

export function agentScript(): string {
  return `#!/bin/sh
# codelocal build agent (generated; see src/engine/codebuild/agent-script.ts)
T=${AGENT_DIR}
if [ "$CODELOCAL_PRIVILEGED" = 1 ] && [ -x /usr/local/bin/dockerd-entrypoint.sh ]; then
  # As CodeBuild's images do in privileged mode: start dockerd, wait for it, then go on.
  /usr/local/bin/dockerd-entrypoint.sh true >/tmp/codelocal-dockerd-entrypoint.log 2>&1
fi
# A kept container that is started again (\`codelocal attach\`, --reuse) keeps the shell state it had;
# a hold cannot survive a restart, so its marker goes.
[ -f "$T/env.sh" ] || cp "$T/env0.sh" "$T/env.sh"
[ ! -e "$T/debug/paused" ] || rm -f "$T/debug/paused"
done_line() { printf '\\n\\036CODELOCAL %s %s %s\\n' "$CODELOCAL_NONCE" "$1" "$2"; }
while IFS= read -r line; do
  case "$line" in
    R\\ *)
      set -- $line
      n=$2; sh_=$3; mode=$4; user=$5
      # Copy with builtins only: no fork for the copy.
      while IFS= read -r l || [ -n "$l" ]; do printf '%s\\n' "$l"; done < "$T/cmd/$n.sh" > "$T/script.sh"
      if [ "$mode" = fresh ]; then CODELOCAL_ENV="$T/env0.sh"; else CODELOCAL_ENV="$T/env.sh"; fi
      if [ "$user" = - ] || [ -z "$user" ]; then
        CODELOCAL_ENV="$CODELOCAL_ENV" CODELOCAL_MODE="$mode" "$sh_" "$T/script.sh" </dev/null 2>&1
      else
        # run-as (codebuild.md §1.4): the user gets read/run access to the files it needs.
        chmod 0666 "$T/env.sh" "$T/env0.sh" "$T/script.sh" 2>/dev/null
        CODELOCAL_ENV="$CODELOCAL_ENV" CODELOCAL_MODE="$mode" su -p -s "$(command -v "$sh_")" "$user" -c "$sh_ $T/script.sh" </dev/null 2>&1
      fi
      done_line "$n" "$?"
      ;;
    A\\ *)
      printf '%s\\n' "\${line#A }" >> "$T/env.sh"
      printf '%s\\n' "\${line#A }" >> "$T/env0.sh"
      ;;
    P*) done_line ping 0 ;;
    Q*) exit 0 ;;
  esac
done
`;
}

/**
 * The script for one command. Line 4 is the user's text (CodeBuild's layout), so error
 * messages carry the same line number as in the cloud.
 */
export function commandScript(text: string): string {
  const restore =
    '. "$CODELOCAL_ENV" 2>/dev/null; unset CODELOCAL_RC; cd "$CODELOCAL_PWD" 2>/dev/null; unset CODELOCAL_ENV';
  const persist = `if [ "$CODELOCAL_MODE" = keep ]; then set -a; trap 'CODELOCAL_RC=$?; set +a; CODELOCAL_PWD=$PWD; export CODELOCAL_PWD; export -p > ${ENV_FILE}; exit $CODELOCAL_RC' EXIT; fi; unset CODELOCAL_MODE`;
  return `#!/bin/sh\n${restore}\n${persist}\n${text}\n`;
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
