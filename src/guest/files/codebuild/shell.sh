#!/bin/sh
# codelocal: the shell of `codelocal attach` and --shell-on-failure (src/guest/files/codebuild/shell.sh;
# see src/engine/codebuild/debug-tools.ts). bash when the image has it: it reads both the `export X='v'`
# lines dash's `export -p` writes and the `declare -x` lines of builds with `env: shell: bash`. During a
# hold it takes the held command's environment and folder; otherwise the last command's (the 0.2 shell
# state; CODELOCAL_SHELL_ENV points 0.1 builds at the initial one).
if [ -z "$BASH_VERSION" ] && command -v bash >/dev/null 2>&1; then exec bash "$0" "$@"; fi
D=/codebuild/codelocal/mem/debug
title=${CODELOCAL_SHELL_TITLE:-codelocal}
# The env files are written in the container at run time: nothing for shellcheck to follow.
# shellcheck disable=SC1090,SC1091
if [ -e "$D/paused" ] && [ -f "$D/env.sh" ]; then
  set -a; . "$D/env.sh" 2>/dev/null; set +a
  dir=$(cat "$D/pwd" 2>/dev/null)
else
  set -a; . "${CODELOCAL_SHELL_ENV:-/codebuild/output/tmp/env.sh}" 2>/dev/null; set +a
  dir=$CODELOCAL_PWD
fi
# A folder that is gone is not a reason to refuse the shell: it opens where it is.
# shellcheck disable=SC2164
cd "$dir" 2>/dev/null
unset CODELOCAL_RC CODELOCAL_PWD CODELOCAL_ENV CODELOCAL_MODE CODELOCAL_NONCE CODELOCAL_PRIVILEGED CODELOCAL_SHELL_ENV CODELOCAL_SHELL_TITLE \
  CODELOCAL_ETC_HOSTS CODELOCAL_ETC_RESOLV_CONF CODELOCAL_ETC_HOSTNAME
echo "[$title] shell in $PWD with the build's environment; 'exit' leaves it" >&2
# Commands piped in (no terminal) run as a script would: no prompts, no job-control warnings.
if [ ! -t 0 ]; then
  if [ -n "$BASH_VERSION" ]; then exec bash --norc --noprofile; fi
  exec sh
fi
if [ -n "$BASH_VERSION" ]; then
  PS1="[$title] \w \$ "; export PS1
  exec bash --norc --noprofile -i
fi
PS1="[$title] $ "; export PS1
exec sh -i
