// The ops, billing and datasets screens' rows, and who sees which screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { billRows, datasetRow, deadLetterRow, mayOpen, readModelRow, seconds, utcMonth } from '../../main/resources/META-INF/resources/js/ops.js';

test('a screen is in the navigation of the roles whose API calls it makes, and of admins', () => {
  assert.equal(mayOpen('#/read-side', ['ops']), true);
  assert.equal(mayOpen('#/read-side', ['operator']), false);
  assert.equal(mayOpen('#/billing', ['ops', 'ml-engineer']), false);
  assert.equal(mayOpen('#/billing', ['admin']), true);
  assert.equal(mayOpen('#/datasets', ['ml-engineer']), true);
  assert.equal(mayOpen('#/elsewhere', []), true);
});

test('utcMonth is the UTC month, whatever the local time', () => {
  assert.equal(utcMonth(new Date('2026-12-31T23:30:00-05:00')), '2027-01');
});

test('seconds reads milliseconds below one second', () => {
  assert.equal(seconds(0.25), '250 ms');
  assert.equal(seconds(12.34), '12.3 s');
  assert.equal(seconds(null), '—');
});

test('readModelRow shows a rebuild in progress, the lag and what waits', () => {
  const row = readModelRow({
    name: 'tasks', index: 'tasks-v2', rebuildingInto: 'tasks-v3', lag: { events: 4, seconds: 0.5 },
    deadLettersWaiting: 1, quarantined: [{ streamId: 'task-1' }],
    rebuild: { state: 'RUNNING', events: 120, error: null },
  });
  assert.deepEqual(row, {
    name: 'tasks', index: 'tasks-v2 → tasks-v3', lagEvents: '4', lagSeconds: '500 ms', deadLetters: '1', quarantined: '1',
    rebuild: 'RUNNING, 120 events',
  });
  assert.equal(readModelRow({ name: 'billing', index: 'billing-v1', lag: null, rebuild: null }).rebuild, 'never');
});

test('deadLetterRow says where the record lay and whether it still waits', () => {
  const row = deadLetterRow({
    id: 'tasks:t:0:7', readModel: 'tasks', originalTopic: 'loupe.events.task', originalPartition: 0, originalOffset: 7,
    streamId: null, version: null, eventType: null, exception: 'not a journal event', state: 'WAITING', note: null,
  });
  assert.equal(row.where, 'loupe.events.task [0] @7');
  assert.equal(row.version, '—');
  assert.equal(row.waiting, true);
  assert.equal(deadLetterRow({ state: 'DISCARDED', note: 'junk' }).state, 'DISCARDED (junk)');
});

test('billRows lists each client line, then the client total, with prices in the bill currency', () => {
  const line = { type: 'product-detection', path: 'operator', runs: 3, reported: 2, rejected: 1, cancelled: 0, reprocessed: 0, images: 5, unitPrice: 1, amount: 2 };
  const rows = billRows({
    currency: 'EUR',
    clients: [{ clientId: 'acme', lines: [line, { ...line, path: 'automatic', unitPrice: null, amount: 0 }], totals: { runs: 6, reported: 4, rejected: 2, cancelled: 0, reprocessed: 0, images: 10, amount: 2 } }],
  });
  assert.equal(rows.length, 3);
  assert.equal(rows[0].unitPrice, '1.00 EUR');
  assert.equal(rows[1].unitPrice, 'no price');
  assert.deepEqual([rows[2].client, rows[2].amount, rows[2].total], ['acme total', '2.00 EUR', true]);
});

test('datasetRow puts the query in words', () => {
  const row = datasetRow({ id: 'd1', name: 'shelf', classGroupKey: 'shelf', finishedFrom: null, finishedTo: '2026-12-01T00:00:00Z', verifiedOnly: true, asOf: '12:3', createdAt: '2026-12-02T10:00:00Z', createdBy: 'ml' });
  assert.equal(row.finished, '… – 2026-12-01T00:00:00Z');
  assert.equal(row.verified, 'verified only');
  assert.equal(row.created, '2026-12-02T10:00:00Z by ml');
});

test('the health screen is in the navigation of ops and admins, whom the actuator shows the details', () => {
  assert.equal(mayOpen('#/health', ['ops']), true);
  assert.equal(mayOpen('#/health', ['admin']), true);
  assert.equal(mayOpen('#/health', ['operator', 'ml-engineer']), false);
});
