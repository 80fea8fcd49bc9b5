// The page around the views: flash messages and who is signed in (header, sign-out).
import { api, csrfToken } from './api.js';
import { h, mount } from './dom.js';
import { mayOpen } from './ops.js';

let flashTimer = null;

/** A message in the live region above the view; survives a route change. kind: info | success | error. */
export function flash(message, kind = 'info') {
  const region = document.getElementById('flash');
  clearTimeout(flashTimer);
  mount(
    region,
    h(
      'div',
      { class: `flash flash-${kind}` },
      h('span', {}, message),
      h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss message', onclick: () => region.replaceChildren() }, '×'),
    ),
  );
  flashTimer = setTimeout(() => region.replaceChildren(), kind === 'error' ? 15000 : 8000);
}

/** Wires the header: who is signed in, sign-out, "open task by id" search. */
export function initShell() {
  api.me().then(
    (me) => {
      document.getElementById('signed-in-as').textContent = me.username;
      // Only the screens whose API the person may call: the server decides, this only spares them a 403 page.
      document.querySelectorAll('.topbar nav a').forEach((link) => {
        link.hidden = !mayOpen(link.getAttribute('href'), me.roles ?? []);
      });
    },
    () => {}, // a 401 already went to the login page; anything else shows on the view that needs the API
  );
  const signOut = document.getElementById('sign-out');
  signOut.addEventListener('submit', () => {
    signOut.elements._csrf.value = csrfToken() ?? '';
  });

  // The skip link must not change the hash: the hash is the route.
  document.querySelector('.skip-link')?.addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('view').focus();
  });

  const search = document.getElementById('open-task');
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = search.elements.taskId.value.trim();
    if (id) location.hash = `#/tasks/${encodeURIComponent(id)}`;
  });
}
