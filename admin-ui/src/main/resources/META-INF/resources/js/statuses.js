// Task statuses: the server's TaskStatus (task-domain), one vocabulary for the REST API, the read models, the
// callbacks and this UI. A status the UI does not know yet is shown as the server names it.

/** Every status a task can be in, in the order a task goes through them, with what it means for a person. */
export const TASK_STATUSES = Object.freeze({
  CREATED: 'Created',
  DETECTION_REQUESTED: 'Detection requested',
  DETECTED: 'Detected',
  WAITING_FOR_OPERATOR: 'Waiting for an operator',
  IN_PROGRESS: 'In progress',
  OPERATOR_FINISHED: 'Operator finished',
  RESULT_GENERATED: 'Result generated',
  DELIVERY_FAILED: 'Delivery failed',
  REJECTED: 'Rejected',
  DONE: 'Done',
  CANCELLED: 'Cancelled',
});

/** What a person reads for a status; '—' for none. */
export function statusLabel(status) {
  if (status === null || status === undefined) return '—';
  return TASK_STATUSES[status] ?? String(status);
}

/** The CSS classes of a status badge: `status status-<name in lower case>`. */
export function statusClass(status) {
  return `status status-${String(status).toLowerCase()}`;
}

/**
 * How many of the task's journal events its view (a read model, at the version of the last event it applied) has
 * not applied yet: 0 when it is up to date or either is unknown.
 */
export function eventsBehind(view, events) {
  if (!Array.isArray(events) || !events.length || typeof view?.version !== 'number') return 0;
  const last = Math.max(...events.map((e) => (typeof e.version === 'number' ? e.version : -1)));
  return Math.max(0, last - view.version);
}
