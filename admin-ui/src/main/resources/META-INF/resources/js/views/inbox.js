// #/inbox — tasks waiting for an operator, refreshed every few seconds; claim one to annotate it.
import { api, ApiError } from '../api.js';
import { errorBox, h, mount, plural, time } from '../dom.js';
import { sessions } from '../local.js';
import { flash } from '../shell.js';

const REFRESH_MS = 5000;

export function inboxView(root) {
  document.title = 'Inbox — Loupe';
  let timer = null;
  let loading = false;
  let lastJson = null;
  let claiming = null;
  // Tasks someone else claimed: the inbox read model may list them for a moment longer.
  const taken = new Set();

  const updated = h('span', { class: 'muted', 'aria-live': 'off' });
  const localWork = h('section', { 'aria-labelledby': 'local-work-title' });
  const listArea = h('div', { class: 'table-scroll', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));

  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Inbox'),
      h('div', { class: 'toolbar' }, updated, h('button', { type: 'button', onclick: () => load(true) }, 'Refresh')),
    ),
    localWork,
    listArea,
  );

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
      const all = await api.inbox();
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
        h('caption', {}, `${plural(tasks.length, 'task')} waiting`),
        h(
          'thead',
          {},
          h('tr', {}, ['Task', 'Type', 'Class group', 'Images', 'Created', ''].map((t) => h('th', { scope: 'col', class: t === 'Images' && 'num' }, t))),
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
              h('td', { class: 'num' }, String(t.images?.length ?? 0)),
              h('td', {}, time(t.createdAt)),
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
