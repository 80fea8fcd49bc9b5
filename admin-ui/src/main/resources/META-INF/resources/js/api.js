// Loupe's REST API, same origin. Paths are relative to the page so a context path still works.

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

async function request(method, path, body) {
  let response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch (e) {
    throw new NetworkError(e);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : { title: response.statusText || `HTTP ${response.status}`, detail: text || undefined };
    throw new ApiError(response.status, problem);
  }
  return data;
}

const id = (v) => encodeURIComponent(v);

export const api = {
  inbox: () => request('GET', '/inbox'),
  task: (taskId) => request('GET', `/tasks/${id(taskId)}`),
  events: (taskId) => request('GET', `/tasks/${id(taskId)}/events`),
  claim: (taskId, operatorId) => request('POST', `/inbox/${id(taskId)}/claim`, { operatorId }),
  finish: (sessionId, payload) => request('POST', `/sessions/${id(sessionId)}/finish`, payload),
  modelQuality: () => request('GET', '/model-quality'),
};
