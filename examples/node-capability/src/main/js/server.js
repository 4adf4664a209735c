'use strict';
// The plugin's one gRPC server on a unix socket: go-plugin's services (health, controller,
// broker, stdio; docs/protocol.md, section 4) next to the capability service.

const fs = require('fs');
const os = require('os');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protos = require('./protos');
const { capabilityService } = require('./capability');

/** The host's default maximum message size, and our SDK's: objects are Kubernetes JSON. */
const MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
/** Linux's sun_path holds 108 bytes with the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
/** The health service name go-plugin's host checks. */
const HEALTH_SERVICE = 'plugin';

/**
 * @param log     log.js's logger
 * @param stdio   stdio.js's router, for GRPCStdio
 * @param onShutdown called once GRPCController/Shutdown has been answered
 */
function createServer({ log, stdio, onShutdown }) {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_SIZE,
    'grpc.max_send_message_length': MAX_MESSAGE_SIZE,
  });
  let serving = true;
  const brokerStreams = new Set();

  server.addService(protos.Health, {
    Check(call, callback) {
      const service = call.request.service;
      if (service === '' || service === HEALTH_SERVICE) {
        callback(null, { status: serving ? 'SERVING' : 'NOT_SERVING' });
      } else {
        callback({ code: grpc.status.NOT_FOUND, details: 'unknown service' });
      }
    },
  });
  server.addService(protos.GRPCController, {
    Shutdown(call, callback) {
      callback(null, {});
      setImmediate(onShutdown);
    },
  });
  // This plugin lends no servers and dials none: the stream is held open, as a go-plugin host
  // expects, and the host's offers are dropped.
  server.addService(protos.GRPCBroker, {
    StartStream(call) {
      brokerStreams.add(call);
      call.on('data', (offer) => log.debug('broker offer ignored: this plugin dials no host servers', { service_id: offer.service_id }));
      call.on('end', () => {
        brokerStreams.delete(call);
        call.end();
      });
      call.on('error', () => brokerStreams.delete(call));
      call.on('cancelled', () => brokerStreams.delete(call));
    },
  });
  server.addService(protos.GRPCStdio, {
    StreamStdio(call) {
      stdio.subscribe(call);
    },
  });
  server.addService(protos.CapabilityPlugin, capabilityService(log));

  return {
    /** Listens on plugin.sock in a fresh 0700 directory (under PLUGIN_UNIX_SOCKET_DIR when set). */
    async listenUnix(env) {
      const parent = env.PLUGIN_UNIX_SOCKET_DIR || os.tmpdir();
      const dir = fs.mkdtempSync(path.join(parent, 'plugin'));
      const socket = path.join(dir, 'plugin.sock');
      if (Buffer.byteLength(socket) > MAX_SOCKET_PATH_BYTES) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`the socket path ${socket} is longer than ${MAX_SOCKET_PATH_BYTES} bytes: use a shorter PLUGIN_UNIX_SOCKET_DIR`);
      }
      await new Promise((resolve, reject) => server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(),
        (error) => (error ? reject(error) : resolve())));
      return { dir, socket };
    },

    /** Health goes NOT_SERVING, the streams end, calls in flight get graceMs, the rest is cancelled. */
    stop(graceMs) {
      serving = false;
      stdio.close();
      for (const call of brokerStreams) {
        call.end();
      }
      brokerStreams.clear();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

module.exports = { createServer, MAX_MESSAGE_SIZE };
