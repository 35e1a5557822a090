#!/usr/bin/env bash
# Step 3 of the GitHub composite action (action.yml): runs `codelocal check` with the action's inputs
# (INPUT_* variables), writes the reports and hands the exit code to the last step through
# $GITHUB_OUTPUT, so the SARIF upload and the JUnit artifact still happen when the check fails.
# Runs the same on a laptop: tests call it against examples/ (test/unit/ci/action.test.ts).
set -uo pipefail

codelocal_cmd=(codelocal)
[ -n "${CODELOCAL_BIN:-}" ] && read -r -a codelocal_cmd <<<"$CODELOCAL_BIN"

args=(check)
read -r -a paths <<<"${INPUT_PATHS:-.}"
args+=("${paths[@]}")
[ "${INPUT_RUN:-false}" = true ] && args+=(--run)
[ -n "${INPUT_MAX_PARALLEL:-}" ] && args+=(--max-parallel "$INPUT_MAX_PARALLEL")
[ "${INPUT_FAIL_FAST:-false}" = true ] && args+=(--fail-fast)
[ -n "${INPUT_CHANGED_SINCE:-}" ] && args+=(--changed-since "$INPUT_CHANGED_SINCE")
[ -n "${INPUT_SHARD:-}" ] && args+=(--shard "$INPUT_SHARD")
[ -n "${INPUT_JUNIT:-}" ] && args+=(--junit "$INPUT_JUNIT")
[ -n "${INPUT_SARIF:-}" ] && args+=(--sarif "$INPUT_SARIF")
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi

if [ "${INPUT_RUN:-false}" = true ]; then
  # Builds need the runner images: a no-op when they are built (and cached by the runner's engine).
  # Without debootstrap (hosted runners) the base image starts from Debian's image on Docker Hub.
  from=()
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || from=(--from-registry debian:bookworm)
  "${codelocal_cmd[@]}" images build "${from[@]}" || exit $?
fi

echo "codelocal ${args[*]}"
"${codelocal_cmd[@]}" "${args[@]}"
code=$?
echo "exit-code=${code}" >>"${GITHUB_OUTPUT:-/dev/null}"
exit 0
