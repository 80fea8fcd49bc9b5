// #/tasks?status=…&… — the task manager: every task the person may see, filtered (the address keeps the filters),
// sorted, counted per status, paged on with the API's cursor, exported as CSV; selected tasks cancelled, reprocessed
// or resent to an operator in one bulk command, each task's outcome shown.
import { api } from '../api.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion, time } from '../dom.js';
import { statusClass, statusLabel, TASK_STATUSES } from '../statuses.js';
import { bulkSummary, SORTS, taskApiQuery, taskFilterFromQuery, taskFilterQuery } from '../task-manager.js';
import { shortId } from './inbox.js';

const PAGE_SIZE = 50;
const COLUMNS = [
  ['', 'select'],
  ['Task', 'id'],
  ['Type', 'type'],
  ['Status', 'status'],
  ['Class group', 'classGroup'],
  ['Client', 'client'],
  ['Model', 'model'],
  ['Operator', 'operator'],
  ['Priority', 'priority', 'num'],
  ['Incident', 'incident'],
  ['Created', 'created'],
  ['Finished', 'finished'],
];
const BULK = Object.freeze({ cancel: 'Cancel', reprocess: 'Reprocess', 'resend-to-operator': 'Resend to operator' });

export function tasksView(root, { query = new URLSearchParams() } = {}) {
  document.title = 'Tasks — Loupe';
  let filter = taskFilterFromQuery(query);
  let next = null;
  let shown = [];
  const selected = new Set();

  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const bulkResult = h('div');
  const area = scrollRegion('Tasks', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const more = h('button', { type: 'button', hidden: true, onclick: () => load(next) }, 'More');
  const csv = h('a', { class: 'button-link', download: '' }, 'Download CSV');
  const selectedCount = h('span', { class: 'muted' });
  const bulkButtons = Object.entries(BULK).map(([command, words]) =>
    h('button', { type: 'button', class: command === 'cancel' ? 'danger' : '', disabled: true, onclick: () => bulk(command, words) }, `${words} selected`));

  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Tasks'), h('div', { class: 'toolbar' }, csv, h('button', { type: 'button', onclick: () => load() }, 'Refresh'))),
    filterForm(),
    summary,
    h('div', { class: 'toolbar bulk', role: 'group', 'aria-label': 'With the selected tasks' }, selectedCount, bulkButtons),
    bulkResult,
    area,
    more,
  );
  load();

  function filterForm() {
    const text = (id, label, name) =>
      h('div', { class: 'filter-field' }, h('label', { for: id }, label), h('input', { id, name, type: 'text', value: filter[name] ?? '', spellcheck: 'false', maxlength: '200' }));
    const day = (id, label, name) => h('div', { class: 'filter-field' }, h('label', { for: id }, label), h('input', { id, name, type: 'date', value: filter[name] ?? '' }));
    const flag = (id, label, name) => h('label', { class: 'checkbox', for: id }, h('input', { id, name, type: 'checkbox', value: 'true', checked: Boolean(filter[name]) }), ` ${label}`);
    const form = h(
      'form',
      {
        class: 'filters',
        role: 'search',
        'aria-label': 'Filter the tasks',
        onsubmit: (e) => {
          e.preventDefault();
          filter = taskFilterFromQuery(new URLSearchParams(new FormData(form)));
          const narrowed = taskFilterQuery(filter);
          history.replaceState(null, '', narrowed ? `#/tasks?${narrowed}` : '#/tasks');
          load();
        },
      },
      h('div', { class: 'filter-field' }, h('label', { for: 'tasks-status' }, 'Status'), h('select', { id: 'tasks-status', name: 'status' },
        h('option', { value: '' }, 'any'),
        Object.entries(TASK_STATUSES).map(([value, words]) => h('option', { value, selected: filter.status === value }, words)))),
      text('tasks-type', 'Task type', 'type'),
      text('tasks-client', 'Client', 'clientId'),
      text('tasks-class-group', 'Class group', 'classGroupKey'),
      text('tasks-model', 'Model', 'model'),
      text('tasks-model-version', 'Model version', 'modelVersion'),
      text('tasks-operator', 'Operator', 'operatorId'),
      day('tasks-created-from', 'Created from', 'createdFrom'),
      day('tasks-created-to', 'Created to', 'createdTo'),
      day('tasks-finished-from', 'Finished from', 'finishedFrom'),
      day('tasks-finished-to', 'Finished to', 'finishedTo'),
      flag('tasks-attention', 'needs attention', 'attention'),
      flag('tasks-mine', 'claimed by me', 'mine'),
      h('div', { class: 'filter-field' }, h('label', { for: 'tasks-sort' }, 'Order'), h('select', { id: 'tasks-sort', name: 'sort' },
        Object.entries(SORTS).map(([value, words]) => h('option', { value, selected: (filter.sort ?? 'createdAt,desc') === value }, words)))),
      h('button', { type: 'submit' }, 'Filter'),
    );
    return form;
  }

  async function load(after = null) {
    area.setAttribute('aria-busy', 'true');
    csv.href = `api/v1/tasks.csv?${taskApiQuery(filter)}`;
    try {
      const page = await api.tasks(taskApiQuery(filter, { size: PAGE_SIZE, after }));
      shown = after ? shown.concat(page.items) : page.items;
      if (!after) selected.clear();
      next = page.next ?? null;
      more.hidden = !next;
      const perStatus = Object.entries(page.statuses ?? {}).map(([status, n]) => `${statusLabel(status)} ${n}`).join(' · ');
      summary.textContent = `${plural(page.total, 'task')} match${perStatus ? `: ${perStatus}` : ''}. Showing ${shown.length}.`;
      render();
    } catch (e) {
      mount(area, errorBox(e, 'Could not list the tasks.'));
    } finally {
      area.setAttribute('aria-busy', 'false');
    }
  }

  function render() {
    updateBulk();
    if (!shown.length) {
      mount(area, h('p', { class: 'empty' }, 'No task matches.'));
      return;
    }
    const check = (task) =>
      h('input', {
        type: 'checkbox',
        'aria-label': `Select task ${task.id}`,
        checked: selected.has(task.id),
        onchange: (e) => {
          if (e.target.checked) selected.add(task.id);
          else selected.delete(task.id);
          updateBulk();
        },
      });
    const rows = shown.map((task) => ({
      select: check(task),
      id: h('a', { href: `#/tasks/${encodeURIComponent(task.id)}`, class: 'mono', title: task.id }, shortId(task.id)),
      type: task.type,
      status: h('span', { class: statusClass(task.status) }, statusLabel(task.status)),
      classGroup: task.classGroup?.key,
      client: task.clientId,
      model: task.model ? `${task.model.name} ${task.model.version}` : null,
      operator: task.operatorId,
      priority: String(task.priority ?? 0),
      incident: task.incident ? h('span', { class: 'badge escalated', title: task.incident.error ?? '' }, task.incident.elementId ?? 'incident') : null,
      created: time(task.createdAt),
      finished: time(task.finishedAt),
    }));
    mount(area, dataTable(COLUMNS, rows, { caption: plural(shown.length, 'task') }));
  }

  function updateBulk() {
    selectedCount.textContent = `${plural(selected.size, 'task')} selected`;
    bulkButtons.forEach((button) => (button.disabled = selected.size === 0));
  }

  async function bulk(command, words) {
    const reason = prompt(`${words} ${plural(selected.size, 'task')}: why? (kept with each task)`);
    if (reason === null) return;
    try {
      const answer = await api.bulkTasks(command, [...selected], reason.trim() || undefined);
      const { headline, notDone } = bulkSummary(answer);
      mount(bulkResult, h('div', { class: 'notice', role: 'status' }, h('p', {}, `${words}: ${headline}.`),
        notDone.length ? h('ul', {}, notDone.map((line) => h('li', {}, line))) : null,
        h('p', { class: 'muted small' }, 'The list is updated from the tasks’ journals a moment after a change: Refresh if it still shows the old state.')));
      load();
    } catch (e) {
      mount(bulkResult, errorBox(e, `${words} was not carried out.`));
    }
  }
}
