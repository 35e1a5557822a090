#!/usr/bin/env bash
# The seed's pipeline end to end: set the machine up (scripts/setup.sh), then run
# examples/seed-ecs/pipeline.json (GitHub source -> CodeBuild with Docker -> ECS deploy) from a
# throw-away git repository made from that folder, and print where the deployed service answers.
# Pass `bluegreen` to run the CodeDeployToECS variant (pipeline-bluegreen.json) instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh

pipeline=pipeline.json
if [ "${1:-}" = bluegreen ]; then pipeline=pipeline-bluegreen.json; fi

repo=$(mktemp -d /tmp/codelocal-seed-XXXXXX)
trap 'rm -rf "$repo"' EXIT
cp -r examples/seed-ecs/. "$repo/"
git -C "$repo" init -q -b main
git -C "$repo" -c user.name=codelocal -c user.email=codelocal@example.com add -A
git -C "$repo" -c user.name=codelocal -c user.email=codelocal@example.com commit -q -m "seed example app"

echo "::: running the seed pipeline ($pipeline) from $repo"
node dist/cli/main.js -C "$repo" pipeline run "$pipeline" --state-dir "$PWD/.codelocal"

port=$(sed -n 's/^ *port: *\([0-9]*\).*/\1/p' examples/seed-ecs/codelocal.yml | head -n1)
echo "::: the service answers at http://127.0.0.1:${port}/"
curl -fsS "http://127.0.0.1:${port}/"
