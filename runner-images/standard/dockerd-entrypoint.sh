#!/bin/sh
# Like the curated CodeBuild images' entrypoint: start dockerd in the background, wait for it (60 s at
# most), then run the command. Unlike the cloud, a container without the needed privileges must still
# start: then dockerd exits early, we stop waiting at once, and `docker` later reports
# "Cannot connect to the Docker daemon ..." exactly as a non-privileged CodeBuild build does.
set -u

log=/var/log/docker.log
# Skipped when a daemon already answers (e.g. the host's socket is mounted) or we cannot start one.
if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then
  rm -f /var/run/docker.pid
  dockerd --host=unix:///var/run/docker.sock --host=tcp://127.0.0.1:2375 >"$log" 2>&1 &
  pid=$!
  tries=0
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      # Not privileged (or no cgroup/mount rights): dockerd gave up; carry on without it.
      break
    fi
    tries=$((tries + 1))
    # Polled every 0.2 s (not 1 s) so a daemon that cannot start costs little: 300 tries = 60 s.
    if [ "$tries" -gt 300 ]; then
      echo 'Timed out trying to connect to internal docker host.' >&2
      break
    fi
    sleep 0.2
  done
fi

[ "$#" -gt 0 ] || set -- bash
exec "$@"
