// #/demand — ops: the work waiting and under way against the capacity for it, per task type (people) and per job
// type (the job workers), as the autoscaler sees it (GET /api/v1/demand, sampled every second by the server). The
// server keeps no history: the charts are the answers this page got while it was open, kept in the page only.
import { api } from '../api.js';
import { chartBox } from '../chart.js';
import { addSample, chartSummary, demandSample, sampledSeries, sampleTable } from '../dashboards.js';
import { dataTable, errorBox, h, mount, scrollRegion, time } from '../dom.js';

const REFRESH_MS = 5000;
/** Ten minutes of samples. */
const KEPT_SAMPLES = 120;
const COLUMNS = [['Type', 'type'], ['Queued', 'queued', 'num'], ['In process', 'inProcess', 'num'], ['Capacity', 'capacity', 'num'], ['Spare', 'spare', 'num']];

export function demandView(root) {
  document.title = 'Demand — Loupe';
  let disposed = false;
  let timer = null;
  const sampled = h('p', { class: 'muted', 'aria-live': 'off' });
  const tasksArea = scrollRegion("People's work", { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const jobsArea = scrollRegion('Job workers', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const queuedChart = chartBox('Queued over time');
  const inProcessChart = chartBox('In process over time');
  const samplesArea = scrollRegion('Samples of this page', {});
  let samples = [];
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
    h('h2', { id: 'demand-history-title' }, 'Since this page was opened'),
    h('p', { class: 'muted' }, `This page asks for the demand every ${REFRESH_MS / 1000} s and charts its answers, the last ${KEPT_SAMPLES} of them; `,
      'the server keeps none (a Prometheus scraping the loupe.demand.* gauges of /actuator/prometheus does), so leaving the page forgets them.'),
    queuedChart.el,
    inProcessChart.el,
    h('details', {}, h('summary', {}, 'The samples as a table'), samplesArea),
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
      if (demand.sampledAt) {
        samples = addSample(samples, demandSample(demand), KEPT_SAMPLES);
        drawHistory();
      }
    } catch (e) {
      mount(tasksArea, errorBox(e, 'Could not read the demand.'));
      jobsArea.replaceChildren();
    } finally {
      tasksArea.setAttribute('aria-busy', 'false');
      jobsArea.setAttribute('aria-busy', 'false');
      if (!disposed) timer = setTimeout(load, REFRESH_MS);
    }
  }

  function drawHistory() {
    const queued = sampledSeries(samples, 'queued');
    const inProcess = sampledSeries(samples, 'inProcess');
    queuedChart.draw({ series: queued, integer: true, yName: 'queued', summary: chartSummary('Queued per type, as sampled by this page', queued) });
    inProcessChart.draw({ series: inProcess, integer: true, yName: 'in process', summary: chartSummary('In process per type, as sampled by this page', inProcess) });
    const { columns, rows } = sampleTable(samples, ['queued', 'inProcess']);
    mount(samplesArea, dataTable(columns, rows.map((row) => ({ ...row, at: time(row.at) })), { caption: 'queued / in process', labelledBy: 'demand-history-title' }));
  }

  return () => {
    disposed = true;
    clearTimeout(timer);
    queuedChart.dispose();
    inProcessChart.dispose();
  };
}
