// #/datasets — ML engineers: training datasets, each a query over finished tasks fixed at a journal position, so
// it exports the same COCO or YOLO files whenever it is exported; define one, download its exports.
import { api } from '../api.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion } from '../dom.js';
import { datasetRow } from '../ops.js';
import { flash } from '../shell.js';

const COLUMNS = [
  ['Name', 'name'],
  ['Class group', 'classGroup'],
  ['Finished', 'finished'],
  ['Examples', 'verified'],
  ['Journal position', 'asOf'],
  ['Defined', 'created'],
  ['Export', 'export'],
];

export function datasetsView(root) {
  document.title = 'Datasets — Loupe';
  const field = (id, label, control) => h('div', { class: 'filter-field' }, h('label', { for: id }, label), control);
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Define a dataset', onsubmit: define },
    field('dataset-name', 'Name', h('input', { id: 'dataset-name', name: 'name', type: 'text', required: true, maxlength: '200' })),
    field('dataset-class-group', 'Class group', h('input', { id: 'dataset-class-group', name: 'classGroupKey', type: 'text', required: true, maxlength: '200', spellcheck: 'false' })),
    field('dataset-from', 'Finished from (UTC)', h('input', { id: 'dataset-from', name: 'finishedFrom', type: 'date' })),
    field('dataset-to', 'Finished before (UTC)', h('input', { id: 'dataset-to', name: 'finishedTo', type: 'date' })),
    h('label', { for: 'dataset-all', class: 'checkbox' }, h('input', { id: 'dataset-all', name: 'all', type: 'checkbox' }), ' also unverified automatic results'),
    h('button', { type: 'submit', class: 'primary' }, 'Define'),
  );
  const formError = h('div');
  const area = scrollRegion('Datasets', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Datasets'), h('button', { type: 'button', onclick: () => load() }, 'Refresh')),
    h('p', { class: 'muted' }, 'A dataset holds the finished tasks of a class group as they stood at the journal position it was defined at: ',
      'corrections made later are not in it, so an export gives the same bytes every time.'),
    h('h2', { id: 'define-title' }, 'Define a dataset'),
    form,
    formError,
    h('h2', { id: 'datasets-title' }, 'Datasets'),
    area,
  );
  load();

  async function define(e) {
    e.preventDefault();
    const data = new FormData(form);
    const day = (name) => (data.get(name) ? `${data.get(name)}T00:00:00Z` : undefined);
    formError.replaceChildren();
    try {
      const dataset = await api.defineDataset({
        name: data.get('name').trim(),
        classGroupKey: data.get('classGroupKey').trim(),
        finishedFrom: day('finishedFrom'),
        finishedTo: day('finishedTo'),
        verifiedOnly: !data.get('all'),
      });
      flash(`Defined dataset ${dataset.name} at journal position ${dataset.asOf}.`, 'success');
      form.reset();
      load();
    } catch (err) {
      mount(formError, errorBox(err, 'The dataset was not defined.'));
    }
  }

  async function load() {
    area.setAttribute('aria-busy', 'true');
    try {
      const rows = (await api.datasets()).map((dataset) => {
        const row = datasetRow(dataset);
        const base = `api/v1/datasets/${encodeURIComponent(row.id)}`;
        return {
          ...row,
          export: h('span', { class: 'actions' },
            h('a', { href: `${base}/coco`, download: '', 'aria-label': `COCO JSON of ${row.name}` }, 'COCO'), ' · ',
            h('a', { href: `${base}/yolo`, download: '', 'aria-label': `YOLO zip of ${row.name}` }, 'YOLO')),
        };
      });
      mount(area, rows.length ? dataTable(COLUMNS, rows, { caption: plural(rows.length, 'dataset'), labelledBy: 'datasets-title' }) : h('p', { class: 'empty' }, 'No dataset is defined yet.'));
    } catch (err) {
      mount(area, errorBox(err, 'Could not list the datasets.'));
    } finally {
      area.setAttribute('aria-busy', 'false');
    }
  }
}
