// What the dashboards chart and list: series and rows shaped from the API's answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addSample, billingByMonth, chartSummary, daysBefore, daysFromTo, demandSample, healthRows, lagSample, monthsUpTo, productivity,
  qualityHistory, sampledSeries, sampleTable,
} from '../../main/resources/META-INF/resources/js/dashboards.js';

const objects = (tp, fp, fn) => ({
  checks: 1, truePositives: tp, falsePositives: fp, falseNegatives: fn,
  precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null, classes: [],
});

test('monthsUpTo counts back across a year', () => {
  assert.deepEqual(monthsUpTo('2026-02', 4), ['2025-11', '2025-12', '2026-01', '2026-02']);
});

test('daysBefore starts at midnight UTC, whatever the time of day', () => {
  assert.equal(daysBefore(90, new Date('2026-12-03T23:59:00Z')), '2026-09-04T00:00:00.000Z');
});

test("qualityHistory charts a detector's precision and recall and stacks each version's counts apart", () => {
  const { rates, counts, rows } = qualityHistory({
    versions: [
      { version: '1', periods: [{ start: '2026-03-02T00:00:00Z', objects: objects(4, 1, 0), readings: null }] },
      { version: '2', periods: [{ start: '2026-03-03T00:00:00Z', objects: objects(0, 0, 0), readings: null }] },
    ],
  });
  assert.deepEqual(rates.map((s) => s.name), ['v1 precision', 'v1 recall', 'v2 precision', 'v2 recall']);
  assert.deepEqual(rates[0].points, [['2026-03-02', 0.8]]);
  assert.deepEqual(rates[2].points, [['2026-03-03', null]], 'nothing counted is a gap, not 0 %');
  assert.deepEqual(counts.map((s) => s.stack), ['v1', 'v1', 'v1', 'v2', 'v2', 'v2']);
  assert.deepEqual(rows[0], {
    version: '1', period: '2026-03-02', checks: '1', truePositives: '4', falsePositives: '1', falseNegatives: '0',
    precision: '80.0 %', recall: '100.0 %', accuracy: '—',
  });
});

test("qualityHistory charts a recogniser's reading accuracy and no object counts", () => {
  const { rates, counts } = qualityHistory({
    versions: [{ version: '3', periods: [{ start: '2026-03-02T00:00:00Z', objects: null, readings: { checks: 2, accuracy: 0.75 } }] }],
  });
  assert.deepEqual(rates, [{ name: 'v3 reading accuracy', points: [['2026-03-02', 0.75]] }]);
  assert.deepEqual(counts, []);
});

test('daysFromTo lists every day of the range across a month', () => {
  assert.deepEqual(daysFromTo('2026-11-29', '2026-12-01'), ['2026-11-29', '2026-11-30', '2026-12-01']);
  assert.deepEqual(daysFromTo('2026-12-02', '2026-12-01'), []);
});

test('productivity gives every operator every day of the range: 0 tasks, and no time per task, on a day they did none', () => {
  const figures = (tasks, activeSeconds) => ({ tasks, activeSeconds });
  const { days, tasks, minutesPerTask } = productivity([
    { operatorId: 'bora', day: '2026-12-02', figures: figures(3, 540) },
    { operatorId: 'ayse', day: '2026-12-01', figures: figures(3, 10) },
  ], { from: '2026-12-01', to: '2026-12-03' });
  assert.deepEqual(days, ['2026-12-01', '2026-12-02', '2026-12-03']);
  assert.deepEqual(tasks, [
    { name: 'ayse', points: [['2026-12-01', 3], ['2026-12-02', 0], ['2026-12-03', 0]] },
    { name: 'bora', points: [['2026-12-01', 0], ['2026-12-02', 3], ['2026-12-03', 0]] },
  ]);
  assert.deepEqual(minutesPerTask[0].points, [['2026-12-01', 0.06], ['2026-12-02', null], ['2026-12-03', null]]);
  assert.deepEqual(minutesPerTask[1].points, [['2026-12-01', null], ['2026-12-02', 3], ['2026-12-03', null]]);
});

