// The engine monitor's table rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percent, qualityRows } from '../../main/resources/META-INF/resources/js/quality.js';

test('rates are percentages with one decimal, and a rate of nothing is a dash', () => {
  assert.equal(percent(0.125), '12.5 %');
  assert.equal(percent(1), '100.0 %');
  assert.equal(percent(null), '—');
});

test('a row per model version, with the part no check scored left blank', () => {
  const rows = qualityRows([
    {
      model: 'text_detection',
      versions: [{ version: '1', objects: { checks: 4, precision: 0.9, recall: 0.75, falseNegatives: 3 }, readings: null }],
    },
    {
      model: 'text_recognition',
      versions: [{ version: '1', objects: null, readings: { checks: 2, accuracy: 0.5, characterErrorRate: 0.125 } }],
    },
  ]);
  assert.deepEqual(rows, [
    { model: 'text_detection', version: '1', objectChecks: 4, precision: '90.0 %', recall: '75.0 %', missed: '3', readingChecks: 0, accuracy: '—', characterErrorRate: '—' },
    { model: 'text_recognition', version: '1', objectChecks: 0, precision: '—', recall: '—', missed: '—', readingChecks: 2, accuracy: '50.0 %', characterErrorRate: '12.5 %' },
  ]);
});
