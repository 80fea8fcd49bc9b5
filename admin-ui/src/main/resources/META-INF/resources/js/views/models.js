// #/models — the engine monitor: how each model version did against operators' checks.
import { api } from '../api.js';
import { errorBox, h, mount, plural, scrollRegion } from '../dom.js';
import { qualityRows } from '../quality.js';

const COLUMNS = [
  ['Model', 'model'],
  ['Version', 'version'],
  ['Checks of objects', 'objectChecks', 'num'],
  ['Precision', 'precision', 'num'],
  ['Recall', 'recall', 'num'],
  ['Objects missed', 'missed', 'num'],
  ['Checks of readings', 'readingChecks', 'num'],
  ['Reading accuracy', 'accuracy', 'num'],
  ['Character error rate', 'characterErrorRate', 'num'],
];

export function modelsView(root) {
  document.title = 'Models — Loupe';
  const area = scrollRegion('Model versions', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Models'), h('button', { type: 'button', onclick: load }, 'Refresh')),
    h('p', { class: 'muted' }, "Every operator's check of a model's result scores the model: these are the sums."),
    area,
  );
  load();

  async function load() {
    area.setAttribute('aria-busy', 'true');
    try {
      const rows = qualityRows(await api.modelQuality());
      if (!rows.length) {
        mount(area, h('p', { class: 'empty' }, 'No operator has checked a model result yet.'));
        return;
      }
      mount(
        area,
        h(
          'table',
          { class: 'data' },
          h('caption', {}, plural(rows.length, 'model version')),
          h('thead', {}, h('tr', {}, COLUMNS.map(([title, , kind]) => h('th', { scope: 'col', class: kind }, title)))),
          h('tbody', {}, rows.map((row) => h('tr', {}, COLUMNS.map(([, key, kind]) => h('td', { class: kind }, String(row[key])))))),
        ),
      );
    } catch (e) {
      mount(area, errorBox(e, 'Could not load the models’ quality.'));
    } finally {
      area.setAttribute('aria-busy', 'false');
    }
  }
}
