'use strict';
// The Capability logic, category "queue", type "rabbitmq": a ConfigMap with the broker's
// configuration, a Service and a StatefulSet, whose readiness is read from the live object.
// Pure functions of the Capability (the plugin is stateless between calls); the gRPC side is
// in capability.js.

const NAME = 'rabbitmq';
const VERSION = '0.1.0';
const CATEGORY = 'queue';
const TYPE = 'rabbitmq';
/** The versions offered, in no particular order: newestVersion() orders them. */
const VERSIONS = ['3.12', '3.13', '4.0', '4.1'];

const AMQP_PORT = 5672;
const MANAGEMENT_PORT = 15672;
const MAX_REPLICAS = 7;
const DEFAULT_REPLICAS = 1;
const DEFAULT_WATERMARK = '0.4';

/** An error with the gRPC status code to report it with (see capability.js). */
class CapabilityError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;

/** Compares dotted versions by their numeric parts: 3.9 < 3.12 < 4.0. */
function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

function newestVersion() {
  return [...VERSIONS].sort(compareVersions).at(-1);
}

/** The Capability JSON parsed and checked for what every call needs: a name and a namespace. */
function parseOwner(bytes) {
  let owner;
  try {
    owner = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new CapabilityError(INVALID_ARGUMENT, `owner is not valid JSON: ${e.message}`);
  }
  const metadata = owner && typeof owner === 'object' ? owner.metadata : undefined;
  if (!metadata || typeof metadata.name !== 'string' || metadata.name === '') {
    throw new CapabilityError(INVALID_ARGUMENT, 'owner has no metadata.name');
  }
  if (metadata.name.length > 52) { // room for "-config" in a 63-character label value
    throw new CapabilityError(INVALID_ARGUMENT, `owner metadata.name is longer than 52 characters: ${metadata.name.length}`);
  }
  const spec = owner.spec && typeof owner.spec === 'object' ? owner.spec : {};
  return {
    name: metadata.name,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    type: typeof spec.type === 'string' ? spec.type : '',
    requestedVersion: typeof spec.version === 'string' ? spec.version.trim() : '',
    parameters: Array.isArray(spec.parameters) ? spec.parameters : [],
  };
}

function parameter(owner, name) {
  const found = owner.parameters.find((p) => p && p.name === name);
  return found && typeof found.value === 'string' ? found.value : undefined;
}

/** The instance the Capability describes, defaults applied; throws INVALID_ARGUMENT when invalid. */
function instance(owner) {
  const problems = validate(owner);
  if (problems.length > 0) {
    throw new CapabilityError(INVALID_ARGUMENT, `invalid Capability: ${problems.join('; ')}`);
  }
  return {
    name: owner.name,
    namespace: owner.namespace,
    version: owner.requestedVersion || newestVersion(),
    replicas: Number(parameter(owner, 'replicas') || DEFAULT_REPLICAS),
    watermark: parameter(owner, 'memoryHighWatermark') || DEFAULT_WATERMARK,
  };
}

/** What is wrong with the Capability, one message each; empty when valid. */
function validate(owner) {
  const problems = [];
  if (owner.type !== '' && owner.type.toLowerCase() !== TYPE) {
    problems.push(`type '${owner.type.slice(0, 63)}' is not provided by this plugin; it provides '${TYPE}'`);
  }
  if (owner.requestedVersion !== '' && !VERSIONS.includes(owner.requestedVersion)) {
    problems.push(`rabbitmq version '${owner.requestedVersion.slice(0, 63)}' is not offered; offered versions: `
      + `${[...VERSIONS].sort(compareVersions).join(', ')} (empty means ${newestVersion()})`);
  }
  const replicas = parameter(owner, 'replicas');
  if (replicas !== undefined && !(/^[1-9][0-9]?$/.test(replicas) && Number(replicas) <= MAX_REPLICAS)) {
    problems.push(`parameter replicas must be a whole number from 1 to ${MAX_REPLICAS}, got '${replicas.slice(0, 63)}'`);
  }
  const watermark = parameter(owner, 'memoryHighWatermark');
  if (watermark !== undefined && !(/^0\.[0-9]{1,3}$/.test(watermark) && Number(watermark) > 0)) {
    problems.push(`parameter memoryHighWatermark must be a fraction of memory between 0 and 1 such as 0.4, got '${watermark.slice(0, 63)}'`);
  }
  return problems;
}

function labels(inst) {
  return { app: inst.name, 'app.kubernetes.io/name': 'rabbitmq', 'app.kubernetes.io/version': inst.version };
}

function metadata(inst, name) {
  return { name, namespace: inst.namespace, labels: labels(inst) };
}

const KEYS = {
  config: (name) => ({ group: '', version: 'v1', kind: 'ConfigMap', name: `${name}-config` }),
  service: (name) => ({ group: '', version: 'v1', kind: 'Service', name }),
  statefulSet: (name) => ({ group: 'apps', version: 'v1', kind: 'StatefulSet', name }),
};

/** The dependents in creation order: the configuration and the Service before the pods. */
function dependents(owner) {
  const always = { watched: true, owned: true, created: true };
  return [
    { key: KEYS.config(owner.name), config: { ...always, updated: true, checked_for_readiness: false, type_name: 'rabbitmq-config' } },
    { key: KEYS.service(owner.name), config: { ...always, updated: false, checked_for_readiness: false, type_name: 'rabbitmq-service' } },
    { key: KEYS.statefulSet(owner.name), config: { ...always, updated: true, checked_for_readiness: true, type_name: 'rabbitmq-broker' } },
  ];
}

