// Loupe's REST API, same origin. Paths are relative to the page so a context path still works.
import { filterQuery } from './inbox-filter.js';

const BASE = 'api/v1';

/** An HTTP error; `problem` holds the application/problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super(problem?.title ?? fallback ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** The server could not be reached at all (offline, connection reset, server down). */
export class NetworkError extends Error {
  constructor(cause) {
    super('Cannot reach the Loupe server. Check your connection and try again.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

/** The CSRF token Spring Security keeps in the XSRF-TOKEN cookie; a signed-in page sends it back on every change. */
export function csrfToken(cookies = globalThis.document?.cookie ?? '') {
  const found = cookies.split(';').map((c) => c.trim()).find((c) => c.startsWith('XSRF-TOKEN='));
  return found ? decodeURIComponent(found.slice('XSRF-TOKEN='.length)) : null;
}

/** The session is gone (signed out, expired, disabled): back to the login page, then here again. */
function signInAgain() {
  globalThis.location?.assign('login.html?expired');
}

/**
 * `body` goes as JSON, unless `contentType` names another type: then as it is (a BPMN file's text). With `text`, the
 * answer is its text (a BPMN diagram), not JSON. `answered`: statuses besides 2xx whose body is the answer (the health
 * endpoint's 503 says what is down).
 */
async function request(method, path, body, options = {}) {
  const { url = `${BASE}${path}`, answered = [], contentType, text: asText = false } = options;
  const token = method === 'GET' ? null : csrfToken();
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: asText ? 'application/xml, application/problem+json' : 'application/json, application/problem+json',
        ...(body !== undefined ? { 'Content-Type': contentType ?? 'application/json' } : {}),
        ...(token ? { 'X-XSRF-TOKEN': token } : {}),
      },
      body: body === undefined || contentType ? body : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new NetworkError(e);
  }
  const text = await response.text();
  if (asText && response.ok) return text;
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.status === 401) {
    signInAgain();
  }
  if (!response.ok && !(answered.includes(response.status) && data)) {
    const problem = data && typeof data === 'object' ? data : problemOf(response, text);
    throw new ApiError(response.status, problem);
  }
  return data;
}

const SHORT_TEXT = 300;

/**
 * A problem for an error answer that is not JSON (a proxy's or a gateway's page, a plain text): its status in words,
 * and the text only when it is short plain text; never a page's markup.
 */
export function problemOf(response, text) {
  const status = response.status;
  const title = response.statusText || `HTTP ${status}`;
  const type = response.headers?.get?.('Content-Type') ?? '';
  const plain = type.startsWith('text/plain') && text && text.length <= SHORT_TEXT && !/<[a-z!]/i.test(text);
  if (plain) return { title, detail: text.trim() };
  if (status >= 500) {
    return { title, detail: `The server could not answer (${status}). Try again in a moment.` };
  }
  return { title, detail: `The server answered ${status} without saying why.` };
}

const id = (v) => encodeURIComponent(v);

