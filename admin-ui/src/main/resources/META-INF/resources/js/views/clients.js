// #/clients — admins: the API clients; register one, give one a new API key or signing secret (each shown once).
// #/clients/{id} — one client's quality policies per class group and unit prices per task type and path.
import { api } from '../api.js';
import { BILLING_PATHS, fraction, pricesFrom, TASK_TYPES } from '../admin.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion, time } from '../dom.js';
import { flash } from '../shell.js';

const CLIENT_COLUMNS = [
  ['Id', 'id'],
  ['Name', 'name'],
  ['Registered', 'created'],
  ['Previous secret valid until', 'previous'],
  ['', 'actions'],
];

/** A credential shown once, with what to do with it. */
function shownOnce(credentials) {
  return h(
    'div',
    { class: 'notice', role: 'status' },
    h('p', {}, h('strong', {}, `Credentials of ${credentials.client.id}: shown this once, copy them now.`)),
    h(
      'dl',
      { class: 'summary' },
      credentials.apiKey ? h('div', {}, h('dt', {}, 'API key (Authorization: Bearer …)'), h('dd', { class: 'mono' }, credentials.apiKey)) : null,
      credentials.signingSecret ? h('div', {}, h('dt', {}, 'Callback signing secret'), h('dd', { class: 'mono' }, credentials.signingSecret)) : null,
    ),
  );
}

export function clientsView(root) {
  document.title = 'Clients — Loupe';
  const revealed = h('div');
  const formError = h('div');
  const area = scrollRegion('Clients', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Register a client', onsubmit: register },
    h('div', { class: 'filter-field' }, h('label', { for: 'client-id' }, 'Id'), h('input', { id: 'client-id', name: 'id', required: true, maxlength: '63', spellcheck: 'false' })),
    h('div', { class: 'filter-field' }, h('label', { for: 'client-name' }, 'Name'), h('input', { id: 'client-name', name: 'name', required: true, maxlength: '200' })),
    h('button', { type: 'submit', class: 'primary' }, 'Register'),
  );
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Clients'), h('button', { type: 'button', onclick: () => load() }, 'Refresh')),
    h('h2', {}, 'Register a client'),
    form,
    formError,
    revealed,
    h('h2', { id: 'clients-title' }, 'Clients'),
    area,
  );
  load();

  async function register(e) {
    e.preventDefault();
    const data = new FormData(form);
    formError.replaceChildren();
    try {
      const credentials = await api.registerClient({ id: data.get('id').trim(), name: data.get('name').trim() });
      mount(revealed, shownOnce(credentials));
      form.reset();
      load();
    } catch (err) {
      mount(formError, errorBox(err, 'The client was not registered.'));
    }
  }

  async function rotate(clientId, what, call) {
    if (!confirm(`Give ${clientId} a new ${what}? The old one stops working${what === 'signing secret' ? ' once its overlap ends' : ' at once'}.`)) return;
    try {
      mount(revealed, shownOnce(await call(clientId)));
      load();
    } catch (err) {
      flash(`${err.problem?.title ?? err.message}: ${err.problem?.detail ?? ''}`, 'error');
    }
  }

  async function load() {
    area.setAttribute('aria-busy', 'true');
    try {
      const rows = (await api.clients()).map((client) => ({
        id: h('a', { href: `#/clients/${encodeURIComponent(client.id)}`, class: 'mono' }, client.id),
        name: client.name,
        created: time(client.createdAt),
        previous: client.previousSecretValidUntil ? time(client.previousSecretValidUntil) : '—',
        actions: h('span', { class: 'actions' },
          h('button', { type: 'button', class: 'small', 'aria-label': `New API key for ${client.id}`, onclick: () => rotate(client.id, 'API key', api.newApiKey) }, 'New API key'),
          h('button', { type: 'button', class: 'small', 'aria-label': `New signing secret for ${client.id}`, onclick: () => rotate(client.id, 'signing secret', api.newSigningSecret) }, 'New signing secret')),
      }));
      mount(area, rows.length ? dataTable(CLIENT_COLUMNS, rows, { caption: plural(rows.length, 'client'), labelledBy: 'clients-title' }) : h('p', { class: 'empty' }, 'No client is registered yet.'));
    } catch (err) {
      mount(area, errorBox(err, 'Could not list the clients.'));
    } finally {
      area.setAttribute('aria-busy', 'false');
    }
  }
}

