#!/usr/bin/env bash
# `npm run lint:guest` (part of `npm run lint`, thus `npm test` and CI): checks the code that runs inside
# containers (src/guest/files/) with the tool of its language, since no TypeScript compiler sees it:
# Debian's shellcheck package (scripts/setup.sh installs it) for the shell scripts, which run under
# POSIX sh (dash or busybox) in the runner images; the project's ESLint for JavaScript; Python's compiler.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=src/guest/files

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "lint:guest: shellcheck is not installed (Debian/Ubuntu: apt-get install shellcheck; or run scripts/setup.sh)" >&2
  exit 1
fi
mapfile -t shell_files < <(find "$dir" -name '*.sh' | sort)
shellcheck --shell=sh "${shell_files[@]}"
shellcheck scripts/lint-guest.sh

mapfile -t js_files < <(find "$dir" -name '*.js' -o -name '*.cjs' -o -name '*.mjs' | sort)
npx eslint --max-warnings 0 "${js_files[@]}"

# Compiled to a throw-away folder: no __pycache__ in the source tree.
mapfile -t py_files < <(find "$dir" -name '*.py' | sort)
python3 - "${py_files[@]}" <<'PY'
import py_compile, sys, tempfile
with tempfile.TemporaryDirectory() as out:
    for i, f in enumerate(sys.argv[1:]):
        py_compile.compile(f, cfile=f"{out}/{i}.pyc", doraise=True)
PY
echo "lint:guest: ${#shell_files[@]} shell, ${#js_files[@]} JavaScript, ${#py_files[@]} Python files clean"