export const api = {
  inbox: (filter = {}) => {
    const query = filterQuery(filter);
    return request('GET', query ? `/inbox?${query}` : '/inbox');
  },
  inboxCounts: () => request('GET', '/inbox/counts'),
  /** Claims the best task waiting for the signed-in operator: its session, or null when none waits. */
  claimNext: () => request('POST', '/inbox/next'),
  task: (taskId) => request('GET', `/tasks/${id(taskId)}`),
  /** `query`: the task manager's query string (filters, size, after). */
  tasks: (query) => request('GET', query ? `/tasks?${query}` : '/tasks'),
  bulkTasks: (command, taskIds, reason) => request('POST', `/tasks/bulk/${id(command)}`, { taskIds, reason }),
  taskCommand: (taskId, command, reason) => request('POST', `/tasks/${id(taskId)}/${id(command)}`, reason ? { reason } : {}),
  demand: () => request('GET', '/demand'),
  events: (taskId) => request('GET', `/tasks/${id(taskId)}/events`),
  me: () => request('GET', '/me'),
  claim: (taskId) => request('POST', `/inbox/${id(taskId)}/claim`),
  /** `next`: also claim the operator's next task; the answer's `next` is its session, else `noNext` says why not. */
  finish: (sessionId, payload, { next = false } = {}) =>
    request('POST', `/sessions/${id(sessionId)}/finish${next ? '?next=true' : ''}`, payload),
  release: (sessionId) => request('POST', `/sessions/${id(sessionId)}/release`),
  /** `verdict`: `{imageIndex, reason, note}`; the task is rejected with the reason. */
  declareUnusable: (sessionId, verdict) => request('POST', `/sessions/${id(sessionId)}/unusable`, verdict),
  /** The classifier's class for a box drawn in the session (`{classId, confidence, model, version}`), or null (none). */
  suggest: (sessionId, { imageIndex, box }) => request('POST', `/sessions/${id(sessionId)}/suggestions`, { imageIndex, box }),
  modelQuality: () => request('GET', '/model-quality'),
  modelQualityHistory: (model, { interval, since }) =>
    request('GET', `/model-quality/${id(model)}/history?interval=${id(interval)}&since=${id(since)}`),
  /** Spring Boot's health: every component with its details for ops and admins, the bare status for anyone else. */
  health: () => request('GET', '', undefined, { url: 'actuator/health', answered: [503] }),
  operatorDays: ({ from, to }) => request('GET', `/operator-monitor/days?from=${id(from)}&to=${id(to)}`),
  operatorTeams: ({ from, to }) => request('GET', `/operator-monitor/teams?from=${id(from)}&to=${id(to)}`),
  readModels: () => request('GET', '/read-models'),
  rebuild: (name) => request('POST', `/read-models/${id(name)}/rebuild`),
  deadLetters: ({ all = false } = {}) => request('GET', `/read-models/dead-letters${all ? '?all=true' : ''}`),
  replayDeadLetter: (letterId) => request('POST', `/read-models/dead-letters/${id(letterId)}/replay`),
  replayAllDeadLetters: () => request('POST', '/read-models/dead-letters/replay'),
  discardDeadLetter: (letterId, reason) => request('POST', `/read-models/dead-letters/${id(letterId)}/discard`, { reason }),
  bill: ({ month, client }) => request('GET', `/billing?month=${id(month)}${client ? `&client=${id(client)}` : ''}`),
  clients: () => request('GET', '/clients'),
  registerClient: (client) => request('POST', '/clients', client),
  newApiKey: (clientId) => request('POST', `/clients/${id(clientId)}/api-key`),
  newSigningSecret: (clientId) => request('POST', `/clients/${id(clientId)}/signing-secret`),
  qualityPolicies: (clientId) => request('GET', `/clients/${id(clientId)}/quality-policies`),
  setQualityPolicy: (clientId, classGroupKey, policy) => request('PUT', `/clients/${id(clientId)}/quality-policies/${id(classGroupKey)}`, policy),
  removeQualityPolicy: (clientId, classGroupKey) => request('DELETE', `/clients/${id(clientId)}/quality-policies/${id(classGroupKey)}`),
  prices: (clientId) => request('GET', `/clients/${id(clientId)}/prices`),
  setPrices: (clientId, prices) => request('PUT', `/clients/${id(clientId)}/prices`, { prices }),
  users: () => request('GET', '/users'),
  createUser: (user) => request('POST', '/users', user),
  setRoles: (username, roles) => request('PUT', `/users/${id(username)}/roles`, { roles }),
  resetPassword: (username) => request('POST', `/users/${id(username)}/password`, {}),
  setEnabled: (username, enabled) => request('POST', `/users/${id(username)}/${enabled ? 'enable' : 'disable'}`),
  teams: () => request('GET', '/teams'),
  putTeam: (name, team) => request('PUT', `/teams/${id(name)}`, team),
  removeTeam: (name) => request('DELETE', `/teams/${id(name)}`),
  models: () => request('GET', '/models'),
  registerModel: (classGroupKey, model) => request('PUT', `/models/${id(classGroupKey)}`, model),
  unregisterModel: (classGroupKey) => request('DELETE', `/models/${id(classGroupKey)}`),
  /** Starts training the class group's classifier; `override`: deploy the new version whatever the gate says. */
  train: (classGroupKey, { override = false } = {}) => request('POST', `/models/${id(classGroupKey)}/train`, { override }),
  trainingRuns: (classGroupKey) => request('GET', `/models/${id(classGroupKey)}/training-runs`),
  datasets: () => request('GET', '/datasets'),
  defineDataset: (dataset) => request('POST', '/datasets', dataset),
  recipes: () => request('GET', '/recipes'),
  recipeBpmn: (deploymentId) => request('GET', `/recipes/deployments/${id(deploymentId)}/bpmn`, undefined, { text: true }),
  recipeActivity: (processId, version) => request('GET', `/recipes/${id(processId)}/versions/${id(version)}/activity`),
  deployRecipe: (name, bpmn) => request('POST', `/recipes?name=${id(name)}`, bpmn, { contentType: 'application/xml' }),
  recipeRuns: (taskId) => request('GET', `/tasks/${id(taskId)}/recipe-runs`),
};
