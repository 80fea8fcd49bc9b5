// What the dashboards chart, shaped from the API's answers: series for the charts and the rows of the tables that
// say the same in text. Pure functions, unit-tested; js/chart.js draws them.
import { percent } from './quality.js';

const DAY_MS = 86400000;

/** An ISO instant's UTC day, '2026-03-02'. */
export function utcDay(iso) {
  return String(iso).slice(0, 10);
}

/** The `count` UTC months up to the one of `month` ('2026-12'), oldest first: ['2026-07', …, '2026-12']. */
export function monthsUpTo(month, count) {
  const [year, m] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, m - 1 - (count - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
}

/** The start a history asks for: `days` UTC days before `now`'s day, as an ISO instant. */
export function daysBefore(days, now = new Date()) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - days * DAY_MS).toISOString();
}

/**
 * GET /api/v1/model-quality/{model}/history as chart series and table rows. Rates: each version's precision and
 * recall (a detector) or reading accuracy (a recogniser) per period; counts: each version's true positives, false
 * positives and false negatives per period. A rate is null where nothing was counted (a gap, not a zero).
 */
export function qualityHistory(history) {
  const rates = [];
  const counts = [];
  const rows = [];
  for (const version of history.versions ?? []) {
    const rate = (name, pick) => ({ name: `v${version.version} ${name}`, points: version.periods.map((p) => [utcDay(p.start), pick(p)]) });
    const objects = version.periods.some((p) => p.objects);
    const readings = version.periods.some((p) => p.readings);
    if (objects) {
      rates.push(rate('precision', (p) => p.objects?.precision ?? null), rate('recall', (p) => p.objects?.recall ?? null));
      for (const [name, key] of [['true positives', 'truePositives'], ['false positives', 'falsePositives'], ['false negatives', 'falseNegatives']]) {
        counts.push({ name: `v${version.version} ${name}`, stack: `v${version.version}`, points: version.periods.map((p) => [utcDay(p.start), p.objects?.[key] ?? 0]) });
      }
    }
    if (readings) rates.push(rate('reading accuracy', (p) => p.readings?.accuracy ?? null));
    for (const p of version.periods) {
      rows.push({
        version: version.version,
        period: utcDay(p.start),
        checks: String((p.objects?.checks ?? 0) + (p.readings?.checks ?? 0)),
        truePositives: p.objects ? String(p.objects.truePositives) : '—',
        falsePositives: p.objects ? String(p.objects.falsePositives) : '—',
        falseNegatives: p.objects ? String(p.objects.falseNegatives) : '—',
        precision: percent(p.objects?.precision),
        recall: percent(p.objects?.recall),
        accuracy: percent(p.readings?.accuracy),
      });
    }
  }
  return { rates, counts, rows };
}

