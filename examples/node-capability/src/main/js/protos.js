'use strict';
// The gRPC service definitions, from the .proto files' descriptors that build.js embeds in the
// bundle ('halkyon:descriptors'): the executable needs no support files.

const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const descriptors = require('halkyon:descriptors');

// keepCase: the messages' fields as the .proto spells them (checked_for_readiness, type_name).
const definition = protoLoader.fromJSON(descriptors, { keepCase: true, enums: String, defaults: true, oneofs: true });
const packages = grpc.loadPackageDefinition(definition);

module.exports = {
  CapabilityPlugin: packages.halkyon.capability.v1.CapabilityPlugin.service,
  Health: packages.grpc.health.v1.Health.service,
  GRPCController: packages.plugin.GRPCController.service,
  GRPCBroker: packages.plugin.GRPCBroker.service,
  GRPCStdio: packages.plugin.GRPCStdio.service,
};
