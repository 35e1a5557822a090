#!/usr/bin/env bash
# The README's first quick-start command: set the machine up (scripts/setup.sh), then run the main
# job end to end: the example pipeline (local git source -> CodeBuild -> CodeBuild) in
# examples/pipeline-two-builds, from a throw-away git repository made from that folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

repo=$(mktemp -d /tmp/codelocal-example-XXXXXX)
trap 'rm -rf "$repo"' EXIT
cp -r examples/pipeline-two-builds/. "$repo/"
git -C "$repo" init -q -b main
git -C "$repo" -c user.name=codelocal -c user.email=codelocal@example.com add -A
git -C "$repo" -c user.name=codelocal -c user.email=codelocal@example.com commit -q -m "example app"

echo "::: running the example pipeline from $repo"
node dist/cli/main.js -C "$repo" pipeline run pipeline.json --state-dir "$PWD/.codelocal"
