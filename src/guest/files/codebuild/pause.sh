#!/bin/sh
# codelocal: holds the build until resumed (src/guest/files/codebuild/pause.sh; see src/engine/codebuild/debug-tools.ts)
# usage: pause.sh MAX_SECONDS REASON   (MAX_SECONDS 0 = until resumed)
D=/codebuild/codelocal/mem/debug
max=${1:-0}; reason=${2:-breakpoint}
mkdir -p "$D" 2>/dev/null; chmod 0777 "$D" 2>/dev/null
# What the paused command sees, for the shells `codelocal attach` opens meanwhile.
export -p > "$D/env.sh"
printf '%s\n' "$PWD" > "$D/pwd"
: > "$D/paused"
chmod 0666 "$D/env.sh" "$D/pwd" "$D/paused" 2>/dev/null
event() {
  { printf '\n\036CODELOCAL %s event %s\n' "$CODELOCAL_NONCE" "$*" > /proc/1/fd/1; } 2>/dev/null ||
    printf '\n\036CODELOCAL %s event %s\n' "$CODELOCAL_NONCE" "$*"
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
