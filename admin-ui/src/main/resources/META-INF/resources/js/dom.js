// Tiny DOM helpers. Everything is built with createElement / textContent: never innerHTML,
// so nothing a task or an event carries can inject markup.

/**
 * h('button', {class: 'primary', onclick: fn, disabled: true}, 'Claim')
 * Attributes starting with "on" become listeners; `false`/null/undefined attributes are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name in el && typeof value !== 'string') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Same as h() for SVG elements. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "2024-05-01T10:00:00Z" → a <time> in the user's locale, the exact instant in its title. */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return h('time', { datetime: iso, title: iso }, d.toLocaleString());
}

/** A readable block for an error: problem+json title, detail and field errors, or a network error. */
export function errorBox(error, context) {
  const problem = error?.problem;
  const title = problem?.title ?? error?.message ?? 'Something went wrong';
  const fieldErrors = Array.isArray(problem?.errors) ? problem.errors : [];
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert' },
    context ? h('p', { class: 'alert-context' }, context) : null,
    h('p', { class: 'alert-title' }, error?.status ? `${title} (${error.status})` : title),
    problem?.detail ? h('p', {}, problem.detail) : null,
    fieldErrors.length
      ? h(
          'ul',
          { class: 'field-errors' },
          fieldErrors.map((e) => h('li', {}, h('code', {}, e.field ?? '?'), ': ', e.message ?? '')),
        )
      : null,
  );
}

/** plural(1, 'box', 'boxes') → '1 box'; plural(3, 'box', 'boxes') → '3 boxes' */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A colour per class, stable within a class group (by the class's position in the group). */
const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#469990', '#808000'];
export function classColor(classes, classId) {
  const i = classes.findIndex((c) => c.id === classId);
  return i < 0 ? '#7f7f7f' : PALETTE[i % PALETTE.length];
}

export function className(classes, classId) {
  return classes.find((c) => c.id === classId)?.name ?? `${classId} (unknown class)`;
}

/**
 * A box that scrolls a wide table sideways, reachable with the keyboard (Tab, then the arrow keys) and named for
 * screen readers: a scrolling region with nothing focusable inside is out of a keyboard user's reach otherwise.
 */
export function scrollRegion(label, attrs = {}, ...children) {
  return h('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': label, ...attrs }, ...children);
}

/**
 * A data table. `columns`: [title, key, kind?] where kind is a cell class ('num' aligns right); a row's cell is
 * row[key], a text or a node (a button, a link).
 */
export function dataTable(columns, rows, { caption, labelledBy } = {}) {
  return h(
    'table',
    { class: 'data', 'aria-labelledby': labelledBy },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(([title, , kind]) => h('th', { scope: 'col', class: kind }, title)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([, key, kind]) => h('td', { class: kind }, row[key] ?? '—'))))),
  );
}
