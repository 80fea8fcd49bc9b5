import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash } from '../../main/resources/META-INF/resources/js/router.js';

test('parseHash splits the route and its query', () => {
  const r = parseHash('#/work/s%201?task=t1');
  assert.deepEqual(r.segments, ['work', 's 1']);
  assert.equal(r.query.get('task'), 't1');
  assert.deepEqual(parseHash('#/inbox').segments, ['inbox']);
  assert.deepEqual(parseHash('#/tasks/abc/').segments, ['tasks', 'abc']);
  assert.deepEqual(parseHash('').segments, []);
  assert.deepEqual(parseHash('#/tasks/%E0%A4%A').segments, ['tasks', '%E0%A4%A'], 'bad escapes are kept as typed');
});

test('every module of the UI loads (imports resolve, no DOM needed at load time)', async () => {
  const base = '../../main/resources/META-INF/resources/js/';
  for (const m of ['api.js', 'dom.js', 'local.js', 'overlay.js', 'shell.js', 'views/inbox.js', 'views/annotate.js', 'views/task.js', 'views/models.js', 'quality.js', 'statuses.js']) {
    await assert.doesNotReject(import(base + m), m);
  }
});
