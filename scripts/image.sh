#!/usr/bin/env bash
# Builds the flowspec container image (deploy/container/Dockerfile) offline:
# the static binary is built here with the Go toolchain (CGO off, so it needs
# no libc in the image) and copied, with this machine's CA bundle and an empty
# state directory, into a build context under bin/image; the Dockerfile starts FROM scratch, so no
# base image is pulled from any registry.
#
#   scripts/image.sh [TAG]      # default flowspec:latest
#
# Environment: DOCKER (the docker client, default docker; DOCKER_HOST is
# honoured as usual), CA_BUNDLE (default /etc/ssl/certs/ca-certificates.crt),
# IMAGE_CONTEXT (the build context directory, emptied first; default bin/image).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tag=${1:-flowspec:latest}
docker=${DOCKER:-docker}
ca=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
ctx=${IMAGE_CONTEXT:-$root/bin/image}

[[ -f $ca ]] || { echo "scripts/image.sh: no CA bundle at $ca; install ca-certificates or set CA_BUNDLE=FILE" >&2; exit 1; }
rm -rf "$ctx"
mkdir -p "$ctx/state"
version=$(git -C "$root" describe --always --dirty 2>/dev/null || echo dev)
(cd "$root" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$ctx/flowspec" ./cmd/flowspec)
cp "$ca" "$ctx/ca-certificates.crt"
"$docker" build --tag "$tag" --file "$root/deploy/container/Dockerfile" "$ctx"
