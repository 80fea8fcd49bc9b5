// #/health — ops: the health of each server Loupe depends on, as the instance that answers sees it (Spring Boot's
// /actuator/health: Zeebe, Kafka, Elasticsearch, PostgreSQL, the journal relay, the model server, the read models'
// dead letters as WARN). Its components and their details are shown to ops and admins only (application.yml).
import { api } from '../api.js';
import { healthRows } from '../dashboards.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion, time } from '../dom.js';

const REFRESH_MS = 10000;
const COLUMNS = [['Component', 'component'], ['Status', 'status'], ['Details', 'details']];

/** What a status means for the one reading it. */
const MEANING = {
  UP: 'working',
  WARN: 'working, but something waits for a person',
  DOWN: 'not working',
  OUT_OF_SERVICE: 'taken out of service',
  UNKNOWN: 'not known here',
};

const badge = (status) => h('span', { class: `status health health-${String(status).toLowerCase()}` }, `${status} — ${MEANING[status] ?? 'unknown status'}`);

export function healthView(root) {
  document.title = 'Health — Loupe';
  let disposed = false;
  let timer = null;
  const overall = h('p', { 'aria-live': 'polite' });
  const checked = h('p', { class: 'muted' });
  const area = scrollRegion('Health per component', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Health'), h('button', { type: 'button', onclick: () => load() }, 'Refresh')),
    h('p', { class: 'muted' }, 'Each server Loupe depends on, as this instance of Loupe reaches it (/actuator/health). ',
      'Read models are WARN while a dead letter waits or a stream is quarantined: ', h('a', { href: '#/read-side' }, 'replay or discard them'), '. ',
      `Refreshed every ${REFRESH_MS / 1000} s.`),
    overall,
    checked,
    h('h2', { id: 'health-title' }, 'Components'),
    area,
  );
  load();

  async function load() {
    clearTimeout(timer);
    area.setAttribute('aria-busy', 'true');
    try {
      const health = await api.health();
      mount(overall, 'Loupe: ', badge(health.status));
      checked.replaceChildren('Checked ', time(new Date().toISOString()));
      const rows = healthRows(health).map((row) => ({ ...row, status: badge(row.status) }));
      mount(area, rows.length
        ? dataTable(COLUMNS, rows, { caption: plural(rows.length, 'component'), labelledBy: 'health-title' })
        : h('p', { class: 'empty' }, 'Only ops and admins see each component; you see the overall status.'));
    } catch (e) {
      overall.replaceChildren();
      mount(area, errorBox(e, 'Could not read the health.'));
    } finally {
      area.setAttribute('aria-busy', 'false');
      if (!disposed) timer = setTimeout(load, REFRESH_MS);
    }
  }

  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}
