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
 */
import { AGENT_DIR, ENV_FILE } from './agent-script.js';

export const DEBUG_DIR = `${AGENT_DIR}/debug`;
export const PAUSED_MARKER = `${DEBUG_DIR}/paused`;
export const PAUSE_SCRIPT = '/codebuild/codelocal/pause.sh';
export const SHELL_SCRIPT = '/codebuild/codelocal/shell.sh';
export const BREAKPOINT_BIN = '/usr/local/bin/codebuild-breakpoint';
export const RESUME_BIN = '/usr/local/bin/codebuild-resume';

/** Why the build holds: a `codebuild-breakpoint` command, or a failed command under --shell-on-failure. */
export type PauseReason = 'breakpoint' | 'failure';

function pauseScript(): string {
  return `#!/bin/sh
# codelocal: holds the build until resumed (generated; see src/engine/codebuild/debug-tools.ts)
# usage: pause.sh MAX_SECONDS REASON   (MAX_SECONDS 0 = until resumed)
D=${DEBUG_DIR}
max=\${1:-0}; reason=\${2:-breakpoint}
mkdir -p "$D" 2>/dev/null; chmod 0777 "$D" 2>/dev/null
# What the paused command sees, for the shells \`codelocal attach\` opens meanwhile.
export -p > "$D/env.sh"
printf '%s\\n' "$PWD" > "$D/pwd"
: > "$D/paused"
chmod 0666 "$D/env.sh" "$D/pwd" "$D/paused" 2>/dev/null
event() {
  { printf '\\n\\036CODELOCAL %s event %s\\n' "$CODELOCAL_NONCE" "$*" > /proc/1/fd/1; } 2>/dev/null ||
    printf '\\n\\036CODELOCAL %s event %s\\n' "$CODELOCAL_NONCE" "$*"
}
if sleep 0.01 2>/dev/null; then tick=0.2; per=5; else tick=1; per=1; fi
event pause "$reason"
n=0; how=resumed
while [ -e "$D/paused" ]; do
  if [ "$max" -gt 0 ] && [ "$n" -ge $((max * per)) ]; then how=timeout; break; fi
  sleep $tick; n=$((n + 1))
done
rm -f "$D/paused"
event resume "$how"
`;
}

function breakpointScript(): string {
  return `#!/bin/sh
# codelocal: CodeBuild's Session Manager breakpoint, locally (see docs/debugging.md)
echo "codebuild-breakpoint: build paused. Open a shell with 'codelocal attach', continue with codebuild-resume or 'codelocal resume'."
exec /bin/sh ${PAUSE_SCRIPT} 0 breakpoint
`;
}

function resumeScript(): string {
  return `#!/bin/sh
# codelocal: ends a codebuild-breakpoint (or a --shell-on-failure hold)
if [ -e ${PAUSED_MARKER} ]; then
  rm -f ${PAUSED_MARKER}
  echo "codebuild-resume: the build continues"
else
  echo "codebuild-resume: the build is not paused" >&2
  exit 1
fi
`;
}

/**
 * The debug shell. bash when the image has it: it reads both the \`export X='v'\` lines dash's
 * \`export -p\` writes and the \`declare -x\` lines of builds with \`env: shell: bash\`.
 * During a hold it takes the held command's environment and folder; otherwise the last
 * command's (the 0.2 shell state; CODELOCAL_SHELL_ENV points 0.1 builds at the initial one).
 */
function shellScript(): string {
  return `#!/bin/sh
# codelocal: the shell of \`codelocal attach\` and --shell-on-failure (generated; see src/engine/codebuild/debug-tools.ts)
if [ -z "$BASH_VERSION" ] && command -v bash >/dev/null 2>&1; then exec bash "$0" "$@"; fi
D=${DEBUG_DIR}
title=\${CODELOCAL_SHELL_TITLE:-codelocal}
if [ -e "$D/paused" ] && [ -f "$D/env.sh" ]; then
  set -a; . "$D/env.sh" 2>/dev/null; set +a
  dir=$(cat "$D/pwd" 2>/dev/null)
else
  set -a; . "\${CODELOCAL_SHELL_ENV:-${ENV_FILE}}" 2>/dev/null; set +a
  dir=$CODELOCAL_PWD
fi
cd "$dir" 2>/dev/null
unset CODELOCAL_RC CODELOCAL_PWD CODELOCAL_ENV CODELOCAL_MODE CODELOCAL_NONCE CODELOCAL_PRIVILEGED CODELOCAL_SHELL_ENV CODELOCAL_SHELL_TITLE
echo "[$title] shell in $PWD with the build's environment; 'exit' leaves it" >&2
# Commands piped in (no terminal) run as a script would: no prompts, no job-control warnings.
if [ ! -t 0 ]; then
  if [ -n "$BASH_VERSION" ]; then exec bash --norc --noprofile; fi
  exec sh
fi
if [ -n "$BASH_VERSION" ]; then
  PS1="[$title] \\w \\$ "; export PS1
  exec bash --norc --noprofile -i
fi
PS1="[$title] $ "; export PS1
exec sh -i
`;
}

/** The files for the agent's initial tar (paths without the leading slash). */
export function debugToolFiles(): { path: string; content: string; mode: number }[] {
  return [
    { path: PAUSE_SCRIPT.slice(1), content: pauseScript(), mode: 0o755 },
    { path: SHELL_SCRIPT.slice(1), content: shellScript(), mode: 0o755 },
    { path: BREAKPOINT_BIN.slice(1), content: breakpointScript(), mode: 0o755 },
    { path: RESUME_BIN.slice(1), content: resumeScript(), mode: 0o755 },
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
