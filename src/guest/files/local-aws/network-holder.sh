#!/bin/sh
# codelocal: a network holder's main process (src/local-aws/network-holders.ts), given as `sh -c`.
# It prints the network files the engine wrote for its namespace, which the builds it is lent to write back
# at their start: each file's bytes, then \036 and a newline (or \036-, newline, when it cannot be read).
# Then it sleeps until the run ends it (docker-init passes the SIGTERM on to sleep).
for f in /etc/hosts /etc/resolv.conf /etc/hostname; do
  if cat "$f" 2>/dev/null; then printf '\036\n'; else printf '\036-\n'; fi
done
exec sleep 2147483647
