// The task manager's filters, kept in the page address (#/tasks?status=…), its sort orders, and what a bulk command
// answered, in words. Pure functions, unit-tested.
import { textParam } from './inbox-filter.js';
import { TASK_STATUSES } from './statuses.js';

/** The sort orders offered, as the API takes them, with their words; the first is the API's default. */
export const SORTS = Object.freeze({
  'createdAt,desc': 'newest first',
  'createdAt,asc': 'oldest first',
  'finishedAt,desc': 'finished last first',
  'priority,desc': 'highest priority first',
  'updatedAt,desc': 'changed last first',
});

const TEXTS = ['type', 'clientId', 'classGroupKey', 'model', 'modelVersion', 'operatorId'];
const DAYS = ['createdFrom', 'createdTo', 'finishedFrom', 'finishedTo'];
const FLAGS = ['mine', 'attention'];
const ORDER = ['status', ...TEXTS, ...DAYS, ...FLAGS, 'sort'];

/**
 * The filters a query names, those that make sense only: a known status, texts (trimmed, not empty, at most 200
 * characters), days (YYYY-MM-DD, UTC), flags ('true'), an offered sort.
 */
export function taskFilterFromQuery(query) {
  const filter = {};
  const status = query.get('status');
  if (status && Object.hasOwn(TASK_STATUSES, status)) filter.status = status;
  for (const name of TEXTS) {
    const value = textParam(query, name);
    if (value) filter[name] = value;
  }
  for (const name of DAYS) {
    const value = query.get(name);
    if (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && isDay(value)) filter[name] = value;
  }
  for (const name of FLAGS) {
    if (query.get(name) === 'true' || query.get(name) === 'on') filter[name] = true;
  }
  const sort = query.get('sort');
  if (sort && Object.hasOwn(SORTS, sort)) filter.sort = sort;
  return filter;
}

/** Whether a YYYY-MM-DD text is a day of the calendar (not 2026-11-31). */
function isDay(text) {
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** The filters for the page's address, in a fixed order; days as they are. */
export function taskFilterQuery(filter) {
  const query = new URLSearchParams();
  for (const name of ORDER) {
    if (filter[name] !== undefined && filter[name] !== '' && filter[name] !== false) query.set(name, String(filter[name]));
  }
  return query.toString();
}

/**
 * The filters as the API takes them: a day becomes its UTC midnight, a "to" day includes the whole day (the next
 * midnight); `after` continues after a cursor.
 */
export function taskApiQuery(filter, { size, after } = {}) {
  const query = new URLSearchParams();
  for (const name of ORDER) {
    const value = filter[name];
    if (value === undefined || value === '' || value === false) continue;
    if (DAYS.includes(name)) {
      const day = new Date(`${value}T00:00:00Z`);
      if (name.endsWith('To')) day.setUTCDate(day.getUTCDate() + 1);
      query.set(name, day.toISOString());
    } else {
      query.set(name, String(value));
    }
  }
  if (size) query.set('size', String(size));
  if (after) query.set('after', after);
  return query.toString();
}

/** A bulk command's answer in words: the counts, then each task it did not do, with why. */
export function bulkSummary(answer) {
  const counts = Object.entries(answer.counts ?? {}).map(([result, n]) => `${n} ${result.toLowerCase().replace('_', ' ')}`);
  const notDone = (answer.outcomes ?? [])
    .filter((o) => o.result !== 'DONE')
    .map((o) => `${o.taskId}: ${o.result.toLowerCase().replace('_', ' ')}${o.message ? ` (${o.message})` : ''}`);
  return { headline: counts.join(', ') || 'nothing asked', notDone };
}
