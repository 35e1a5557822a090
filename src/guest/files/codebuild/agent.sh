#!/bin/sh
# codelocal build agent: the build container's main process (src/guest/files/codebuild/agent.sh).
# The host drives it over stdin, one request a line; the protocol is described in
# src/engine/codebuild/agent-script.ts. Paths below are the constants of that file (a unit test checks).
T=/codebuild/output/tmp
# codelocal's in-memory folder: command texts, the initial environment, and what $T/script.sh and $T/env.sh link to
# (agent-script.ts, MEMORY_DIR). A command may replace those links with files of its own; writes then go to those.
K=/codebuild/codelocal/mem
if [ "$CODELOCAL_PRIVILEGED" = 1 ] && [ -x /usr/local/bin/dockerd-entrypoint.sh ]; then
  # As CodeBuild's images do in privileged mode: start dockerd, wait for it, then go on.
  /usr/local/bin/dockerd-entrypoint.sh true >/tmp/codelocal-dockerd-entrypoint.log 2>&1
fi
# A kept container that is started again (`codelocal attach`, --reuse) keeps the shell state it had (a new one
# gets it in its files); a hold cannot survive a restart, so its marker goes.
[ -f "$T/env.sh" ] || cat "$K/env0.sh" >"$T/env.sh"
[ ! -e "$K/debug/paused" ] || rm -f "$K/debug/paused"
# The first three lines of every script.sh (command-header.sh), read once: per command only the user's text is
# copied (the shell's `read` takes a byte per system call, so the header is not read again for each command).
H=
NL='
'
while IFS= read -r l || [ -n "$l" ]; do H="$H$l$NL"; done < /codebuild/codelocal/command-header.sh
done_line() { printf '\n\036CODELOCAL %s %s %s\n' "$CODELOCAL_NONCE" "$1" "$2"; }
# One command: the header and $K/cmd/<n>.sh (its text) run as $T/script.sh by <shell>, in <mode>, as <user> (`-`: root).
run_cmd() {
  # The header, then the user's text from line 4 (docs/aws/codebuild.md §2.3); builtins only: no fork for the copy.
  {
    printf '%s' "$H"
    while IFS= read -r l || [ -n "$l" ]; do printf '%s\n' "$l"; done < "$K/cmd/$1.sh"
  } > "$T/script.sh"
  if [ "$3" = fresh ]; then CODELOCAL_ENV="$K/env0.sh"; else CODELOCAL_ENV="$T/env.sh"; fi
  if [ "$4" = - ] || [ -z "$4" ]; then
    CODELOCAL_ENV="$CODELOCAL_ENV" CODELOCAL_MODE="$3" "$2" "$T/script.sh" </dev/null 2>&1
  else
    # run-as (docs/aws/codebuild.md §1.4): the user gets read/run access to the files it needs.
    chmod 0666 "$T/env.sh" "$K/env0.sh" "$T/script.sh" 2>/dev/null
    CODELOCAL_ENV="$CODELOCAL_ENV" CODELOCAL_MODE="$3" su -p -s "$(command -v "$2")" "$4" -c "$2 $T/script.sh" </dev/null 2>&1
  fi
}
while IFS= read -r line; do
  case "$line" in
    R\ *)
      # The request's words are the positional parameters: splitting is wanted, and they hold no glob.
      # shellcheck disable=SC2086
      set -- $line
      run_cmd "$2" "$3" "$4" "$5"
      done_line "$2" "$?"
      ;;
    B\ *)
      # A list: each command announced, run and answered in turn, up to the first that fails; the host
      # waits for the answers instead of asking for each command (one round trip per list, not per command).
      # shellcheck disable=SC2086
      set -- $line
      sh_=$2; mode=$3; user=$4
      shift 4
      for n in "$@"; do
        printf '\n\036CODELOCAL %s start %s\n' "$CODELOCAL_NONCE" "$n"
        run_cmd "$n" "$sh_" "$mode" "$user"
        rc=$?
        done_line "$n" "$rc"
        [ "$rc" = 0 ] || break
      done
      ;;
    A\ *)
      printf '%s\n' "${line#A }" >> "$T/env.sh"
      printf '%s\n' "${line#A }" >> "$K/env0.sh"
      ;;
    P*) done_line ping 0 ;;
    Q*) exit 0 ;;
  esac
done
