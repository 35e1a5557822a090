#!/usr/bin/env bash
# Step 2 of the GitHub composite action (action.yml): a Docker engine when none answers, then codelocal,
# from npm when a version is given, else packed from the action's own checkout (the tarball `npm pack`
# makes, the same one the package test installs), so a pinned action ref runs exactly that code.
set -euo pipefail

engine_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

if ! engine_answers; then
  echo "codelocal: no Docker engine answers; installing docker.io and starting dockerd"
  sudo apt-get update -q
  sudo apt-get install -y -q --no-install-recommends docker.io
  sudo sh -c 'nohup dockerd >/tmp/dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do engine_answers && break; sleep 1; done
  engine_answers || { tail -n 50 /tmp/dockerd.log >&2; exit 1; }
fi

if [ -n "${INPUT_VERSION:-}" ]; then
  npm install -g "codelocal@${INPUT_VERSION}"
else
  action_dir="${ACTION_PATH:?ACTION_PATH is the action checkout}"
  work="$(mktemp -d)"
  (cd "$action_dir" && npm ci --no-audit --no-fund && npm run build && npm pack --pack-destination "$work")
  npm install -g "$work"/codelocal-*.tgz
fi
codelocal --version
