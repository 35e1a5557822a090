#!/bin/sh
# The first three lines of every command's script.sh (see commandScript in src/engine/codebuild/agent-script.ts).
# Comment lines after the first are dropped when it is read (src/guest/index.ts), so the user's text
# lands on line 4 as in CodeBuild (docs/aws/codebuild.md §2.3) and error messages carry the same line number.
# Line 2 restores the shell state (the env file is chosen by the agent; a folder that is gone is not fatal).
# Line 3, in `keep` mode (buildspec 0.2), saves it again on exit: plain assignments persist through `set -a`.
# shellcheck disable=SC1090,SC2164
. "$CODELOCAL_ENV" 2>/dev/null; unset CODELOCAL_RC; cd "$CODELOCAL_PWD" 2>/dev/null; unset CODELOCAL_ENV
if [ "$CODELOCAL_MODE" = keep ]; then set -a; trap 'CODELOCAL_RC=$?; set +a; CODELOCAL_PWD=$PWD; export CODELOCAL_PWD; export -p > /codebuild/output/tmp/env.sh; exit $CODELOCAL_RC' EXIT; fi; unset CODELOCAL_MODE
