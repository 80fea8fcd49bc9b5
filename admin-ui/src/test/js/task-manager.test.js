// The task manager's filters in the page address and for the API, and bulk answers in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bulkSummary, taskApiQuery, taskFilterFromQuery, taskFilterQuery } from '../../main/resources/META-INF/resources/js/task-manager.js';

test('taskFilterFromQuery keeps a known status, texts, days, flags and an offered sort; drops the rest', () => {
  const query = new URLSearchParams('status=DONE&clientId=%20acme%20&createdFrom=2026-11-01&createdTo=2026-11-31&mine=true&attention=no&sort=priority,desc&page=4');
  assert.deepEqual(taskFilterFromQuery(query), { status: 'DONE', clientId: 'acme', createdFrom: '2026-11-01', mine: true, sort: 'priority,desc' });
  assert.deepEqual(taskFilterFromQuery(new URLSearchParams('status=ALMOST&sort=id,asc&model=')), {});
});

test('a filter survives the round trip through the address', () => {
  const filter = { status: 'WAITING_FOR_OPERATOR', type: 'price-tag-reading', finishedTo: '2026-12-02', attention: true };
  assert.deepEqual(taskFilterFromQuery(new URLSearchParams(taskFilterQuery(filter))), filter);
});

test('taskApiQuery sends days as UTC instants, a "to" day whole, and the cursor', () => {
  const query = new URLSearchParams(taskApiQuery({ createdFrom: '2026-11-01', createdTo: '2026-11-30', mine: true }, { size: 50, after: 'abc' }));
  assert.equal(query.get('createdFrom'), '2026-11-01T00:00:00.000Z');
  assert.equal(query.get('createdTo'), '2026-12-01T00:00:00.000Z');
  assert.equal(query.get('mine'), 'true');
  assert.equal(query.get('size'), '50');
  assert.equal(query.get('after'), 'abc');
});

test('bulkSummary counts the results and lists each task not done, with why', () => {
  const summary = bulkSummary({
    counts: { ALREADY: 1, DONE: 2, NOT_FOUND: 1 },
    outcomes: [
      { taskId: 't1', result: 'DONE' },
      { taskId: 't2', result: 'ALREADY', message: 'already cancelled' },
      { taskId: 't3', result: 'DONE' },
      { taskId: 't4', result: 'NOT_FOUND', message: 'no task t4' },
    ],
  });
  assert.equal(summary.headline, '1 already, 2 done, 1 not found');
  assert.deepEqual(summary.notDone, ['t2: already (already cancelled)', 't4: not found (no task t4)']);
});
