'use strict';
// The plugin's log: go-plugin's (hclog's) JSON lines on stderr, which the host re-logs under
// the plugin's name at each line's level (docs/protocol.md, section 8).

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];

/** Writes one line; the real stderr, kept before anything can redirect stdout to it. */
const stderrWrite = process.stderr.write.bind(process.stderr);

function logger(module, minLevel = 'info') {
  const min = LEVELS.indexOf(minLevel);
  const log = {};
  for (const level of LEVELS) {
    log[level] = (message, fields = {}) => {
      if (LEVELS.indexOf(level) < min) {
        return;
      }
      const line = { '@level': level, '@message': message, '@module': module, '@timestamp': new Date().toISOString() };
      for (const [key, value] of Object.entries(fields)) {
        line[key] = value instanceof Error ? value.message : value;
      }
      stderrWrite(JSON.stringify(line) + '\n');
    };
  }
  return log;
}

module.exports = { logger, stderrWrite };
