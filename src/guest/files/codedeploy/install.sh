#!/bin/sh
# The Install lifecycle event of the local CodeDeploy agent (docs/aws/codedeploy.md §2.2, §5.2): first
# removes what the previous deployment installed (listed in its cleanup file), then copies each appspec
# `files` mapping out of the deployment archive, honouring file_exists_behavior, and records what it
# installed for the next deployment. Usage: install.sh ARCHIVE CLEANUP BEHAVIOR [SOURCE DESTINATION]...
set -eu
archive=$1
cleanup=$2
behavior=$3
shift 3

if [ -f "$cleanup" ]; then
  while IFS= read -r path; do
    if [ -n "$path" ] && { [ -f "$path" ] || [ -L "$path" ]; }; then rm -f "$path"; fi
  done <"$cleanup"
fi
mkdir -p "$(dirname "$cleanup")"
installed="$cleanup.new"
: >"$installed"

copy_one() {
  if [ -e "$2" ] || [ -L "$2" ]; then
    case $behavior in
      DISALLOW)
        echo "The deployment failed because a specified file already exists at this location: $2" >&2
        exit 1
        ;;
      RETAIN)
        echo "kept the existing $2 (file_exists_behavior: RETAIN)"
        return 0
        ;;
    esac
  fi
  mkdir -p "$(dirname "$2")"
  # -P: a link stays a link (the stand-in checked that links stay inside the revision).
  cp -P "$1" "$2"
  echo "$2" >>"$installed"
}

while [ $# -ge 2 ]; do
  source="$archive/${1#/}"
  destination=$2
  shift 2
  if [ -d "$source" ]; then
    mkdir -p "$destination"
    (cd "$source" && find . -mindepth 1 -type d -print) | while IFS= read -r rel; do
      mkdir -p "$destination/${rel#./}"
    done
    (cd "$source" && find . \( -type f -o -type l \) -print) | while IFS= read -r rel; do
      copy_one "$source/${rel#./}" "$destination/${rel#./}"
    done
  else
    copy_one "$source" "$destination/$(basename "$source")"
  fi
done
mv "$installed" "$cleanup"
