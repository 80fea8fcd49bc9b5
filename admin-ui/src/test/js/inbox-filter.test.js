// The inbox's filters in the page address, and its columns in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterFromQuery, filterQuery, reasonLabel, waited } from '../../main/resources/META-INF/resources/js/inbox-filter.js';

test('filterFromQuery keeps the filters that make sense and drops the rest', () => {
  const query = new URLSearchParams('type=product-detection&classGroupKey=%20shelf%20&minPriority=2&olderThan=PT1H&page=3');
  assert.deepEqual(filterFromQuery(query), { type: 'product-detection', classGroupKey: 'shelf', minPriority: 2, olderThan: 'PT1H' });
});

test('filterFromQuery drops a negative or fractional priority, an unknown wait, a blank or overlong text', () => {
  const query = new URLSearchParams(`type=%20&classGroupKey=${'x'.repeat(201)}&minPriority=-1&olderThan=PT7M`);
  assert.deepEqual(filterFromQuery(query), {});
  assert.deepEqual(filterFromQuery(new URLSearchParams('minPriority=1.5')), {});
});

test('filterQuery writes the set filters in a fixed order, encoded', () => {
  assert.equal(filterQuery({ olderThan: 'PT5M', classGroupKey: 'a b&c', type: '' }), 'classGroupKey=a+b%26c&olderThan=PT5M');
  assert.equal(filterQuery({}), '');
});

test('a filter survives the round trip through the address', () => {
  const filter = { type: 'price-tag-reading', classGroupKey: 'tags/å', minPriority: 0 };
  assert.deepEqual(filterFromQuery(new URLSearchParams(filterQuery(filter))), filter);
});

test('reasonLabel says why a task waits', () => {
  assert.equal(reasonLabel('MODEL_NOT_FOUND'), 'No model: draw');
  assert.equal(reasonLabel('QUALITY_CHECK'), 'Check');
  assert.equal(reasonLabel('SOMETHING_NEW'), 'SOMETHING_NEW');
  assert.equal(reasonLabel(null), '—');
});

test('waited reads seconds, minutes, hours and days', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  assert.equal(waited('2026-12-03T11:59:15Z', now), '45 s');
  assert.equal(waited('2026-12-03T11:48:00Z', now), '12 min');
  assert.equal(waited('2026-12-03T08:55:00Z', now), '3 h 05 min');
  assert.equal(waited('2026-12-01T08:00:00Z', now), '2 d 4 h');
  assert.equal(waited('2026-12-03T12:00:30Z', now), '0 s');
  assert.equal(waited('not a time', now), '—');
});
