#!/bin/sh
# codelocal: CodeBuild's `codebuild-hash-files <glob-pattern>...`, the helper for dynamic cache keys
# (`key: npm-$(codebuild-hash-files package-lock.json)`): a SHA-256 over the files the patterns match in the
# source folder. AWS documents the purpose, not the exact digest, so codelocal's digest is its own
# (docs/fidelity.md): SHA-256 of the `sha256sum` lines ("<hex>  <path>") of the matched regular files,
# paths relative to CODEBUILD_SRC_DIR, sorted bytewise; no match gives the digest of nothing.
# `**` crosses folders (bash globstar when bash exists; else `find -path`, where `*` crosses them too).
if [ "$#" -eq 0 ]; then
  echo "usage: codebuild-hash-files <glob-pattern> [<glob-pattern> ...]" >&2
  exit 2
fi
cd "${CODEBUILD_SRC_DIR:-.}" || exit 1

list_matches() {
  if command -v bash >/dev/null 2>&1; then
    # shellcheck disable=SC2016 # expanded by the inner bash
    bash -c 'shopt -s globstar nullglob; for p in "$@"; do for f in $p; do [ -f "$f" ] && printf "%s\n" "$f"; done; done; exit 0' \
      codebuild-hash-files "$@"
    return
  fi
  for p in "$@"; do
    find . -type f -path "./$p" | sed 's|^\./||'
    case $p in
      '**/'*) find . -maxdepth 1 -type f -path "./${p#'**/'}" | sed 's|^\./||' ;;
    esac
  done
}

matches=$(list_matches "$@") || exit 1
if [ -z "$matches" ]; then
  printf '' | sha256sum | cut -d' ' -f1
  exit 0
fi
printf '%s\n' "$matches" | LC_ALL=C sort -u | while IFS= read -r f; do
  sha256sum "$f" || exit 1
done | sha256sum | cut -d' ' -f1
