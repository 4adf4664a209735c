#!/usr/bin/env bash
# Builds the Node.js example plugin into one executable file with the machine's node and npm:
# 'npm ci' (package-lock.json, pinned versions) in a work directory under target/, then
# build.js bundles it. Without node or npm it says so and stops with 0, so a build on a machine
# with only a JDK passes (the tests then skip), unless HALKYON_REQUIRE_NODE=1 (set by .ci/run)
# makes that a failure.
# Usage: build.sh test                                  (the logic's unit tests, node --test)
#        build.sh bundle WORK_DIR OUTPUT_FILE PROTO_DIR...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command=$1
shift

missing=""
for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "node-capability: build.sh $command skipped, missing:$missing (bash .ci/node-deps installs Debian's nodejs and npm)"
  if [ "$command" = bundle ]; then
    rm -f "$2" # no stale executable for the tests to pick up
  fi
  if [ "${HALKYON_REQUIRE_NODE:-}" = 1 ]; then
    exit 1
  fi
  exit 0
fi

if [ "$command" = test ]; then
  exec node --test "$here"/src/test/js/*.test.js
fi
work=$1
out=$2
shift 2
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$work/"
# --ignore-scripts: no package runs code at install (esbuild finds its binary package without).
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error)
node "$here/build.js" "$work" "$out" "$@"
