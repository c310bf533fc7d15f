#!/usr/bin/env bash
# Makes sure Debian's Docker daemon (package docker.io) is installed, for the
# container image test and `make image`. The test starts its own dockerd
# (no iptables, no bridge, its own data root and socket) and stops it, so
# nothing here starts a daemon. Idempotent: does nothing when dockerd exists.
# Needs root (or sudo) to install.
set -euo pipefail
if command -v dockerd >/dev/null 2>&1; then exit 0; fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "scripts/docker.sh: dockerd is missing; install Debian's docker.io as root (apt-get install docker.io)" >&2; exit 1; }
  sudo=sudo
fi
echo "scripts/docker.sh: installing docker.io" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends docker.io >/dev/null
command -v dockerd >/dev/null 2>&1 || { echo "scripts/docker.sh: docker.io installed but dockerd is not on PATH" >&2; exit 1; }
