#!/bin/sh
# Runs one appspec hook script on a local CodeDeploy instance (docs/aws/codedeploy.md §3.4), already as
# the `runas` user, stopped at its `timeout` (exit status 124 then). Usage: hook.sh SCRIPT TIMEOUT
script=$1
seconds=$2
if command -v timeout >/dev/null 2>&1; then
  exec timeout -k 5 "$seconds" "$script"
fi
echo "no timeout command in this image: $script runs without its ${seconds}s limit" >&2
exec "$script"
