#!/usr/bin/env bash
# Set-up shared by the quick start (scripts/seed-demo.sh) and CI (.ci/run): on a fresh Debian machine,
# install what is missing (Docker engine, debootstrap, busybox-static, git), start dockerd when no
# engine answers, install dependencies, build codelocal, and build the runner images offline.
# Idempotent: a second run takes seconds.
set -euo pipefail
exec </dev/null

export DEBIAN_FRONTEND=noninteractive
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=()
if [ "$(id -u)" != 0 ]; then SUDO=(sudo -n); fi
DOCKERD_LOG="${CODELOCAL_CI_DOCKERD_LOG:-/tmp/codelocal-ci-dockerd.log}"

timings=()
step() {
  local name="$1"; shift
  local start=$SECONDS
  echo "::: ${name}"
  "$@"
  local took=$((SECONDS - start))
  timings+=("$(printf '%-28s %5ss' "$name" "$took")")
  echo "::: ${name}: ${took}s"
}
report() {
  local rc=$?
  echo
  echo "::: timings"
  local t
  for t in "${timings[@]}"; do echo "    $t"; done
  echo "::: total ${SECONDS}s (exit ${rc})"
}
trap report EXIT

engine_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then "${SUDO[@]}" apt-get update -q; apt_updated=1; fi
  "${SUDO[@]}" apt-get install -y -q --no-install-recommends "$@"
}

install_host_packages() {
  local missing=()
  if ! engine_answers && ! command -v dockerd >/dev/null 2>&1; then missing+=(docker.io); fi
  command -v git >/dev/null 2>&1 || missing+=(git)
  # npm run lint:guest checks the in-container shell scripts (src/guest/files) with it.
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
  # The docker tests' tiny image is a static busybox imported as a rootfs (no registry needed).
  { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || missing+=(busybox-static)
  # The `codelocal ui` end-to-end tests drive Debian's Chromium headless (playwright-core, test/docker/ui/).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # check's tests validate its JUnit XML against a JUnit XSD with xmllint.
  command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
  # The runtime conformance suite and a pipeline also run on Podman's Docker API (test/conformance/, docs/engines.md);
  # catatonit is the init Podman gives `init: true` containers, openssl makes the remote-engine test's TLS certificates.
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  [ -x /usr/libexec/podman/catatonit ] || missing+=(catatonit)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  # test/conformance/ssh.test.ts reaches the engine over ssh:// through a local sshd.
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt_install "${missing[@]}"
  else
    echo "nothing to install"
  fi
}

start_engine() {
  if engine_answers; then
    echo "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
    return
  fi
  echo "no engine answers: starting dockerd (log: ${DOCKERD_LOG})"
  "${SUDO[@]}" sh -c "nohup dockerd >'${DOCKERD_LOG}' 2>&1 &"
  local i
  for i in $(seq 1 60); do
    if engine_answers; then
      echo "engine up after ${i}s: $(docker version --format '{{.Server.Version}}')"
      return
    fi
    sleep 1
  done
  echo "dockerd did not answer within 60 s; its log:" >&2
  tail -n 50 "${DOCKERD_LOG}" >&2 || true
  return 1
}

build_images() {
  npm run build
  node dist/cli/main.js images build --quiet
}

step "host packages" install_host_packages
step "docker engine" start_engine
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "::: npm ci: node_modules is current"
else
  step "npm ci" npm ci --no-audit --no-fund
fi
step "runner images" build_images
