// The page around the views: flash messages and the operator id (header field + first-run dialog).
import { h, mount } from './dom.js';
import { operator } from './local.js';

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

export function currentOperator() {
  return operator.get();
}

function setOperator(value) {
  const v = value.trim();
  operator.set(v);
  const field = document.getElementById('operator-id');
  if (field && field.value !== v) field.value = v;
  return v;
}

/** Resolves with the operator id, asking for it first if none is set; null if the user cancels. */
export function askOperator() {
  const existing = currentOperator();
  if (existing) return Promise.resolve(existing);
  const dialog = document.getElementById('operator-dialog');
  const input = dialog.querySelector('input');
  if (!dialog.open) input.value = '';
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => resolve(dialog.returnValue === 'save' && input.value.trim() ? setOperator(input.value) : currentOperator() || null),
      { once: true },
    );
    if (!dialog.open) {
      dialog.returnValue = '';
      dialog.showModal();
    }
  });
}

/** Wires the header: operator field, "open task by id" search. */
export function initShell() {
  const field = document.getElementById('operator-id');
  field.value = currentOperator();
  field.addEventListener('change', () => {
    const v = setOperator(field.value);
    flash(v ? `Working as ${v}.` : 'Operator id cleared.');
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

  const dialog = document.getElementById('operator-dialog');
  dialog.querySelector('form').addEventListener('submit', (e) => {
    const input = dialog.querySelector('input');
    if (e.submitter?.value === 'save' && !input.value.trim()) {
      e.preventDefault();
      input.focus();
    }
  });
}
