'use strict';
// go-plugin's launch contract (docs/protocol.md, sections 1 and 2): the magic cookie, the app
// protocol version negotiation and the one handshake line on stdout.

const COOKIE_KEY = 'HALKYON_CAPABILITY_PLUGIN';
const COOKIE_VALUE = 'io.halkyon.capability.plugin';
/** go-plugin's core protocol version, always 1. */
const CORE_VERSION = 1;

/** Why the plugin must not run (started without its cookie), or null. */
function cookieProblem(env) {
  if (env[COOKIE_KEY] === COOKIE_VALUE) {
    return null;
  }
  return 'This binary is a plugin. These are not meant to be executed directly. '
    + 'Please execute the program that consumes these plugins, which will load any plugins automatically';
}

/**
 * The app protocol version to serve: the highest of {@code ours} that the host offers in
 * PLUGIN_PROTOCOL_VERSIONS, or our highest when the variable is absent or empty (as our Java
 * SDK does). Entries that are not integers are skipped with a warning.
 *
 * @returns {{version: number}|{error: string}}
 */
function negotiate(env, ours, warn) {
  const raw = (env.PLUGIN_PROTOCOL_VERSIONS || '').trim();
  if (raw === '') {
    return { version: Math.max(...ours) };
  }
  const offered = [];
  for (const entry of raw.split(',')) {
    const text = entry.trim();
    if (/^[0-9]{1,9}$/.test(text)) {
      offered.push(Number(text));
    } else {
      warn('skipping a PLUGIN_PROTOCOL_VERSIONS entry that is not an integer', { entry: text.slice(0, 64) });
    }
  }
  const common = ours.filter((v) => offered.includes(v));
  if (common.length === 0) {
    return {
      error: `Incompatible API version with plugin. Plugin version: ${ours.join(',')}, `
        + `Client versions: ${offered.join(',') || '(none)'}`,
    };
  }
  return { version: Math.max(...common) };
}

/** CORE|APP|NETWORK|ADDR|PROTOCOL|SERVERCERT, with an empty SERVERCERT: no AutoMTLS. */
function handshakeLine(appVersion, network, address) {
  return `${CORE_VERSION}|${appVersion}|${network}|${address}|grpc|\n`;
}

module.exports = { COOKIE_KEY, COOKIE_VALUE, cookieProblem, negotiate, handshakeLine };
