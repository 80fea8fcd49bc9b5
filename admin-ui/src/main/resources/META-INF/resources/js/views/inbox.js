// #/inbox — tasks waiting for an operator, filtered by the address's query, refreshed every few seconds; claim
// one, or let the server pick the next, to annotate it.
import { api, ApiError } from '../api.js';
import { errorBox, h, mount, plural, time } from '../dom.js';
import { filterFromQuery, filterQuery, reasonLabel, waited, WAITED_AT_LEAST } from '../inbox-filter.js';
import { sessions } from '../local.js';
import { flash } from '../shell.js';

const REFRESH_MS = 5000;

export function inboxView(root, { query = new URLSearchParams() } = {}) {
  document.title = 'Inbox — Loupe';
  let timer = null;
  let loading = false;
  let lastJson = null;
  let claiming = null;
  let filter = filterFromQuery(query);
  // Tasks someone else claimed: the inbox read model may list them for a moment longer.
  const taken = new Set();

  const updated = h('span', { class: 'muted', 'aria-live': 'off' });
  const counts = h('p', { class: 'muted queue-counts', 'aria-live': 'off' });
  const localWork = h('section', { 'aria-labelledby': 'local-work-title' });
  const claimedWork = h('section', { 'aria-labelledby': 'claimed-title' });
  let lastClaimedJson = null;
  const listArea = h('div', { class: 'table-scroll', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const nextButton = h('button', { type: 'button', class: 'primary', onclick: () => claimNext() }, 'Next task');

  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Inbox'),
      h('div', { class: 'toolbar' }, updated, h('button', { type: 'button', onclick: () => load(true) }, 'Refresh'), nextButton),
    ),
    counts,
    filterForm(),
    claimedWork,
    localWork,
    listArea,
  );

  function filterForm() {
    const field = (id, label, control) => h('div', { class: 'filter-field' }, h('label', { for: id }, label), control);
    const type = h('input', { id: 'filter-type', name: 'type', type: 'text', value: filter.type ?? '', spellcheck: 'false', maxlength: '200' });
    const classGroup = h('input', { id: 'filter-class-group', name: 'classGroupKey', type: 'text', value: filter.classGroupKey ?? '', spellcheck: 'false', maxlength: '200' });
    const priority = h('input', { id: 'filter-priority', name: 'minPriority', type: 'number', min: '0', step: '1', value: filter.minPriority ?? '' });
    const olderThan = h(
      'select',
      { id: 'filter-waited', name: 'olderThan' },
      h('option', { value: '' }, 'any time'),
      Object.entries(WAITED_AT_LEAST).map(([value, words]) => h('option', { value, selected: filter.olderThan === value }, words)),
    );
    const apply = (e) => {
      e.preventDefault();
      filter = filterFromQuery(new URLSearchParams(new FormData(form)));
      const narrowed = filterQuery(filter);
      history.replaceState(null, '', narrowed ? `#/inbox?${narrowed}` : '#/inbox');
      load(true);
    };
    const form = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filter the inbox', onsubmit: apply },
      field('filter-type', 'Task type', type),
      field('filter-class-group', 'Class group', classGroup),
      field('filter-priority', 'Priority at least', priority),
      field('filter-waited', 'Waited at least', olderThan),
      h('button', { type: 'submit' }, 'Filter'),
      h(
        'button',
        {
          type: 'button',
          onclick: (e) => {
            [type, classGroup, priority].forEach((input) => (input.value = ''));
            olderThan.value = '';
            apply(e);
          },
        },
        'Clear',
      ),
    );
    return form;
  }

  renderLocalWork();
  load(true);
  timer = setInterval(() => {
    if (!document.hidden) load(false);
  }, REFRESH_MS);

  function renderLocalWork() {
    const saved = sessions.list();
    if (!saved.length) {
      localWork.replaceChildren();
      return;
    }
    mount(
      localWork,
      h('h2', { id: 'local-work-title' }, 'Your unfinished work'),
      h('p', { class: 'muted' }, 'Kept on this device until you finish it.'),
      h(
        'ul',
        { class: 'plain-list' },
        saved.map(({ state, task, savedAt }) =>
          h(
            'li',
            { class: 'row' },
            h(
              'a',
              { href: `#/work/${encodeURIComponent(state.sessionId)}?task=${encodeURIComponent(state.taskId)}` },
              `Resume ${task?.type ?? 'task'} ${shortId(state.taskId)}`,
            ),
            h('span', { class: 'muted' }, `${plural(state.boxes.length, 'box', 'boxes')}, saved `, time(savedAt)),
            h(
              'button',
              {
                type: 'button',
                class: 'danger small',
                onclick: () => {
                  if (confirm(`Discard your unsent work on task ${state.taskId}? This cannot be undone.`)) {
                    sessions.remove(state.sessionId);
                    renderLocalWork();
                  }
                },
              },
              'Discard',
            ),
          ),
        ),
      ),
    );
  }

  async function load(force) {
    if (loading) return;
    loading = true;
    try {
      const [all, perType, claimed] = await Promise.all([
        api.inbox(filter),
        api.inboxCounts().catch(() => null),
        api.tasks('mine=true&status=IN_PROGRESS&size=50').catch(() => null),
      ]);
      renderCounts(perType);
      renderClaimed(claimed?.items ?? []);
      const tasks = Array.isArray(all) ? all.filter((t) => !taken.has(t.id)) : [];
      updated.replaceChildren('Updated ', time(new Date().toISOString()));
      const json = JSON.stringify(tasks);
      if (force || json !== lastJson) {
        lastJson = json;
        renderTable(tasks);
      }
    } catch (e) {
      lastJson = null;
      mount(listArea, errorBox(e, 'Could not load the inbox. It will be retried automatically.'));
    } finally {
      loading = false;
      listArea.setAttribute('aria-busy', 'false');
    }
  }

  function renderTable(tasks) {
    // A refresh must not steal the keyboard focus: remember which row's button had it.
    const focusedTask = listArea.contains(document.activeElement) ? document.activeElement.dataset.taskId : null;
    if (!tasks.length) {
      mount(listArea, h('p', { class: 'empty' }, 'Nothing is waiting for an operator right now.'));
      return;
    }
    mount(
      listArea,
      h(
        'table',
        { class: 'data' },
        h('caption', {}, `${plural(tasks.length, 'task')} waiting${filterQuery(filter) ? ' (filtered)' : ''}`),
        h(
          'thead',
          {},
          h('tr', {}, ['Task', 'Type', 'Class group', 'Why', 'Priority', 'Images', 'Waiting', ''].map((t) => h('th', { scope: 'col', class: ['Images', 'Priority'].includes(t) && 'num' }, t))),
        ),
        h(
          'tbody',
          {},
          tasks.map((t) =>
            h(
              'tr',
              {},
              h('td', {}, h('a', { href: `#/tasks/${encodeURIComponent(t.id)}`, class: 'mono', title: t.id }, shortId(t.id))),
              h('td', {}, t.type ?? '—'),
              h('td', {}, t.classGroup?.key ?? '—', h('span', { class: 'muted' }, ` (${plural(t.classGroup?.classes?.length ?? 0, 'class', 'classes')})`)),
              h('td', {}, reasonLabel(t.assistanceReason)),
              h('td', { class: 'num' }, t.priority > 0 ? h('span', { class: 'badge escalated', title: 'Escalated: it outlived its SLA' }, `${t.priority} ▲`) : '0'),
              h('td', { class: 'num' }, String(t.images?.length ?? 0)),
              h('td', {}, waited(t.createdAt), h('span', { class: 'muted' }, ' since '), time(t.createdAt)),
              h(
                'td',
                { class: 'actions' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'primary',
                    'data-task-id': t.id,
                    'aria-label': `Claim task ${t.id}`,
                    disabled: claiming === t.id,
                    onclick: () => claim(t),
                  },
                  claiming === t.id ? 'Claiming…' : 'Claim',
                ),
              ),
            ),
          ),
        ),
      ),
    );
    if (focusedTask) {
      listArea.querySelector(`[data-task-id="${CSS.escape(focusedTask)}"]`)?.focus();
    }
  }

  /** The tasks this operator holds, from the server: resumable from any device, whatever this one kept. */
  function renderClaimed(tasks) {
    const json = JSON.stringify(tasks.map((t) => t.id));
    if (json === lastClaimedJson) return;
    lastClaimedJson = json;
    if (!tasks.length) {
      claimedWork.replaceChildren();
      return;
    }
    const kept = new Map(sessions.list().map(({ state }) => [state.taskId, state.sessionId]));
    mount(
      claimedWork,
      h('h2', { id: 'claimed-title' }, 'Claimed by you'),
      h('p', { class: 'muted' }, 'Tasks you hold, on any device: resume one here. Work drawn on another device stays there until it is finished.'),
      h('ul', { class: 'plain-list' }, tasks.map((task) =>
        h('li', { class: 'row' },
          h('a', { href: `#/tasks/${encodeURIComponent(task.id)}`, class: 'mono', title: task.id }, shortId(task.id)),
          h('span', {}, ` ${task.type ?? 'task'}, ${task.classGroup?.key ?? '—'}, claimed `, time(task.updatedAt)),
          kept.has(task.id)
            ? h('a', { class: 'button-link', href: `#/work/${encodeURIComponent(kept.get(task.id))}?task=${encodeURIComponent(task.id)}` }, 'Resume (kept on this device)')
            : h('button', { type: 'button', class: 'primary small', 'aria-label': `Resume task ${task.id}`, onclick: () => resume(task) }, 'Resume'),
        ))),
    );
  }

  async function resume(task) {
    try {
      const { sessionId } = await api.claim(task.id);
      location.hash = `#/work/${encodeURIComponent(sessionId)}?task=${encodeURIComponent(task.id)}`;
    } catch (e) {
      flash(`Could not resume task ${shortId(task.id)}: ${e.problem?.detail ?? e.message}`, 'error');
      lastClaimedJson = null;
      load(true);
    }
  }

  function renderCounts(perType) {
    if (perType === null) {
      counts.replaceChildren('Queue counts are unavailable right now.');
      return;
    }
    const entries = Object.entries(perType ?? {}).filter(([, n]) => n > 0);
    counts.replaceChildren(
      entries.length
        ? `Waiting for you: ${entries.map(([type, n]) => `${type} ${n}`).join(' · ')}`
        : 'Nothing waits for you in any task type.',
    );
  }

  async function claimNext() {
    nextButton.disabled = true;
    try {
      const session = await api.claimNext();
      if (!session) {
        flash('Nothing is waiting for you right now.', 'info');
        load(true);
        return;
      }
      location.hash = `#/work/${encodeURIComponent(session.sessionId)}?task=${encodeURIComponent(session.taskId)}`;
    } catch (e) {
      flash(`Could not claim the next task: ${e.problem?.detail ?? e.message}`, 'error');
    } finally {
      nextButton.disabled = false;
    }
  }

  async function claim(task) {
    claiming = task.id;
    if (lastJson) renderTable(JSON.parse(lastJson));
    try {
      const { sessionId, taskId } = await api.claim(task.id);
      location.hash = `#/work/${encodeURIComponent(sessionId)}?task=${encodeURIComponent(taskId ?? task.id)}`;
    } catch (e) {
      claiming = null;
      lastJson = null; // re-render even if a refresh already in flight brings the same list
      if (e instanceof ApiError && e.status === 409) {
        taken.add(task.id);
        flash(`Task ${shortId(task.id)} was taken by someone else; it is gone from your inbox.`, 'error');
      } else {
        flash(`Could not claim task ${shortId(task.id)}: ${e.problem?.detail ?? e.message}`, 'error');
      }
      load(true);
    }
  }

  return () => clearInterval(timer);
}

export function shortId(id) {
  const s = String(id ?? '');
  return s.length > 13 ? `${s.slice(0, 8)}…` : s;
}
