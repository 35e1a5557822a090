#!/bin/sh
# One appspec `permissions` entry, applied after Install (docs/aws/codedeploy.md §2.3). `object` itself
# when it is a file; otherwise the files directly in it (type file) and every folder below it (type
# directory), names matching `pattern` and none of the `except` globs.
# Usage: permissions.sh OBJECT PATTERN TYPES OWNER GROUP MODE EXCEPT (EXCEPT: one glob per line)
set -eu
object=$1
pattern=$2
types=$3
owner=$4
group=$5
mode=$6
except=$7
set -f

wanted() {
  name=$(basename "$1")
  if [ "$pattern" != "**" ]; then
    # shellcheck disable=SC2254 # the pattern is a glob on purpose
    case $name in $pattern) ;; *) return 1 ;; esac
  fi
  old_ifs=$IFS
  IFS='
'
  for glob in $except; do
    # shellcheck disable=SC2254
    case $name in $glob)
      IFS=$old_ifs
      return 1
      ;;
    esac
  done
  IFS=$old_ifs
  return 0
}

fix() {
  if [ -n "$owner" ]; then chown -h "$owner" "$1"; fi
  if [ -n "$group" ]; then chgrp -h "$group" "$1"; fi
  if [ -n "$mode" ] && [ ! -L "$1" ]; then chmod "$mode" "$1"; fi
}

if [ -f "$object" ]; then
  fix "$object"
  exit 0
fi
if [ ! -d "$object" ]; then
  echo "permissions: $object does not exist on the instance" >&2
  exit 1
fi
case $types in *file*)
  find "$object" -mindepth 1 -maxdepth 1 -type f -print | while IFS= read -r path; do
    if wanted "$path"; then fix "$path"; fi
  done
  ;;
esac
case $types in *directory*)
  find "$object" -mindepth 1 -type d -print | while IFS= read -r path; do
    if wanted "$path"; then fix "$path"; fi
  done
  ;;
esac
