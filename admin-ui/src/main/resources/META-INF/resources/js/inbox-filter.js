// The inbox's filters, kept in the page address (#/inbox?type=…&classGroupKey=…) so a filtered inbox can be
// bookmarked, and the inbox's columns in words. Pure functions, unit-tested.

/** How long a task has waited at least, as the API takes it (an ISO-8601 duration), with its words. */
export const WAITED_AT_LEAST = Object.freeze({
  PT5M: '5 minutes',
  PT30M: '30 minutes',
  PT1H: '1 hour',
  PT4H: '4 hours',
  P1D: '1 day',
});

const TEXT_MAX = 200;

/** A text parameter of a filter: trimmed, when not empty and at most 200 characters; else undefined. */
export function textParam(query, name) {
  const value = (query.get(name) ?? '').trim();
  return value && value.length <= TEXT_MAX ? value : undefined;
}

/**
 * The filters a query names, those that make sense only: a type and a class group key (trimmed, not empty, at
 * most 200 characters), a least priority (a whole number ≥ 0), a least wait among {@link WAITED_AT_LEAST}'s.
 */
export function filterFromQuery(query) {
  const filter = {};
  for (const name of ['type', 'classGroupKey']) {
    const value = textParam(query, name);
    if (value) filter[name] = value;
  }
  const minPriority = query.get('minPriority');
  if (minPriority !== null && /^\d{1,9}$/.test(minPriority)) filter.minPriority = Number(minPriority);
  const olderThan = query.get('olderThan');
  if (olderThan && Object.hasOwn(WAITED_AT_LEAST, olderThan)) filter.olderThan = olderThan;
  return filter;
}

/** The filters as a query string, in a fixed order, without the ones not set: for the API and the address. */
export function filterQuery(filter) {
  const query = new URLSearchParams();
  for (const name of ['type', 'classGroupKey', 'minPriority', 'olderThan']) {
    if (filter[name] !== undefined && filter[name] !== '') query.set(name, String(filter[name]));
  }
  return query.toString();
}

/** Why a task is in the inbox, in words. */
export function reasonLabel(reason) {
  if (reason === 'MODEL_NOT_FOUND') return 'No model: draw';
  if (reason === 'QUALITY_CHECK') return 'Check';
  return reason ? String(reason) : '—';
}

/** How long since `sinceIso`, at `now`: '45 s', '12 min', '3 h 05 min', '2 d 4 h'. */
export function waited(sinceIso, now = new Date()) {
  const since = new Date(sinceIso);
  if (Number.isNaN(since.getTime())) return '—';
  const seconds = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
