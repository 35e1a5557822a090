#!/bin/sh
# codelocal: CodeBuild's Session Manager breakpoint, locally (see docs/debugging.md)
echo "codebuild-breakpoint: build paused. Open a shell with 'codelocal attach', continue with codebuild-resume or 'codelocal resume'."
exec /bin/sh /codebuild/codelocal/pause.sh 0 breakpoint