/** Which of our dependents the key names; NOT_FOUND for any other. */
function role(owner, key) {
  const same = (a) => a.group === (key.group || '') && a.version === key.version && a.kind === key.kind && a.name === key.name;
  for (const [name, make] of Object.entries(KEYS)) {
    if (same(make(owner.name))) {
      return name;
    }
  }
  const described = `${key.group || 'core'}/${key.version}/${key.kind}/${key.name}`.slice(0, 512);
  throw new CapabilityError(NOT_FOUND, `no dependent ${described} for Capability ${owner.name}`);
}

function configData(inst) {
  return {
    'rabbitmq.conf': `vm_memory_high_watermark.relative = ${inst.watermark}\nloopback_users.guest = false\n`,
    enabled_plugins: '[rabbitmq_management,rabbitmq_prometheus].\n',
  };
}

function image(inst) {
  return `rabbitmq:${inst.version}-management`;
}

/** The desired object of one dependent. */
function build(owner, key) {
  const inst = instance(owner);
  switch (role(owner, key)) {
    case 'config':
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(inst, key.name), data: configData(inst) };
    case 'service':
      return {
        apiVersion: 'v1', kind: 'Service', metadata: metadata(inst, key.name),
        spec: {
          selector: { app: inst.name },
          ports: [{ name: 'amqp', port: AMQP_PORT, targetPort: AMQP_PORT },
            { name: 'management', port: MANAGEMENT_PORT, targetPort: MANAGEMENT_PORT }],
        },
      };
    default:
      return statefulSet(inst, key.name);
  }
}

function statefulSet(inst, name) {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: metadata(inst, name),
    spec: {
      serviceName: inst.name,
      replicas: inst.replicas,
      selector: { matchLabels: { app: inst.name } },
      template: {
        metadata: { labels: labels(inst) },
        spec: {
          containers: [{
            name: 'rabbitmq', image: image(inst),
            ports: [{ name: 'amqp', containerPort: AMQP_PORT }, { name: 'management', containerPort: MANAGEMENT_PORT }],
            volumeMounts: [{ name: 'config', mountPath: '/etc/rabbitmq/conf.d/10-halkyon.conf', subPath: 'rabbitmq.conf' },
              { name: 'config', mountPath: '/etc/rabbitmq/enabled_plugins', subPath: 'enabled_plugins' }],
            readinessProbe: { exec: { command: ['rabbitmq-diagnostics', '-q', 'ping'] }, periodSeconds: 10 },
          }],
          volumes: [{ name: 'config', configMap: { name: `${inst.name}-config` } }],
        },
      },
    },
  };
}

function parseLive(bytes, kind) {
  let live;
  try {
    live = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new CapabilityError(INVALID_ARGUMENT, `live ${kind} is not valid JSON: ${e.message}`);
  }
  if (!live || typeof live !== 'object' || live.kind !== kind) {
    throw new CapabilityError(INVALID_ARGUMENT, `live object is not a ${kind}`);
  }
  return live;
}

/**
 * Whether the live object must change, and the whole corrected object if so: the live object
 * with what this plugin owns set back (the rest, e.g. fields the API server defaulted, is kept).
 */
function update(owner, key, liveBytes) {
  const inst = instance(owner);
  const which = role(owner, key);
  if (which === 'service') {
    return { changed: false };
  }
  const live = parseLive(liveBytes, key.kind);
  if (which === 'config') {
    const wanted = configData(inst);
    const data = live.data || {};
    if (Object.keys(wanted).every((k) => data[k] === wanted[k])) {
      return { changed: false };
    }
    return { changed: true, object: { ...live, data: { ...data, ...wanted } } };
  }
  const spec = live.spec || {};
  const containers = (((spec.template || {}).spec) || {}).containers || [];
  const broker = containers.find((c) => c && c.name === 'rabbitmq');
  if (broker && broker.image === image(inst) && spec.replicas === inst.replicas) {
    return { changed: false };
  }
  if (!broker) {
    return { changed: true, object: statefulSet(inst, key.name) };
  }
  const corrected = structuredClone(live);
  corrected.spec.replicas = inst.replicas;
  corrected.spec.template.spec.containers.find((c) => c && c.name === 'rabbitmq').image = image(inst);
  corrected.metadata = { ...corrected.metadata, labels: { ...(corrected.metadata || {}).labels, ...labels(inst) } };
  return { changed: true, object: corrected };
}

/** The StatefulSet's readiness from its live status; the other dependents are not checked. */
function condition(owner, key, liveBytes) {
  const which = role(owner, key);
  if (which !== 'statefulSet') {
    return { type: 'Ready', reason: 'Exists', message: `${key.kind} ${key.name} exists`, attributes: {} };
  }
  const live = parseLive(liveBytes, 'StatefulSet');
  const wanted = Number.isInteger((live.spec || {}).replicas) ? live.spec.replicas : 1; // the API server's default
  const ready = Number.isInteger((live.status || {}).readyReplicas) ? live.status.readyReplicas : 0;
  const attributes = { readyReplicas: String(ready), replicas: String(wanted) };
  const message = `${ready}/${wanted} rabbitmq replicas ready`;
  return ready >= wanted
    ? { type: 'Ready', reason: 'Ready', message, attributes }
    : { type: 'Pending', reason: 'ReplicasNotReady', message, attributes };
}

function info() {
  return { name: NAME, version: VERSION, category: CATEGORY, types: [{ type: TYPE, versions: [...VERSIONS].sort(compareVersions) }] };
}

module.exports = {
  NAME, CapabilityError, compareVersions, newestVersion, parseOwner, validate, dependents, build, update, condition, info,
};
