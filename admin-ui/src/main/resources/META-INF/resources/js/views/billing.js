// #/billing — admins: a month's bill, per client, task type and path, priced with each client's prices; as CSV too.
import { api } from '../api.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion } from '../dom.js';
import { billRows, utcMonth } from '../ops.js';

const COLUMNS = [
  ['Client', 'client'],
  ['Type', 'type'],
  ['Path', 'path'],
  ['Runs', 'runs', 'num'],
  ['Reported', 'reported', 'num'],
  ['Rejected', 'rejected', 'num'],
  ['Cancelled', 'cancelled', 'num'],
  ['Reprocessed', 'reprocessed', 'num'],
  ['Images', 'images', 'num'],
  ['Unit price', 'unitPrice', 'num'],
  ['Amount', 'amount', 'num'],
];

export function billingView(root) {
  document.title = 'Billing — Loupe';
  const month = h('input', { id: 'bill-month', name: 'month', type: 'month', value: utcMonth(), required: true });
  const client = h('input', { id: 'bill-client', name: 'client', type: 'text', spellcheck: 'false', maxlength: '200' });
  const csv = h('a', { class: 'button-link', download: '' }, 'Download CSV');
  const totals = h('p', { class: 'muted', 'aria-live': 'polite' });
  const area = scrollRegion('Bill lines', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Billing'),
      h(
        'form',
        { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); load(); } },
        h('div', {}, h('label', { for: 'bill-month' }, 'Month (UTC)'), month),
        h('div', {}, h('label', { for: 'bill-client' }, 'Client id (all when empty)'), client),
        h('button', { type: 'submit' }, 'Show'),
        csv,
      ),
    ),
    h('p', { class: 'muted' }, 'A run is billed in the UTC month its result was first delivered (or it was cancelled); a reprocess is a run of its own.'),
    totals,
    h('h2', { id: 'bill-title' }, 'Lines'),
    area,
  );
  load();

  async function load() {
    const query = { month: month.value, client: client.value.trim() || undefined };
    csv.href = `api/v1/billing?month=${encodeURIComponent(query.month)}${query.client ? `&client=${encodeURIComponent(query.client)}` : ''}&format=csv`;
    area.setAttribute('aria-busy', 'true');
    try {
      const bill = await api.bill(query);
      const rows = billRows(bill).map((row) => (row.total ? { ...row, client: h('strong', {}, row.client) } : row));
      totals.textContent = `${bill.month}: ${plural(bill.totals.runs, 'run')}, ${plural(bill.totals.images, 'image')}, ${Number(bill.totals.amount).toFixed(2)} ${bill.currency} in all.`;
      mount(area, rows.length ? dataTable(COLUMNS, rows, { caption: plural(bill.clients.length, 'client'), labelledBy: 'bill-title' }) : h('p', { class: 'empty' }, 'Nothing was billed in this month.'));
    } catch (e) {
      totals.textContent = '';
      mount(area, errorBox(e, 'Could not load the bill.'));
    } finally {
      area.setAttribute('aria-busy', 'false');
    }
  }
}