/** Every UTC day from `from` to `to` (yyyy-mm-dd), both included. */
export function daysFromTo(from, to) {
  const days = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * GET /api/v1/operator-monitor/days for the days `range` ({from, to}) as series per operator over every one of them:
 * tasks done (0 on a day without a session), and active minutes per task (null on a day without a task).
 */
export function productivity(days, range) {
  const dayList = daysFromTo(range.from, range.to);
  const operators = [...new Set(days.map((d) => d.operatorId))].sort();
  const figure = (operator, day) => days.find((d) => d.operatorId === operator && d.day === day)?.figures;
  const series = (pick) =>
    operators.map((operator) => ({ name: operator, points: dayList.map((day) => [day, pick(figure(operator, day))]) }));
  return {
    days: dayList,
    tasks: series((f) => f?.tasks ?? 0),
    minutesPerTask: series((f) => (f && f.tasks ? round(f.activeSeconds / 60 / f.tasks, 2) : null)),
  };
}

/**
 * Bills of several months (GET /api/v1/billing per month, oldest first) as series per client of the runs and of the
 * amount per month (0 where the client had nothing billed), and a row per client with each month's runs and amount
 * and their totals.
 */
export function billingByMonth(bills) {
  const months = bills.map((b) => b.month);
  const clients = [...new Set(bills.flatMap((b) => (b.clients ?? []).map((c) => c.clientId)))].sort();
  const totals = (bill, client) => bill.clients?.find((c) => c.clientId === client)?.totals;
  const amount = (bill, client) => Number(totals(bill, client)?.amount ?? 0);
  const runs = (bill, client) => totals(bill, client)?.runs ?? 0;
  const series = (pick) => clients.map((client) => ({ name: client, points: bills.map((bill) => [bill.month, pick(bill, client)]) }));
  const sum = (pick, client) => bills.reduce((total, bill) => total + pick(bill, client), 0);
  const cell = (r, a) => `${r} ${r === 1 ? 'run' : 'runs'}, ${a.toFixed(2)}`;
  const currency = bills.find((b) => b.currency)?.currency ?? '';
  const rows = clients.map((client) => ({
    client,
    ...Object.fromEntries(bills.map((bill) => [bill.month, cell(runs(bill, client), amount(bill, client))])),
    total: cell(sum(runs, client), sum(amount, client)),
  }));
  return { months, currency, runs: series(runs), amounts: series(amount), rows };
}

/** Keeps the last `max` samples: a new array with `sample` added at the end. */
export function addSample(samples, sample, max) {
  return [...samples, sample].slice(-max);
}

/** A demand answer as a sample: when, and per task type and per job type how many are queued and in process. */
export function demandSample(demand) {
  const figures = (list, kind) => list.map((f) => ({ name: `${f.type} (${kind})`, queued: f.queued, inProcess: f.inProcess }));
  return { at: demand.sampledAt, figures: [...figures(demand.tasks ?? [], 'people'), ...figures(demand.jobs ?? [], 'jobs')] };
}

/** The read models' state as a sample: when, and how many events each read model is behind. */
export function lagSample(states, at) {
  return { at, figures: states.map((s) => ({ name: s.name, behind: s.lag?.events ?? null })) };
}

/**
 * Samples as one series per name of the figure `key` (null where a sample lacks the name): what a time chart of
 * what this page saw draws.
 */
export function sampledSeries(samples, key) {
  const names = [...new Set(samples.flatMap((s) => s.figures.map((f) => f.name)))].sort();
  return names.map((name) => ({
    name,
    points: samples.map((s) => [s.at, s.figures.find((f) => f.name === name)?.[key] ?? null]),
  }));
}

/**
 * Samples as a table, newest first: a column for the time and one per name, whose cell shows the figures `keys`
 * ('3 / 1' for queued / in process), '—' where a sample lacks the name.
 */
export function sampleTable(samples, keys) {
  const names = [...new Set(samples.flatMap((s) => s.figures.map((f) => f.name)))].sort();
  const columns = [['Sampled', 'at'], ...names.map((name) => [name, name, 'num'])];
  const rows = samples.toReversed().map((s) => ({
    at: s.at,
    ...Object.fromEntries(names.map((name) => {
      const figure = s.figures.find((f) => f.name === name);
      return [name, figure ? keys.map((key) => figure[key] ?? '—').join(' / ') : '—'];
    })),
  }));
  return { columns, rows };
}

/**
 * GET /actuator/health as one row per component (nested ones as 'parent / child'): its status and details in words.
 * Without details (someone who is neither ops nor admin) there are no components.
 */
export function healthRows(health, prefix = '') {
  return Object.entries(health.components ?? {}).flatMap(([name, component]) => {
    const path = prefix ? `${prefix} / ${name}` : name;
    if (component.components) return healthRows(component, path);
    return [{ component: path, status: component.status, details: detailsText(component.details) }];
  });
}

function detailsText(details) {
  if (!details) return '';
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : value}`)
    .join('; ');
}

/**
 * A sentence that says what a chart shows, for its aria-label: the title, and per series its latest value (or that
 * it has none), so a screen reader gets the gist; the table next to it has every figure.
 */
export function chartSummary(title, series, unit = '') {
  if (!series.length) return `${title}: no data.`;
  const latest = series.map((s) => {
    const last = [...s.points].reverse().find(([, v]) => v !== null && v !== undefined);
    return last ? `${s.name} ${formatValue(last[1])}${unit} at ${last[0]}` : `${s.name} none`;
  });
  return `${title}. Latest: ${latest.join('; ')}.`;
}

function formatValue(value) {
  return Number.isInteger(value) ? String(value) : String(round(value, 3));
}

function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
