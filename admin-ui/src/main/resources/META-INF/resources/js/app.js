// Entry point: hash routing between the views.
//   #/inbox?type=…&classGroupKey=…   tasks waiting for an operator, filtered
//   #/tasks?status=…&…               the task manager: filtered list, CSV, bulk commands
//   #/tasks/{id}                     a task and its event history
//   #/work/{sessionId}?task={id}     the annotation tool for a claimed task
//   #/models                         the engine monitor: each model version's quality
//   #/operators                      the operator monitor: figures per operator per day and per team
//   #/read-side                      ops: read models' lag, dead letters (replay, discard), rebuilds
//   #/demand                         ops: queued, in process and spare capacity per task and job type
//   #/health                         ops: each server's health as this instance sees it
//   #/billing                        admins: a month's bill per client
//   #/recipes?deployment={id}        designers and ops: recipe versions drawn with tasks and incidents per element
//   #/datasets                       ML engineers: training datasets, defined at a journal position, exported
//   #/clients, #/clients/{id}        admins: API clients, their credentials, quality policies and prices
//   #/users                          admins: people, their roles, and the operators' teams
import { h, mount } from './dom.js';
import { parseHash } from './router.js';
import { initShell } from './shell.js';
import { annotateView } from './views/annotate.js';
import { billingView } from './views/billing.js';
import { clientsView, clientView } from './views/clients.js';
import { datasetsView } from './views/datasets.js';
import { demandView } from './views/demand.js';
import { healthView } from './views/health.js';
import { inboxView } from './views/inbox.js';
import { modelsView } from './views/models.js';
import { operatorsView } from './views/operators.js';
import { readSideView } from './views/read-side.js';
import { recipesView } from './views/recipes.js';
import { taskView } from './views/task.js';
import { tasksView } from './views/tasks.js';
import { usersView } from './views/users.js';

function resolve({ segments, query }) {
  const [first, id, ...rest] = segments;
  if (rest.length) return null;
  if (first === 'inbox' && !id) return (root) => inboxView(root, { query });
  if (first === 'models' && !id) return (root) => modelsView(root);
  if (first === 'operators' && !id) return (root) => operatorsView(root);
  if (first === 'read-side' && !id) return (root) => readSideView(root);
  if (first === 'billing' && !id) return (root) => billingView(root);
  if (first === 'demand' && !id) return (root) => demandView(root);
  if (first === 'health' && !id) return (root) => healthView(root);
  if (first === 'datasets' && !id) return (root) => datasetsView(root);
  if (first === 'recipes' && !id) return (root) => recipesView(root, { query });
  if (first === 'clients' && !id) return (root) => clientsView(root);
  if (first === 'clients' && id) return (root) => clientView(root, { clientId: id });
  if (first === 'users' && !id) return (root) => usersView(root);
  if (first === 'tasks' && id) return (root) => taskView(root, { taskId: id });
  if (first === 'tasks' && !id) return (root) => tasksView(root, { query });
  if (first === 'work' && id) return (root) => annotateView(root, { sessionId: id, query });
  return null;
}

let cleanup = null;

function route() {
  const root = document.getElementById('view');
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    location.replace('#/inbox');
    return;
  }
  const parsed = parseHash(location.hash);
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.error(e);
    }
    cleanup = null;
  }
  document.querySelectorAll('.topbar nav a').forEach((a) => {
    if (a.getAttribute('href') === `#/${parsed.segments[0]}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const view = resolve(parsed);
  if (!view) {
    document.title = 'Not found — Loupe';
    mount(root, h('h1', {}, 'Page not found'), h('p', {}, 'Nothing lives at this address. ', h('a', { href: '#/inbox' }, 'Go to the inbox')));
    return;
  }
  cleanup = view(root) ?? null;
  root.focus({ preventScroll: true });
}

initShell();
window.addEventListener('hashchange', route);
route();
