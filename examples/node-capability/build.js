'use strict';
// Bundles the plugin into ONE executable file: src/main/js with @grpc/grpc-js and
// @grpc/proto-loader, and the descriptors of the .proto files it serves, behind a
// '#!/usr/bin/env node' line. Run by build.sh after 'npm ci' in WORK_DIR.
// Usage: node build.js WORK_DIR OUTPUT_FILE PROTO_DIR...

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const [workDir, output, ...protoDirs] = process.argv.slice(2);
if (!workDir || !output || protoDirs.length === 0) {
  console.error('usage: node build.js WORK_DIR OUTPUT_FILE PROTO_DIR...');
  process.exit(2);
}
const modules = createRequire(path.join(path.resolve(workDir), 'package.json'));
const esbuild = modules('esbuild');
const protobuf = modules('protobufjs');

// The files the server loads (protos.js), found in the first directory that has each.
const PROTOS = [
  'halkyon/capability/v1/capability.proto',
  'plugin/grpc_controller.proto',
  'plugin/grpc_broker.proto',
  'plugin/grpc_stdio.proto',
  'grpc/health/v1/health.proto',
];
const root = new protobuf.Root();
root.resolvePath = (origin, target) => {
  for (const dir of protoDirs) {
    const candidate = path.join(dir, target);
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  return target; // google/protobuf/*: protobufjs's bundled definitions
};
root.loadSync(PROTOS, { keepCase: true });
const descriptors = JSON.stringify(root.toJSON());

const embedDescriptors = {
  name: 'halkyon-descriptors',
  setup(build) {
    build.onResolve({ filter: /^halkyon:descriptors$/ }, () => ({ path: 'descriptors', namespace: 'halkyon' }));
    build.onLoad({ filter: /.*/, namespace: 'halkyon' }, () => ({ contents: descriptors, loader: 'json' }));
  },
};

esbuild.build({
  entryPoints: [path.join(__dirname, 'src/main/js/main.js')],
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  outfile: output,
  nodePaths: [path.join(path.resolve(workDir), 'node_modules')],
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'inline',
  logLevel: 'warning',
  plugins: [embedDescriptors],
}).then(() => {
  fs.chmodSync(output, 0o755);
  console.log(`built ${output} (${fs.statSync(output).size} bytes)`);
}).catch(() => process.exit(1));
