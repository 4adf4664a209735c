'use strict';
// Keeps stdout for the handshake line alone (docs/protocol.md, section 2): once routed, what
// plugin code writes to process.stdout goes to the GRPCStdio subscriber as STDOUT chunks, or to
// stderr when there is none. One subscriber at a time, as in our Java SDK.

const grpc = require('@grpc/grpc-js');

function stdoutRouter(stderrWrite) {
  let subscriber = null;

  return {
    /** From now on nothing reaches the process's stdout. */
    route() {
      process.stdout.write = (chunk, encoding, callback) => {
        const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? encoding : 'utf8');
        if (subscriber) {
          subscriber.write({ channel: 'STDOUT', data });
        } else {
          stderrWrite(data);
        }
        const done = typeof encoding === 'function' ? encoding : callback;
        if (typeof done === 'function') {
          process.nextTick(done);
        }
        return true;
      };
    },

    subscribe(call) {
      if (subscriber) {
        call.emit('error', { code: grpc.status.FAILED_PRECONDITION, details: 'another StreamStdio call is already streaming' });
        return;
      }
      subscriber = call;
      const release = () => {
        if (subscriber === call) {
          subscriber = null;
        }
      };
      call.on('cancelled', release);
      call.on('error', release);
    },

    close() {
      if (subscriber) {
        subscriber.end();
        subscriber = null;
      }
    },
  };
}

module.exports = { stdoutRouter };
