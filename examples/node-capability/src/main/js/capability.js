'use strict';
// The halkyon.capability.v1.CapabilityPlugin service over rabbitmq.js: decodes the Kubernetes
// JSON, encodes the answers, and reports every failure as a gRPC status with its message
// (INVALID_ARGUMENT, NOT_FOUND, INTERNAL), never as a zero value (docs/protocol.md, section 7).

const grpc = require('@grpc/grpc-js');
const rabbitmq = require('./rabbitmq');

/** Longest error message sent to the host; the host keeps less anyway. */
const MAX_ERROR_CHARS = 4096;

function json(object) {
  return Buffer.from(JSON.stringify(object), 'utf8');
}

function requireKey(request) {
  const key = request.dependent;
  if (!key || !key.kind || !key.name || !key.version) {
    throw new rabbitmq.CapabilityError(grpc.status.INVALID_ARGUMENT, 'request has no dependent key (version, kind and name)');
  }
  return key;
}

/** The handlers, each wrapped so an exception becomes a status the host can show. */
function capabilityService(log) {
  const unary = (method, handler) => (call, callback) => {
    try {
      callback(null, handler(call.request));
    } catch (e) {
      const code = e instanceof rabbitmq.CapabilityError ? e.code : grpc.status.INTERNAL;
      if (code === grpc.status.INTERNAL) {
        log.error('call failed', { method, error: e, stack: String(e && e.stack).slice(0, 2048) });
      }
      callback({ code, details: String(e && e.message).slice(0, MAX_ERROR_CHARS) });
    }
  };
  return {
    GetInfo: unary('GetInfo', () => rabbitmq.info()),
    CheckValidity: unary('CheckValidity', (req) => ({ errors: rabbitmq.validate(rabbitmq.parseOwner(req.owner)) })),
    GetDependents: unary('GetDependents', (req) => ({ dependents: rabbitmq.dependents(rabbitmq.parseOwner(req.owner)) })),
    Build: unary('Build', (req) => {
      const key = requireKey(req);
      const object = rabbitmq.build(rabbitmq.parseOwner(req.owner), key);
      log.info('built dependent', { kind: key.kind, name: key.name });
      return { object: json(object) };
    }),
    Update: unary('Update', (req) => {
      const result = rabbitmq.update(rabbitmq.parseOwner(req.owner), requireKey(req), req.live);
      return result.changed ? { changed: true, object: json(result.object) } : { changed: false };
    }),
    GetCondition: unary('GetCondition', (req) => ({
      condition: rabbitmq.condition(rabbitmq.parseOwner(req.owner), requireKey(req), req.live),
    })),
  };
}

module.exports = { capabilityService };
