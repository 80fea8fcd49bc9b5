// The operator monitor's figures as table rows, and the default date range (docs/operator-monitor.md).
import { percent } from './quality.js';

/** Seconds as "1 h 05 min", "4 min 30 s" or "45 s". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(Number(seconds) || 0));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (hours) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/** Objects per minute with one decimal, '—' without active time. */
export function perMinute(rate) {
  return rate === null || rate === undefined ? '—' : rate.toFixed(1);
}

/** The cells every row shows for a `figures` object of the API. */
export function figureCells(f) {
  return {
    sessions: String(f.sessions),
    released: String(f.released),
    tasks: String(f.tasks),
    active: duration(f.activeSeconds),
    objectsChanged: String(f.objectsChanged),
    objectsPerMinute: perMinute(f.objectsPerMinute),
    checked: String(f.checkedAutomaticResults),
    acceptedUnchanged: percent(f.acceptedUnchangedShare),
  };
}

/** Rows for GET /api/v1/operator-monitor/days: one per operator per day, as the server orders them. */
export function dayRows(days) {
  return days.map((d) => ({ operator: d.operatorId, day: d.day, ...figureCells(d.figures) }));
}

/** Rows for GET /api/v1/operator-monitor/teams: one per team, with how many members it has. */
export function teamRows(teams) {
  return teams.map((t) => ({ team: t.team, members: String(t.members.length), ...figureCells(t.figures) }));
}

/** The last seven UTC days up to `now`, as the server's default: {from, to} as yyyy-mm-dd. */
export function lastWeek(now = new Date()) {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(to.getTime() - 6 * 86400000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}
