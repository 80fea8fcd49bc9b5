// #/tasks/{id} — a task's current view and its event history (the task's journal, in order).
import { api } from '../api.js';
import { errorBox, h, mount, plural, scrollRegion, time } from '../dom.js';
import { sessions } from '../local.js';
import { flash } from '../shell.js';
import { createOverlay, renderOverlay } from '../overlay.js';
import { eventsBehind, statusClass, statusLabel } from '../statuses.js';
import { createDiagram } from '../diagram.js';
import { runLabel, runMarkers } from '../recipes.js';

const CATCH_UP_MS = 1500;
const CATCH_UP_TRIES = 20;

export function taskView(root, { taskId }) {
  document.title = `Task ${taskId} — Loupe`;
  let disposed = false;
  let catchUp = null;
  const observers = [];
  let diagram = null;

  load();
  return () => {
    disposed = true;
    clearTimeout(catchUp);
    observers.forEach((o) => o.disconnect());
    diagram?.destroy();
  };

  async function load(tries = 0) {
    clearTimeout(catchUp);
    mount(root, h('h1', {}, 'Task ', h('span', { class: 'mono' }, taskId)), h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…'));
    const [task, events] = await Promise.allSettled([api.task(taskId), api.events(taskId)]);
    if (disposed) return;
    // The view is a read model: right after a change it can be behind the task's journal for a moment.
    const behind = task.status === 'fulfilled' && events.status === 'fulfilled' ? eventsBehind(task.value, events.value) : 0;
    if (behind > 0 && tries < CATCH_UP_TRIES) catchUp = setTimeout(() => load(tries + 1), CATCH_UP_MS);
    observers.forEach((o) => o.disconnect());
    observers.length = 0;
    mount(
      root,
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, 'Task ', h('span', { class: 'mono' }, taskId)),
        h(
          'div',
          { class: 'toolbar' },
          task.status === 'fulfilled' ? actions(task.value) : null,
          h('button', { type: 'button', onclick: () => load() }, 'Reload'),
        ),
      ),
      behind > 0
        ? h('p', { class: 'notice', role: 'status' }, `Updating… the view below is ${behind === 1 ? '1 event' : `${behind} events`} behind the task's history${tries < CATCH_UP_TRIES ? '; it is read again in a moment' : ': press Reload'}.`)
        : null,
      task.status === 'fulfilled' ? summary(task.value) : errorBox(task.reason, 'Could not load the task.'),
      task.status === 'fulfilled' ? imagesSection(task.value) : null,
      recipeSection(),
      h('h2', { id: 'events-title' }, 'Event history'),
      events.status === 'fulfilled' ? eventsTable(events.value) : errorBox(events.reason, 'Could not load the event history.'),
    );
  }

  /** Cancel while it runs; reprocess or resend to an operator once done (the server says no otherwise, and why). */
  function actions(task) {
    const finished = ['DONE', 'REJECTED', 'CANCELLED'].includes(task.status);
    const offered = finished
      ? [['reprocess', 'Reprocess'], ['resend-to-operator', 'Resend to operator']]
      : [['cancel', 'Cancel task']];
    return offered.map(([command, words]) =>
      h('button', { type: 'button', class: command === 'cancel' ? 'danger' : '', onclick: () => act(command, words) }, words));
  }

  async function act(command, words) {
    const reason = prompt(`${words}: why? (kept with the task)`);
    if (reason === null) return;
    try {
      await api.taskCommand(taskId, command, reason.trim() || undefined);
      flash(`${words}: asked. The page follows the task.`, 'success');
    } catch (e) {
      flash(`${words} refused: ${e.problem?.detail ?? e.message}`, 'error');
    }
    load();
  }

  function summary(task) {
    const classes = task.classGroup?.classes ?? [];
    const local = sessions.list().find((s) => s.state.taskId === task.id);
    return h(
      'section',
      { 'aria-label': 'Task summary' },
      local
        ? h(
            'p',
            { class: 'notice' },
            'You have unfinished work on this task on this device: ',
            h('a', { href: `#/work/${encodeURIComponent(local.state.sessionId)}?task=${encodeURIComponent(task.id)}` }, 'resume it'),
            '.',
          )
        : null,
      h(
        'dl',
        { class: 'summary' },
        item('Status', h('span', { class: statusClass(task.status) }, statusLabel(task.status))),
        item('Type', task.type ?? '—'),
        item('Class group', task.classGroup?.key ?? '—'),
        item('Classes', classes.length ? classes.map((c) => c.name).join(', ') : '—'),
        item('Operator', task.operatorId ?? '—'),
        item('Version', String(task.version ?? '—')),
        item('Created', time(task.createdAt)),
        item('Updated', time(task.updatedAt)),
        item('Result', task.result ? plural(task.result.objects?.length ?? 0, 'object') : 'none yet'),
        task.rejection ? item('Rejected because', rejectedBecause(task.rejection)) : null,
      ),
    );
  }

  /** A worker's finding ("image 1: could not be fetched"), or an operator's reason with their note. */
  function rejectedBecause(rejection) {
    const because = `image ${rejection.imageIndex + 1} ${rejection.problem}`;
    if (!rejection.reason) return because;
    return `${because} (an operator’s verdict: ${rejection.reason}${rejection.note ? `, “${rejection.note}”` : ''})`;
  }

  function item(label, value) {
    return h('div', {}, h('dt', {}, label), h('dd', {}, value));
  }

  /** The diagram of the recipe version each run ran on, with the path it took; the latest run first shown. */
  function recipeSection() {
    const area = h('div', {}, h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…'));
    const section = h('section', { 'aria-labelledby': 'recipe-title' }, h('h2', { id: 'recipe-title' }, 'Recipe'), area);
    api.recipeRuns(taskId).then(
      (runs) => !disposed && showRuns(area, runs),
      (err) => !disposed && mount(area, errorBox(err, 'Could not load the recipe runs.')),
    );
    return section;
  }

  function showRuns(area, runs) {
    if (!runs.length) {
      mount(area, h('p', { class: 'empty' }, 'The journal records no run of a recipe for this task.'));
      return;
    }
    const picker = h('select', { id: 'recipe-run', onchange: () => showRun(runs[Number(picker.value)]) },
      runs.map((run, i) => h('option', { value: String(i) }, `Run ${i + 1}: ${runLabel(run, (iso) => new Date(iso).toLocaleString())}`)));
    picker.value = String(runs.length - 1);
    const path = h('ol', { class: 'recipe-path', 'aria-label': 'Elements the run reached' });
    const diagramArea = h('div');
    const problem = h('div');
    diagram?.destroy();
    diagram = createDiagram(diagramArea, 'Diagram of the recipe version the task ran on');
    mount(
      area,
      h('div', { class: 'filters' }, h('div', { class: 'filter-field' }, h('label', { for: 'recipe-run' }, 'Run'), picker)),
      h('ul', { class: 'diagram-legend' },
        h('li', {}, h('span', { class: 'swatch path' }), 'reached'),
        h('li', {}, h('span', { class: 'swatch current' }), 'where the task is'),
        h('li', {}, h('span', { class: 'swatch incident' }), 'open incident')),
      problem,
      diagramArea,
      h('h3', {}, 'Path taken'),
      path,
    );
    showRun(runs[runs.length - 1]);

    async function showRun(run) {
      const words = (elementId) => (run.at === elementId ? ' (the task is here)' : '') + (run.incident === elementId ? ' (open incident)' : '');
      const kept = run.deploymentId !== null && run.deploymentId !== undefined;
      diagramArea.hidden = !kept;
      mount(problem, kept ? null : h('p', { class: 'empty' }, `Loupe kept no diagram of ${run.processId} version ${run.version}.`));
      if (kept) {
        try {
          diagram.clear();
          await diagram.show(await api.recipeBpmn(run.deploymentId));
          diagram.mark(runMarkers(run));
        } catch (err) {
          diagramArea.hidden = true;
          mount(problem, errorBox(err, 'Could not draw the recipe.'));
        }
      }
      mount(path, run.elements.map((elementId) => h('li', {}, diagram?.nameOf(elementId) ?? elementId, ' ', h('code', { class: 'small' }, elementId), words(elementId))));
    }
  }

  function imagesSection(task) {
    const images = task.images ?? [];
    if (!images.length) return null;
    const classes = task.classGroup?.classes ?? [];
    const objects = task.result?.objects ?? [];
    return h(
      'section',
      { 'aria-labelledby': 'images-title' },
      h('h2', { id: 'images-title' }, `Images (${images.length})`, task.result ? h('span', { class: 'muted small' }, ' with the current result') : null),
      h(
        'ul',
        { class: 'thumbs' },
        images.map((url, i) => {
          const boxes = objects.filter((o) => o.imageIndex === i).map((o, n) => ({ ...o, id: `r${i}-${n}` }));
          const img = h('img', { src: url, alt: `Image ${i + 1}`, loading: 'lazy' });
          const overlay = createOverlay(`${plural(boxes.length, 'box', 'boxes')} on image ${i + 1}`);
          const draw = () =>
            img.naturalWidth &&
            renderOverlay(overlay, { natural: { width: img.naturalWidth, height: img.naturalHeight }, displayWidth: img.clientWidth, boxes, classes });
          img.addEventListener('load', draw);
          const ro = new ResizeObserver(draw);
          ro.observe(img);
          observers.push(ro);
          return h(
            'li',
            {},
            h('figure', {}, h('div', { class: 'frame' }, img, overlay), h('figcaption', {}, h('a', { href: url, target: '_blank', rel: 'noopener' }, `Image ${i + 1}`), ` · ${plural(boxes.length, 'box', 'boxes')}`)),
          );
        }),
      ),
    );
  }

  function eventsTable(events) {
    const list = (Array.isArray(events) ? [...events] : []).sort(
      (a, b) => (a.version ?? 0) - (b.version ?? 0) || String(a.recordedTime).localeCompare(String(b.recordedTime)),
    );
    if (!list.length) return h('p', { class: 'empty' }, 'No events recorded for this task.');
    const table = h(
      'table',
      { class: 'data events', 'aria-labelledby': 'events-title' },
      h(
        'thead',
        {},
        h('tr', {}, ['Version', 'Type', 'Actor', 'Event time', 'Recorded', 'Schema', 'Event id', 'Payload'].map((t) => h('th', { scope: 'col', class: t === 'Version' && 'num' }, t))),
      ),
      h(
        'tbody',
        {},
        list.map((e) =>
          h(
            'tr',
            {},
            h('td', { class: 'num' }, String(e.version ?? '—')),
            h('td', {}, h('strong', {}, e.type ?? '—')),
            h('td', { class: 'mono small' }, e.actor ?? '—'),
            h('td', {}, time(e.eventTime)),
            h('td', {}, time(e.recordedTime)),
            h('td', {}, e.schemaVersion !== undefined ? `v${e.schemaVersion}` : '—'),
            h('td', { class: 'mono small', title: e.eventId ?? '' }, String(e.eventId ?? '—').slice(0, 8)),
            h('td', { class: 'payload' }, payload(e.payload)),
          ),
        ),
      ),
    );
    const setAll = (open) => table.querySelectorAll('details').forEach((d) => (d.open = open));
    return h(
      'div',
      {},
      h(
        'div',
        { class: 'toolbar' },
        h('span', { class: 'muted' }, plural(list.length, 'event')),
        h('button', { type: 'button', class: 'small', onclick: () => setAll(true) }, 'Expand all payloads'),
        h('button', { type: 'button', class: 'small', onclick: () => setAll(false) }, 'Collapse all'),
      ),
      scrollRegion('Event history', {}, table),
    );
  }

  function payload(p) {
    if (p === undefined || p === null) return h('span', { class: 'muted' }, '—');
    const keys = typeof p === 'object' ? Object.keys(p).length : 0;
    const size = JSON.stringify(p).length;
    // Fat events (thousands of boxes) are only pretty-printed when opened.
    const pre = h('pre', {});
    const details = h('details', {}, h('summary', {}, `${plural(keys, 'field')}, ${size.toLocaleString()} chars`), pre);
    details.addEventListener('toggle', () => {
      if (details.open && !pre.textContent) pre.textContent = JSON.stringify(p, null, 2);
    });
    return details;
  }
}