export function clientView(root, { clientId }) {
  document.title = `Client ${clientId} — Loupe`;
  const policiesArea = scrollRegion('Quality policies', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const policyError = h('div');
  const pricesForm = h('form', { 'aria-label': 'Unit prices', onsubmit: savePrices });
  const pricesError = h('div');
  const policyForm = h(
    'form',
    { class: 'filters', 'aria-label': 'Set a quality policy', onsubmit: savePolicy },
    h('div', { class: 'filter-field' }, h('label', { for: 'policy-class-group' }, 'Class group'), h('input', { id: 'policy-class-group', name: 'classGroupKey', required: true, maxlength: '200', spellcheck: 'false' })),
    h('div', { class: 'filter-field' }, h('label', { for: 'policy-sampling' }, 'Share sampled (0–1)'), h('input', { id: 'policy-sampling', name: 'samplingRate', required: true, inputmode: 'decimal' })),
    h('div', { class: 'filter-field' }, h('label', { for: 'policy-confidence' }, 'Check below confidence (0–1)'), h('input', { id: 'policy-confidence', name: 'minConfidence', required: true, inputmode: 'decimal' })),
    h('button', { type: 'submit', class: 'primary' }, 'Set'),
  );
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Client ', h('span', { class: 'mono' }, clientId)), h('a', { href: '#/clients' }, 'All clients')),
    h('h2', { id: 'policies-title' }, 'Quality policies'),
    h('p', { class: 'muted' }, "The client's own quality check of a class group's automatic results, over the one registered with the model."),
    policiesArea,
    policyForm,
    policyError,
    h('h2', { id: 'prices-title' }, 'Unit prices'),
    pricesForm,
    pricesError,
  );
  loadPolicies();
  loadPrices();

  async function loadPolicies() {
    policiesArea.setAttribute('aria-busy', 'true');
    try {
      const rows = Object.entries(await api.qualityPolicies(clientId)).map(([classGroupKey, policy]) => ({
        classGroup: classGroupKey,
        sampling: String(policy.samplingRate),
        confidence: String(policy.minConfidence),
        actions: h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove the policy of ${classGroupKey}`, onclick: () => removePolicy(classGroupKey) }, 'Remove'),
      }));
      mount(policiesArea, rows.length
        ? dataTable([['Class group', 'classGroup'], ['Share sampled', 'sampling', 'num'], ['Check below confidence', 'confidence', 'num'], ['', 'actions']], rows, { labelledBy: 'policies-title' })
        : h('p', { class: 'empty' }, 'None: the policies registered with the models apply.'));
    } catch (err) {
      mount(policiesArea, errorBox(err, 'Could not load the quality policies.'));
    } finally {
      policiesArea.setAttribute('aria-busy', 'false');
    }
  }

  async function savePolicy(e) {
    e.preventDefault();
    const data = new FormData(policyForm);
    const samplingRate = fraction(data.get('samplingRate'));
    const minConfidence = fraction(data.get('minConfidence'));
    if (samplingRate === null || minConfidence === null) {
      mount(policyError, errorBox({ message: 'Both figures are numbers from 0 to 1' }, 'The policy was not set.'));
      return;
    }
    policyError.replaceChildren();
    try {
      await api.setQualityPolicy(clientId, data.get('classGroupKey').trim(), { samplingRate, minConfidence });
      policyForm.reset();
      loadPolicies();
    } catch (err) {
      mount(policyError, errorBox(err, 'The policy was not set.'));
    }
  }

  async function removePolicy(classGroupKey) {
    try {
      await api.removeQualityPolicy(clientId, classGroupKey);
      loadPolicies();
    } catch (err) {
      mount(policyError, errorBox(err, 'The policy was not removed.'));
    }
  }

  async function loadPrices() {
    try {
      const list = await api.prices(clientId);
      const price = (type, path) => list.prices.find((p) => p.type === type && p.path === path)?.unitPrice ?? '';
      mount(
        pricesForm,
        h('p', { class: 'muted' }, `Per delivered run, in ${list.currency}; empty: no price.`),
        h(
          'table',
          { class: 'data', 'aria-labelledby': 'prices-title' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Task type'), BILLING_PATHS.map((path) => h('th', { scope: 'col', class: 'num' }, path)))),
          h('tbody', {}, TASK_TYPES.map((type) => h('tr', {}, h('th', { scope: 'row' }, type), BILLING_PATHS.map((path) =>
            h('td', { class: 'num' }, h('input', { name: `${type}|${path}`, value: String(price(type, path)), inputmode: 'decimal', 'aria-label': `${type} ${path} unit price`, class: 'price' })))))),
        ),
        h('button', { type: 'submit', class: 'primary' }, 'Save prices'),
      );
    } catch (err) {
      mount(pricesForm, errorBox(err, 'Could not load the prices.'));
    }
  }

  async function savePrices(e) {
    e.preventDefault();
    const { prices, errors } = pricesFrom(Object.fromEntries(new FormData(pricesForm)));
    if (errors.length) {
      mount(pricesError, errorBox({ message: errors.join('; ') }, 'The prices were not saved.'));
      return;
    }
    pricesError.replaceChildren();
    try {
      await api.setPrices(clientId, prices);
      flash(`Saved ${plural(prices.length, 'price')} of ${clientId}.`, 'success');
      loadPrices();
    } catch (err) {
      mount(pricesError, errorBox(err, 'The prices were not saved.'));
    }
  }
}
