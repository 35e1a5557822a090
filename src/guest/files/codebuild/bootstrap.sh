#!/bin/sh
# codelocal: the build container's first process (src/guest/files/codebuild/bootstrap.sh), given as `sh -c`.
# It takes the build's files (agent, scripts, environment, sources: one tar) from the attached stdin, then
# becomes the agent. Why not the engine's archive upload: it re-executes the engine's binary for each upload,
# the largest engine cost of a build after the container's own start (docs/performance.md).
# GNU tar stops reading at the archive's end (the host pads it to whole 10 KiB records), so the agent's
# requests that follow stay unread for the agent. Another tar (busybox reads to the end of input) cannot tell
# where the archive ends: the host uploads the files through the engine instead, then says `G`. That upload cannot
# reach the in-memory $M/mem of a running container: its files come staged in $M/staged-mem and move in here.
# A kept container started again has its files: it goes straight to the agent.
M=/codebuild/codelocal
# A build in a network namespace lent by its run (a pipeline's, check --run's, a batch's: src/local-aws/network-holders.ts)
# shares /etc/hosts, /etc/resolv.conf and /etc/hostname with the builds before it: what the engine wrote comes back
# first (builtins only).
[ -z "${CODELOCAL_ETC_HOSTS+x}" ] || { printf '%s' "$CODELOCAL_ETC_HOSTS" >/etc/hosts; } 2>/dev/null
[ -z "${CODELOCAL_ETC_RESOLV_CONF+x}" ] || { printf '%s' "$CODELOCAL_ETC_RESOLV_CONF" >/etc/resolv.conf; } 2>/dev/null
[ -z "${CODELOCAL_ETC_HOSTNAME+x}" ] || { printf '%s' "$CODELOCAL_ETC_HOSTNAME" >/etc/hostname; } 2>/dev/null
unset CODELOCAL_ETC_HOSTS CODELOCAL_ETC_RESOLV_CONF CODELOCAL_ETC_HOSTNAME
mark() { printf '\n\036CODELOCAL %s %s %s\n' "$CODELOCAL_NONCE" "$1" "$2"; }
if [ ! -f "$M/delivered-$CODELOCAL_NONCE" ]; then
  case "$(tar --version 2>/dev/null)" in
    *'GNU tar'*)
      mark files 0
      tar -x -f - -C / 2>&1
      rc=$?
      mark untar "$rc"
      [ "$rc" = 0 ] || exit "$rc"
      ;;
    *)
      mark files 1
      IFS= read -r _
      { [ ! -d "$M/staged-mem" ] || { mkdir -p "$M/mem" && cp -a "$M/staged-mem/." "$M/mem/" && rm -rf "$M/staged-mem"; }; } 2>&1
      rc=$?
      mark untar "$rc"
      [ "$rc" = 0 ] || exit "$rc"
      ;;
  esac
  : >"$M/delivered-$CODELOCAL_NONCE"
fi
exec /bin/sh "$M/agent.sh"
