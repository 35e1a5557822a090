#!/bin/sh
# codelocal: the entrypoint of privileged containers where the engine refuses Privileged itself
# (src/runtime/docker/privileged.ts). Remounts read-only cgroup mounts read-write, then runs the real
# command. `remount,bind,rw` flips the per-mount read-only flag that runc sets (v1 per-controller binds
# and the v2 mount alike); failures are ignored so an image without `mount` still starts.
while read -r _ target fstype opts _; do
  case "$fstype" in cgroup|cgroup2) case ",$opts," in *,ro,*)
    mount -o remount,bind,rw "$target" 2>/dev/null || mount -o remount,rw "$target" 2>/dev/null || :;;
  esac;; esac
done < /proc/mounts
[ "$#" -gt 0 ] || exit 0
exec "$@"
