#!/bin/sh
# codelocal: ends a codebuild-breakpoint (or a --shell-on-failure hold)
if [ -e /codebuild/codelocal/mem/debug/paused ]; then
  rm -f /codebuild/codelocal/mem/debug/paused
  echo "codebuild-resume: the build continues"
else
  echo "codebuild-resume: the build is not paused" >&2
  exit 1
fi
