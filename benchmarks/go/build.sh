#!/usr/bin/env bash
# Builds the Go plugin and Go host of benchmarks/run with Debian's Go packages (go-plugin 1.0.1),
# offline, in GOPATH mode, as examples/go-capability/build.sh does. Needs what .ci/go-deps installs.
# Usage: build.sh OUTPUT_DIR   (writes OUTPUT_DIR/go-bench-plugin and OUTPUT_DIR/go-bench-host)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
protos="$here/../../proto/src/main/proto"
out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src/halkyon.io/benchmarks"
# capability.proto's go_package is halkyon.io/capability/v1: generated at that import path.
protoc --proto_path="$protos" --go_out=plugins=grpc:"$work/src" halkyon/capability/v1/capability.proto
ln -s "$here" "$work/src/halkyon.io/benchmarks/go"

export GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOCACHE="${GOCACHE:-$out/.gocache}"
pkg=halkyon.io/benchmarks/go
go vet "$pkg/plugin" "$pkg/host"
for target in plugin:go-bench-plugin host:go-bench-host; do
  go build -o "$out/${target#*:}.tmp" "$pkg/${target%%:*}"
  mv "$out/${target#*:}.tmp" "$out/${target#*:}"
done
