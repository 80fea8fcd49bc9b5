// The operator monitor's table rows and default range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayRows, duration, lastWeek, teamRows } from '../../main/resources/META-INF/resources/js/operator-monitor.js';

const FIGURES = {
  sessions: 3, finished: 2, released: 1, tasks: 2, activeSeconds: 3930, objectsChanged: 12, objectsPerMinute: 0.18320610687,
  checkedAutomaticResults: 2, acceptedUnchanged: 1, acceptedUnchangedShare: 0.5,
};

test('durations read as hours and minutes, minutes and seconds, or seconds', () => {
  assert.equal(duration(3930), '1 h 05 min');
  assert.equal(duration(270), '4 min 30 s');
  assert.equal(duration(45), '45 s');
  assert.equal(duration(0), '0 s');
});

test('a row per operator per day with its figures, and no rate where nothing was counted', () => {
  const [row, idle] = dayRows([
    { operatorId: 'ayse', day: '2026-11-22', figures: FIGURES },
    { operatorId: 'bora', day: '2026-11-22', figures: { ...FIGURES, activeSeconds: 0, objectsPerMinute: null, acceptedUnchangedShare: null } },
  ]);
  assert.deepEqual(row, {
    operator: 'ayse', day: '2026-11-22', sessions: '3', released: '1', tasks: '2', active: '1 h 05 min', objectsChanged: '12',
    objectsPerMinute: '0.2', checked: '2', acceptedUnchanged: '50.0 %',
  });
  assert.equal(idle.objectsPerMinute, '—');
  assert.equal(idle.acceptedUnchanged, '—');
});

test('a row per team says how many members it has', () => {
  assert.equal(teamRows([{ team: 'drinks', members: ['ayse', 'bora'], figures: FIGURES }])[0].members, '2');
});

test('the default range is the last seven UTC days up to today', () => {
  assert.deepEqual(lastWeek(new Date('2026-03-02T23:30:00Z')), { from: '2026-02-24', to: '2026-03-02' });
});
