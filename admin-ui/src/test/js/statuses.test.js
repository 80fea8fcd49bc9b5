// The UI's task statuses are the server's TaskStatus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventsBehind, statusClass, statusLabel, TASK_STATUSES } from '../../main/resources/META-INF/resources/js/statuses.js';

const TASK_STATUS_JAVA = fileURLToPath(
  new URL('../../../../task-domain/src/main/java/dev/loupe/task/TaskStatus.java', import.meta.url),
);

/** The constants of the Java enum, in order; NONE is no task, never a task's status. */
function serverStatuses() {
  const body = readFileSync(TASK_STATUS_JAVA, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .match(/enum TaskStatus \{([\s\S]*)\}/)[1];
  return body.split(',').map((name) => name.trim()).filter((name) => name && name !== 'NONE');
}

test('the UI knows every status of the server TaskStatus, in its order, and no other', () => {
  assert.deepEqual(Object.keys(TASK_STATUSES), serverStatuses());
});

test('a status reads as words, an unknown one as the server names it, none as a dash', () => {
  assert.equal(statusLabel('DELIVERY_FAILED'), 'Delivery failed');
  assert.equal(statusLabel('REJECTED'), 'Rejected');
  assert.equal(statusLabel('ARCHIVED'), 'ARCHIVED');
  assert.equal(statusLabel(undefined), '—');
});

test('a status badge has the class of its status in lower case', () => {
  assert.equal(statusClass('WAITING_FOR_OPERATOR'), 'status status-waiting_for_operator');
});

test('every status has a badge colour in the stylesheet', () => {
  const css = readFileSync(fileURLToPath(new URL('../../main/resources/META-INF/resources/css/loupe.css', import.meta.url)), 'utf8');
  for (const status of Object.keys(TASK_STATUSES)) {
    assert.match(css, new RegExp(`\\.status-${status.toLowerCase()}(?![a-z_])[^{}]*\\{`), status);
  }
});

test('eventsBehind counts the journal events a task view has not applied yet', () => {
  const events = [{ version: 0 }, { version: 1 }, { version: 2 }, { version: 3 }];
  assert.equal(eventsBehind({ version: 1 }, events), 2);
  assert.equal(eventsBehind({ version: 3 }, events), 0);
  assert.equal(eventsBehind({ version: 4 }, events), 0);
  assert.equal(eventsBehind({ version: 1 }, []), 0);
  assert.equal(eventsBehind({}, events), 0);
});
