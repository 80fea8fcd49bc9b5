// #/operators — the operator monitor: each operator's figures per day, and each team's, for a date range; the
// tasks each operator did and their time per task per day as charts.
import { api } from '../api.js';
import { chartBox } from '../chart.js';
import { chartSummary, productivity } from '../dashboards.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion } from '../dom.js';
import { dayRows, lastWeek, teamRows } from '../operator-monitor.js';

const FIGURES = [
  ['Sessions', 'sessions', 'num'],
  ['Released (given back or idle)', 'released', 'num'],
  ['Tasks', 'tasks', 'num'],
  ['Active time', 'active', 'num'],
  ['Objects changed', 'objectsChanged', 'num'],
  ['Objects / min', 'objectsPerMinute', 'num'],
  ['Checks of automatic results', 'checked', 'num'],
  ['Accepted unchanged', 'acceptedUnchanged', 'num'],
];
const DAY_COLUMNS = [['Operator', 'operator'], ['Day (UTC)', 'day'], ...FIGURES];
const TEAM_COLUMNS = [['Team', 'team'], ['Members', 'members', 'num'], ...FIGURES];

export function operatorsView(root) {
  document.title = 'Operators — Loupe';
  const range = lastWeek();
  const from = h('input', { id: 'monitor-from', name: 'from', type: 'date', value: range.from, required: true });
  const to = h('input', { id: 'monitor-to', name: 'to', type: 'date', value: range.to, required: true });
  const form = h(
    'form',
    { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); load(); } },
    h('div', {}, h('label', { for: 'monitor-from' }, 'From'), from),
    h('div', {}, h('label', { for: 'monitor-to' }, 'To'), to),
    h('button', { type: 'submit' }, 'Show'),
  );
  const tasksChart = chartBox('Tasks per operator per day');
  const timeChart = chartBox('Minutes per task per operator per day');
  const daysArea = scrollRegion('Per operator per day', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const teamsArea = scrollRegion('Per team', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Operators'), form),
    h(
      'p',
      { class: 'muted' },
      'Closed sessions by the UTC day they ended. Active time is claim to finish; a session released (given back or idle) counts none. ',
      'Objects / min = objects added, moved, relabeled, removed and texts typed per active minute. ',
      'Accepted unchanged = checks of the servers’ result finished without a change.',
    ),
    h('h2', { id: 'charts-title' }, 'Tasks and time per task'),
    h('p', { class: 'muted' }, 'The figures of the table below: tasks each operator finished per day, and their active minutes per task.'),
    tasksChart.el,
    timeChart.el,
    h('h2', { id: 'days-title' }, 'Per operator per day'),
    daysArea,
    h('h2', { id: 'teams-title' }, 'Per team'),
    teamsArea,
  );
  load();

  function load() {
    const query = { from: from.value, to: to.value };
    const days = api.operatorDays(query);
    days.then((answer) => drawCharts(answer, query), () => {}); // a failure is shown by the table below
    show(daysArea, 'days-title', () => days, dayRows, DAY_COLUMNS, 'operator-day',
      'No operator ended a session in these days.', 'Could not load the operators’ days.');
    show(teamsArea, 'teams-title', () => api.operatorTeams(query), teamRows, TEAM_COLUMNS, 'team',
      'There are no teams.', 'Could not load the teams’ figures.');
  }

  function drawCharts(days, range) {
    const { days: categories, tasks, minutesPerTask } = productivity(days, range);
    tasksChart.draw({ series: tasks, type: 'bar', x: 'category', categories, stacked: true, integer: true, yName: 'tasks',
      summary: chartSummary('Tasks finished per operator per day', tasks) });
    timeChart.draw({ series: minutesPerTask, type: 'line', x: 'category', categories, yName: 'min / task',
      summary: chartSummary('Active minutes per task per operator per day', minutesPerTask, ' min') });
  }

  return () => {
    tasksChart.dispose();
    timeChart.dispose();
  };
}

async function show(area, titleId, fetchRows, toRows, columns, noun, empty, failed) {
  area.setAttribute('aria-busy', 'true');
  try {
    const rows = toRows(await fetchRows());
    if (!rows.length) {
      mount(area, h('p', { class: 'empty' }, empty));
      return;
    }
    mount(area, dataTable(columns, rows, { caption: plural(rows.length, noun), labelledBy: titleId }));
  } catch (e) {
    mount(area, errorBox(e, failed));
  } finally {
    area.setAttribute('aria-busy', 'false');
  }
}
