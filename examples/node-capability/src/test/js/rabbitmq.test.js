'use strict';
// The Capability logic alone, without gRPC: version ordering, validation, and the objects.
const test = require('node:test');
const assert = require('node:assert');
const rabbitmq = require('../../main/js/rabbitmq');

function owner(spec) {
  return Buffer.from(JSON.stringify({
    apiVersion: 'halkyon.io/v1beta1', kind: 'Capability',
    metadata: { name: 'orders', namespace: 'shop', uid: 'u-1' },
    spec: { category: 'queue', type: 'rabbitmq', ...spec },
  }));
}

const statefulSetKey = { group: 'apps', version: 'v1', kind: 'StatefulSet', name: 'orders' };

test('versions are ordered by their numeric parts, not as text', () => {
  assert.ok(rabbitmq.compareVersions('3.9', '3.12') < 0);
  assert.ok(rabbitmq.compareVersions('4.0', '3.13') > 0);
  assert.strictEqual(rabbitmq.compareVersions('4', '4.0'), 0);
  assert.deepStrictEqual(rabbitmq.info().types[0].versions, ['3.12', '3.13', '4.0', '4.1']);
});

test('an empty spec.version means the newest version offered', () => {
  const built = rabbitmq.build(rabbitmq.parseOwner(owner({ version: '' })), statefulSetKey);
  assert.strictEqual(built.spec.template.spec.containers[0].image, 'rabbitmq:4.1-management');
});

test('validation names every bad field and what was expected', () => {
  const problems = rabbitmq.validate(rabbitmq.parseOwner(owner({
    version: '2.8', parameters: [{ name: 'replicas', value: '0' }, { name: 'memoryHighWatermark', value: '1.5' }],
  })));
  assert.strictEqual(problems.length, 3);
  assert.match(problems[0], /rabbitmq version '2.8' is not offered; offered versions: 3.12, 3.13, 4.0, 4.1 \(empty means 4.1\)/);
  assert.match(problems[1], /parameter replicas must be a whole number from 1 to 7, got '0'/);
  assert.match(problems[2], /parameter memoryHighWatermark must be a fraction/);
});

test('a bad owner or an unknown dependent is an error with its gRPC code', () => {
  assert.throws(() => rabbitmq.parseOwner(Buffer.from('{')), (e) => e.code === 3 && /owner is not valid JSON/.test(e.message));
  assert.throws(() => rabbitmq.parseOwner(Buffer.from('{"metadata":{}}')), (e) => e.code === 3 && /no metadata.name/.test(e.message));
  assert.throws(() => rabbitmq.build(rabbitmq.parseOwner(owner({})), { ...statefulSetKey, kind: 'Deployment' }),
    (e) => e.code === 5 && /no dependent apps\/v1\/Deployment\/orders for Capability orders/.test(e.message));
});

test('update corrects the image and replicas of the live StatefulSet and keeps the rest', () => {
  const o = rabbitmq.parseOwner(owner({ version: '4.0', parameters: [{ name: 'replicas', value: '3' }] }));
  const live = rabbitmq.build(o, statefulSetKey);
  assert.deepStrictEqual(rabbitmq.update(o, statefulSetKey, Buffer.from(JSON.stringify(live))), { changed: false });

  live.spec.template.spec.containers[0].image = 'rabbitmq:3.13-management';
  live.spec.podManagementPolicy = 'OrderedReady'; // defaulted by the API server
  const result = rabbitmq.update(o, statefulSetKey, Buffer.from(JSON.stringify(live)));
  assert.strictEqual(result.changed, true);
  assert.strictEqual(result.object.spec.template.spec.containers[0].image, 'rabbitmq:4.0-management');
  assert.strictEqual(result.object.spec.podManagementPolicy, 'OrderedReady');
});

test('the condition is read from the live status', () => {
  const o = rabbitmq.parseOwner(owner({}));
  const live = (ready) => Buffer.from(JSON.stringify({ kind: 'StatefulSet', spec: { replicas: 2 }, status: { readyReplicas: ready } }));
  assert.deepStrictEqual(rabbitmq.condition(o, statefulSetKey, live(1)), {
    type: 'Pending', reason: 'ReplicasNotReady', message: '1/2 rabbitmq replicas ready', attributes: { readyReplicas: '1', replicas: '2' },
  });
  assert.strictEqual(rabbitmq.condition(o, statefulSetKey, live(2)).type, 'Ready');
});
