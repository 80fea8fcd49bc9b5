// What the ops, billing and datasets screens show, shaped from the API's answers. Pure functions, unit-tested.

/** Who sees which screen in the main navigation: the roles of the API's answers (docs/security.md); admins see all. */
export const SCREEN_ROLES = Object.freeze({
  '#/inbox': ['operator'],
  '#/tasks': ['operator', 'designer', 'ml-engineer'],
  '#/models': ['designer', 'ml-engineer'],
  '#/operators': ['operator', 'ops'],
  '#/read-side': ['ops'],
  '#/demand': ['ops'],
  '#/health': ['ops'],
  '#/billing': [],
  '#/datasets': ['ml-engineer'],
  '#/recipes': ['designer', 'ops'],
  '#/clients': [],
  '#/users': [],
});

/** Whether a person with `roles` sees the screen at `href`; an unknown screen is for everyone. */
export function mayOpen(href, roles) {
  const allowed = SCREEN_ROLES[href];
  if (!allowed || roles.includes('admin')) return true;
  return allowed.some((role) => roles.includes(role));
}

/** The month of `now` in UTC: '2026-12'. */
export function utcMonth(now = new Date()) {
  return now.toISOString().slice(0, 7);
}

/** 12.3 s, 850 ms, '—' when unknown. */
export function seconds(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(1)} s`;
}

/** A read model's row: its index (and what a rebuild writes into), lag, dead letters, quarantine, last rebuild. */
export function readModelRow(state) {
  const rebuild = state.rebuild;
  return {
    name: state.name,
    index: state.rebuildingInto ? `${state.index} → ${state.rebuildingInto}` : state.index,
    lagEvents: String(state.lag?.events ?? '—'),
    lagSeconds: seconds(state.lag?.seconds),
    deadLetters: String(state.deadLettersWaiting ?? 0),
    quarantined: String(state.quarantined?.length ?? 0),
    rebuild: rebuild ? `${rebuild.state}, ${rebuild.events} events${rebuild.error ? `: ${rebuild.error}` : ''}` : 'never',
  };
}

/** A dead letter's row: where it lay, the stream and version it claims, why it was refused, its state. */
export function deadLetterRow(letter) {
  return {
    id: letter.id,
    readModel: letter.readModel,
    where: `${letter.originalTopic} [${letter.originalPartition}] @${letter.originalOffset}`,
    stream: letter.streamId ?? '—',
    version: letter.version === null || letter.version === undefined ? '—' : String(letter.version),
    type: letter.eventType ?? '—',
    exception: letter.exception ?? '—',
    state: letter.note ? `${letter.state} (${letter.note})` : letter.state,
    waiting: letter.state === 'WAITING',
  };
}

const MONEY = (amount, currency) => (amount === null || amount === undefined ? '—' : `${Number(amount).toFixed(2)} ${currency}`);

/** A month's bill as rows: each client's lines, then the client's total. */
export function billRows(bill) {
  const rows = [];
  for (const client of bill.clients ?? []) {
    for (const line of client.lines) {
      rows.push({
        client: client.clientId,
        type: line.type,
        path: line.path,
        runs: String(line.runs),
        reported: String(line.reported),
        rejected: String(line.rejected),
        cancelled: String(line.cancelled),
        reprocessed: String(line.reprocessed),
        images: String(line.images),
        unitPrice: line.unitPrice === null || line.unitPrice === undefined ? 'no price' : MONEY(line.unitPrice, bill.currency),
        amount: MONEY(line.amount, bill.currency),
        total: false,
      });
    }
    rows.push({
      client: `${client.clientId} total`,
      type: '',
      path: '',
      runs: String(client.totals.runs),
      reported: String(client.totals.reported),
      rejected: String(client.totals.rejected),
      cancelled: String(client.totals.cancelled),
      reprocessed: String(client.totals.reprocessed),
      images: String(client.totals.images),
      unitPrice: '',
      amount: MONEY(client.totals.amount, bill.currency),
      total: true,
    });
  }
  return rows;
}

/** A dataset's row: its query in words and the journal position it is read at. */
export function datasetRow(dataset) {
  const range =
    dataset.finishedFrom || dataset.finishedTo ? `${dataset.finishedFrom ?? '…'} – ${dataset.finishedTo ?? '…'}` : 'any time';
  return {
    id: dataset.id,
    name: dataset.name,
    classGroup: dataset.classGroupKey,
    finished: range,
    verified: dataset.verifiedOnly ? 'verified only' : 'all delivered',
    asOf: dataset.asOf,
    created: `${dataset.createdAt} by ${dataset.createdBy}`,
  };
}
