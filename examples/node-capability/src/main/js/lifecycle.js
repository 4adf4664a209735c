'use strict';
// The ways the plugin stops besides GRPCController/Shutdown (docs/protocol.md, section 9):
// SIGTERM (graceful), and the host's death (at once). The host is gone when this process is
// re-parented (checked every second) or, with HALKYON_PLUGIN_STDIN_WATCH=1, when its stdin, a
// pipe only the host holds open, ends: that works even when a wrapper sits between the two.
// SIGINT is ignored as in go-plugin: a Ctrl-C in the host's terminal reaches the whole group.

const fs = require('fs');

const PARENT_CHECK_MS = 1000;

/** The current parent pid: process.ppid is fixed at start, /proc is not. */
function parentPid() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch (e) {
    return process.ppid;
  }
}

/** @param stop (reason, graceful) => void, called once or more: it must ignore repeats. */
function watchStops({ env, log, stop }) {
  process.on('SIGTERM', () => stop('SIGTERM', true));
  process.on('SIGINT', () => log.debug('SIGINT ignored: the host stops its plugins'));

  const launcher = parentPid();
  setInterval(() => {
    const now = parentPid();
    if (now !== launcher) {
      stop(`the launching process ${launcher} is gone (re-parented to ${now})`, false);
    }
  }, PARENT_CHECK_MS).unref();

  if (env.HALKYON_PLUGIN_STDIN_WATCH === '1') {
    process.stdin.on('data', () => {}); // the host never writes; anything read is dropped
    process.stdin.on('end', () => stop('the host is gone (its end of stdin closed, HALKYON_PLUGIN_STDIN_WATCH)', false));
    process.stdin.on('error', (e) => stop(`the host is gone (stdin failed: ${e.message})`, false));
  }
}

module.exports = { watchStops };
