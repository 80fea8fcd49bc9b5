// #/demand — ops: the work waiting and under way against the capacity for it, per task type (people) and per job
// type (the job workers), as the autoscaler sees it (GET /api/v1/demand, sampled every second by the server).
import { api } from '../api.js';
import { dataTable, errorBox, h, mount, scrollRegion, time } from '../dom.js';

const REFRESH_MS = 5000;
const COLUMNS = [['Type', 'type'], ['Queued', 'queued', 'num'], ['In process', 'inProcess', 'num'], ['Capacity', 'capacity', 'num'], ['Spare', 'spare', 'num']];

export function demandView(root) {
  document.title = 'Demand — Loupe';
  let disposed = false;
  let timer = null;
  const sampled = h('p', { class: 'muted', 'aria-live': 'off' });
  const tasksArea = scrollRegion("People's work", { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const jobsArea = scrollRegion('Job workers', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Demand'), h('button', { type: 'button', onclick: () => load() }, 'Refresh')),
    h('p', { class: 'muted' }, 'Demand = queued + in process + spare capacity (docs/adr/0025). People: tasks waiting for an operator, claimed, ',
      'and the members of teams given the task type. Job workers: tasks whose journal says the job is next, jobs running on this instance, its capacity.'),
    sampled,
    h('h2', { id: 'demand-tasks-title' }, "People's work, per task type"),
    tasksArea,
    h('h2', { id: 'demand-jobs-title' }, 'Job workers, per job type'),
    jobsArea,
  );
  load();

  async function load() {
    clearTimeout(timer);
    try {
      const demand = await api.demand();
      const rows = (figures) => figures.map((f) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(v)])));
      sampled.replaceChildren('Sampled ', time(demand.sampledAt));
      mount(tasksArea, dataTable(COLUMNS, rows(demand.tasks), { labelledBy: 'demand-tasks-title' }));
      mount(jobsArea, dataTable(COLUMNS, rows(demand.jobs), { labelledBy: 'demand-jobs-title' }));
    } catch (e) {
      mount(tasksArea, errorBox(e, 'Could not read the demand.'));
      jobsArea.replaceChildren();
    } finally {
      tasksArea.setAttribute('aria-busy', 'false');
      jobsArea.setAttribute('aria-busy', 'false');
      if (!disposed) timer = setTimeout(load, REFRESH_MS);
    }
  }

  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}
