// Run with: node --test admin-ui/src/test/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anyRunning, mayTrain, trainingRunRows, versionAccuracy } from '../../main/resources/META-INF/resources/js/training.js';

test('mayTrain lets ML engineers and admins train, nobody else', () => {
  assert.equal(mayTrain(['ml-engineer']), true);
  assert.equal(mayTrain(['operator', 'admin']), true);
  assert.equal(mayTrain(['designer']), false);
  assert.equal(mayTrain([]), false);
  assert.equal(mayTrain(), false);
});

test('versionAccuracy shows a classifier version with its held-out accuracy, or a dash without a model', () => {
  assert.equal(versionAccuracy({ model: 'classifier-shelf__thumb8-hist8-grad4x4-v1', version: '1', accuracy: 0.9 }),
    'classifier-shelf__thumb8-hist8-grad4x4-v1 v1 (90.0 %)');
  assert.equal(versionAccuracy({ version: '3', accuracy: 0.9123 }), 'v3 (91.2 %)');
  assert.equal(versionAccuracy({ version: '1', accuracy: null }), 'v1 (—)');
  assert.equal(versionAccuracy(null), '—');
});

test('trainingRunRows puts the newest run first and says each outcome in words', () => {
  const rows = trainingRunRows([
    { runId: 'r1', trigger: 'MANUAL', startedAt: '2026-12-03T10:00:00Z', finishedAt: '2026-12-03T10:00:20Z', status: 'DEPLOYED',
      datasetPosition: 120, challenger: { version: '1', accuracy: 0.8 }, champion: null, reason: 'no champion' },
    { runId: 'r2', trigger: 'POLICY', startedAt: '2026-12-03T11:00:00Z', finishedAt: '2026-12-03T11:00:25Z', status: 'KEPT_CHAMPION',
      datasetPosition: 300, challenger: { version: '2', accuracy: 0.79 }, champion: { version: '1', accuracy: 0.82 }, reason: 'not better by 2 points' },
    { runId: 'r3', trigger: 'MANUAL', startedAt: '2026-12-03T12:00:00Z', finishedAt: null, status: 'RUNNING',
      datasetPosition: null, challenger: null, champion: null, reason: null },
  ]);
  assert.deepEqual(rows.map((r) => r.runId), ['r3', 'r2', 'r1']);
  assert.deepEqual(rows[1], {
    runId: 'r2', startedAt: '2026-12-03T11:00:00Z', finishedAt: '2026-12-03T11:00:25Z', trigger: 'Automatic policy',
    outcome: 'Kept the champion: the challenger was not better', status: 'KEPT_CHAMPION', challenger: 'v2 (79.0 %)',
    champion: 'v1 (82.0 %)', datasetPosition: '300', reason: 'not better by 2 points',
  });
  assert.equal(rows[0].outcome, 'Running');
  assert.equal(rows[0].reason, '—');
  assert.equal(rows[2].outcome, 'Deployed: the challenger serves now');
  assert.equal(rows[2].champion, '—');
});

test('trainingRunRows says a skipped run had nothing to train on, and why', () => {
  const [row] = trainingRunRows([{ runId: 'r4', trigger: 'MANUAL', startedAt: '2026-12-03T13:00:00Z', finishedAt: '2026-12-03T13:00:01Z',
    status: 'SKIPPED', datasetPosition: 7, challenger: null, champion: null, reason: '3 verified objects, fewer than the 10 a classifier needs' }]);
  assert.equal(row.outcome, 'Skipped: nothing to train on yet');
  assert.equal(row.reason, '3 verified objects, fewer than the 10 a classifier needs');
  assert.equal(row.challenger, '—');
});

test('anyRunning tells whether a run is still going', () => {
  assert.equal(anyRunning([{ status: 'DEPLOYED' }, { status: 'RUNNING' }]), true);
  assert.equal(anyRunning([{ status: 'FAILED' }]), false);
  assert.equal(anyRunning([]), false);
});
