#!/usr/bin/env bash
# Builds the Go example plugin and the go-plugin test host with Debian's Go packages,
# offline, in GOPATH mode. Needs: golang-go golang-github-hashicorp-go-plugin-dev
# golang-google-grpc-dev golang-goprotobuf-dev protobuf-compiler.
# Usage: build.sh OUTPUT_DIR   (writes OUTPUT_DIR/go-capability and OUTPUT_DIR/go-plugin-host)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src/halkyon.io/examples"
protoc --proto_path="$here/../../proto/src/main/proto" --go_out=plugins=grpc:"$work/src" \
  halkyon/capability/v1/capability.proto
ln -s "$here/go" "$work/src/halkyon.io/examples/go-capability"

export GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOCACHE="${GOCACHE:-$out/.gocache}"
go build -o "$out/go-capability.tmp" halkyon.io/examples/go-capability/plugin
go build -o "$out/go-plugin-host.tmp" halkyon.io/examples/go-capability/host
mv "$out/go-capability.tmp" "$out/go-capability"
mv "$out/go-plugin-host.tmp" "$out/go-plugin-host"
