#!/usr/bin/env bash
# Builds the Go side of the KV example with Debian's Go packages, offline, in GOPATH mode:
# go-kv-plugin / go-kv-host (go-plugin's "kv_grpc" example, src/main/proto/kv.proto) and
# go-counter-plugin / go-counter-host (its bidirectional GRPCBroker example,
# src/main/proto/counter.proto). Needs: golang-go golang-github-hashicorp-go-plugin-dev
# golang-google-grpc-dev golang-goprotobuf-dev protobuf-compiler.
# Usage: build.sh OUTPUT_DIR   (writes the four binaries into OUTPUT_DIR)
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 OUTPUT_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d)
progs="go-kv-plugin go-kv-host go-counter-plugin go-counter-host"
# On any exit: drop the temp GOPATH and any half-built binary.
trap 'rm -rf "$work"; for p in $progs; do rm -f "$out/$p.tmp"; done' EXIT

# Generated code goes to $work/src/halkyon.io/examples/{kvproto,counterproto} (go_package);
# the sources are linked in as halkyon.io/examples/kv. One protoc run per Go package.
mkdir -p "$work/src/halkyon.io/examples"
for proto in kv.proto counter.proto; do
  protoc --proto_path="$here/src/main/proto" --go_out=plugins=grpc:"$work/src" "$proto"
done
ln -s "$here/go" "$work/src/halkyon.io/examples/kv"

export GO111MODULE=off GOPATH="$work:/usr/share/gocode" GOCACHE="${GOCACHE:-$out/.gocache}"
for prog in plugin:go-kv-plugin host:go-kv-host counter-plugin:go-counter-plugin counter-host:go-counter-host; do
  go build -o "$out/${prog#*:}.tmp" "halkyon.io/examples/kv/${prog%%:*}"
done
for prog in $progs; do
  mv "$out/$prog.tmp" "$out/$prog"
done
