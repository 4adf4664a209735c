'use strict';
// A Halkyon Capability plugin in Node.js (queue/rabbitmq), launched by the host as a child
// process: go-plugin's handshake, then one gRPC server until Shutdown, SIGTERM or the host's
// death. build.js bundles this with its dependencies and the .proto descriptors into one
// executable file.

const fs = require('fs');
const { logger, stderrWrite } = require('./log');
const handshake = require('./handshake');
const rabbitmq = require('./rabbitmq');
const { createServer } = require('./server');
const { stdoutRouter } = require('./stdio');
const { watchStops } = require('./lifecycle');

/** The app protocol versions this plugin serves: version 1 is the capability service. */
const APP_VERSIONS = [1];
/** How long calls in flight may finish on a graceful stop, as the host's shutdown grace. */
const STOP_GRACE_MS = 2000;
/** Beyond the grace, before the process exits whatever is still running. */
const STOP_SLACK_MS = 2000;

const log = logger(rabbitmq.NAME);
const originalStdoutWrite = process.stdout.write.bind(process.stdout);
let socketDir = null;
let plugin = null;
let stopping = false;

function fail(message) {
  log.error(`plugin '${rabbitmq.NAME}' cannot start: ${message}`);
  process.exit(1);
}

function stop(reason, graceful) {
  if (stopping) {
    return;
  }
  stopping = true;
  log.info(`stopping: ${reason}`);
  setTimeout(() => process.exit(0), STOP_GRACE_MS + STOP_SLACK_MS).unref();
  const stopped = plugin ? plugin.stop(graceful ? STOP_GRACE_MS : 0) : Promise.resolve();
  stopped.then(() => process.exit(0));
}

async function main(env) {
  const notAPlugin = handshake.cookieProblem(env);
  if (notAPlugin) {
    stderrWrite(`${notAPlugin}\n`);
    process.exit(1);
  }
  if (env.PLUGIN_CLIENT_CERT) {
    fail('the host asked for AutoMTLS (PLUGIN_CLIENT_CERT), which this plugin does not support: turn autoMtls off for it');
  }
  const negotiated = handshake.negotiate(env, APP_VERSIONS, log.warn);
  if (negotiated.error) {
    fail(negotiated.error);
  }
  // The socket goes with the process however it exits (a SIGKILL aside: the host removes it).
  process.on('exit', () => {
    if (socketDir) {
      fs.rmSync(socketDir, { recursive: true, force: true });
    }
  });
  process.on('uncaughtException', (e) => {
    log.error('unexpected failure', { error: e, stack: String(e.stack).slice(0, 2048) });
    process.exit(1);
  });
  watchStops({ env, log, stop });

  const stdio = stdoutRouter(stderrWrite);
  plugin = createServer({ log, stdio, onShutdown: () => stop('Shutdown RPC', true) });
  let listening;
  try {
    listening = await plugin.listenUnix(env);
  } catch (e) {
    fail(`cannot listen: ${e.message}`);
  }
  socketDir = listening.dir;
  if (stopping) { // a signal came while binding
    return;
  }
  originalStdoutWrite(handshake.handshakeLine(negotiated.version, 'unix', listening.socket));
  stdio.route();
  log.info(`serving app protocol ${negotiated.version}`, { network: 'unix', address: listening.socket });
}

main(process.env).catch((e) => fail(e.message));
