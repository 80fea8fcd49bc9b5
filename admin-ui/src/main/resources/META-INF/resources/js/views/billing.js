// #/billing — admins: a month's bill, per client, task type and path, priced with each client's prices; as CSV too.
// Above it, each client's amount in the six months up to it, as a chart and a table.
import { api } from '../api.js';
import { chartBox } from '../chart.js';
import { billingByMonth, chartSummary, monthsUpTo } from '../dashboards.js';
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

const CHART_MONTHS = 6;

export function billingView(root) {
  document.title = 'Billing — Loupe';
  const month = h('input', { id: 'bill-month', name: 'month', type: 'month', value: utcMonth(), required: true });
  const client = h('input', { id: 'bill-client', name: 'client', type: 'text', spellcheck: 'false', maxlength: '200' });
  const csv = h('a', { class: 'button-link', download: '' }, 'Download CSV');
  const totals = h('p', { class: 'muted', 'aria-live': 'polite' });
  const area = scrollRegion('Bill lines', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const runsChart = chartBox('Runs per client per month');
  const monthsChart = chartBox('Amount per client per month');
  const monthsArea = scrollRegion('Runs and amount per client per month', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
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
    h('h2', { id: 'months-title' }, `Runs and amount per client, ${CHART_MONTHS} months`),
    runsChart.el,
    monthsChart.el,
    monthsArea,
    h('h2', { id: 'bill-title' }, 'Lines'),
    area,
  );
  load();

  function load() {
    loadMonth();
    loadMonths();
  }

  async function loadMonths() {
    const clientId = client.value.trim() || undefined;
    monthsArea.setAttribute('aria-busy', 'true');
    try {
      const months = monthsUpTo(month.value, CHART_MONTHS);
      const { currency, runs, amounts, rows } = billingByMonth(await Promise.all(months.map((m) => api.bill({ month: m, client: clientId }))));
      const between = `${months[0]} to ${months.at(-1)}`;
      runsChart.draw({ series: runs, type: 'bar', x: 'category', categories: months, stacked: true, integer: true, yName: 'runs',
        summary: chartSummary(`Runs billed per client per month, ${between}`, runs) });
      monthsChart.draw({ series: amounts, type: 'bar', x: 'category', categories: months, stacked: true, yName: currency,
        summary: chartSummary(`Amount billed per client per month, ${between}, in ${currency}`, amounts) });
      const columns = [['Client', 'client'], ...months.map((m) => [m, m, 'num']), ['Total', 'total', 'num']];
      mount(monthsArea, rows.length
        ? dataTable(columns, rows, { caption: `runs, amount in ${currency}; ${plural(rows.length, 'client')}`, labelledBy: 'months-title' })
        : h('p', { class: 'empty' }, 'Nothing was billed in these months.'));
    } catch (e) {
      mount(monthsArea, errorBox(e, 'Could not load the bills of the months.'));
    } finally {
      monthsArea.setAttribute('aria-busy', 'false');
    }
  }

  async function loadMonth() {
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

  return () => {
    runsChart.dispose();
    monthsChart.dispose();
  };
}