test("billingByMonth puts each client's runs and amount in every month, 0 where nothing was billed, and totals them", () => {
  const bill = (month, clients) => ({
    month, currency: 'EUR', clients: clients.map(([clientId, runs, amount]) => ({ clientId, totals: { runs, amount } })),
  });
  const { months, currency, runs, amounts, rows } = billingByMonth([
    bill('2026-11', [['acme', 5, 12.5]]),
    bill('2026-12', [['acme', 1, 2], ['zeta', 2, 1]]),
  ]);
  assert.deepEqual(months, ['2026-11', '2026-12']);
  assert.equal(currency, 'EUR');
  assert.deepEqual(amounts, [
    { name: 'acme', points: [['2026-11', 12.5], ['2026-12', 2]] },
    { name: 'zeta', points: [['2026-11', 0], ['2026-12', 1]] },
  ]);
  assert.deepEqual(runs[1], { name: 'zeta', points: [['2026-11', 0], ['2026-12', 2]] });
  assert.deepEqual(rows[0], { client: 'acme', '2026-11': '5 runs, 12.50', '2026-12': '1 run, 2.00', total: '6 runs, 14.50' });
});

test('addSample keeps only the newest samples', () => {
  assert.deepEqual(addSample([1, 2, 3], 4, 3), [2, 3, 4]);
});

test('demand and lag samples become one series per name, with gaps where a sample lacks the name', () => {
  const first = demandSample({ sampledAt: '2026-12-03T10:00:00Z', tasks: [{ type: 'product-detection', queued: 3, inProcess: 1 }], jobs: [] });
  const second = demandSample({
    sampledAt: '2026-12-03T10:00:05Z',
    tasks: [{ type: 'product-detection', queued: 2, inProcess: 2 }],
    jobs: [{ type: 'loupe.detect-objects', queued: 5, inProcess: 0 }],
  });
  assert.deepEqual(sampledSeries([first, second], 'queued'), [
    { name: 'loupe.detect-objects (jobs)', points: [['2026-12-03T10:00:00Z', null], ['2026-12-03T10:00:05Z', 5]] },
    { name: 'product-detection (people)', points: [['2026-12-03T10:00:00Z', 3], ['2026-12-03T10:00:05Z', 2]] },
  ]);
  const lag = lagSample([{ name: 'tasks', lag: { events: 7 } }, { name: 'billing', lag: null }], '2026-12-03T10:00:00Z');
  assert.deepEqual(lag.figures, [{ name: 'tasks', behind: 7 }, { name: 'billing', behind: null }]);
});

test('sampleTable lists the newest sample first, a cell per name with the figures asked for', () => {
  const samples = [
    { at: 't1', figures: [{ name: 'a', queued: 1, inProcess: 0 }] },
    { at: 't2', figures: [{ name: 'a', queued: 2, inProcess: 1 }, { name: 'b', queued: 0, inProcess: null }] },
  ];
  const { columns, rows } = sampleTable(samples, ['queued', 'inProcess']);
  assert.deepEqual(columns, [['Sampled', 'at'], ['a', 'a', 'num'], ['b', 'b', 'num']]);
  assert.deepEqual(rows, [{ at: 't2', a: '2 / 1', b: '0 / —' }, { at: 't1', a: '1 / 0', b: '—' }]);
});

test("healthRows lists each component, nested ones under their parent's name, with the details in words", () => {
  const rows = healthRows({
    status: 'UP',
    components: {
      readModels: { status: 'WARN', details: { deadLettersWaiting: 2, quarantinedStreams: 0 } },
      probes: { status: 'UP', components: { ping: { status: 'UP' } } },
      inference: { status: 'UP', details: { models: ['text_detection'] } },
    },
  });
  assert.deepEqual(rows, [
    { component: 'readModels', status: 'WARN', details: 'deadLettersWaiting: 2; quarantinedStreams: 0' },
    { component: 'probes / ping', status: 'UP', details: '' },
    { component: 'inference', status: 'UP', details: 'models: ["text_detection"]' },
  ]);
  assert.deepEqual(healthRows({ status: 'UP' }), [], 'without details there are no components');
});

test("chartSummary says each series' latest value, and when there is nothing", () => {
  const series = [{ name: 'v1 precision', points: [['2026-03-02', 0.8], ['2026-03-03', null]] }, { name: 'v2 recall', points: [] }];
  assert.equal(chartSummary('Rates', series), 'Rates. Latest: v1 precision 0.8 at 2026-03-02; v2 recall none.');
  assert.equal(chartSummary('Rates', []), 'Rates: no data.');
});
