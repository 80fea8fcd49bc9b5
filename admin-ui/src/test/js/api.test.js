// The fetch wrapper: problem+json errors, network errors, empty 202 bodies. fetch is stubbed.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, ApiError, NetworkError } from '../../main/resources/META-INF/resources/js/api.js';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function stub(status, body, contentType = 'application/json') {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ url, init });
    return new Response(body, { status, headers: { 'Content-Type': contentType } });
  };
  return calls;
}

test('claim posts the operator id and returns the session', async () => {
  const calls = stub(200, JSON.stringify({ sessionId: 's1', taskId: 't/1' }));
  assert.deepEqual(await api.claim('t/1', 'op-7'), { sessionId: 's1', taskId: 't/1' });
  assert.equal(calls[0].url, 'api/v1/inbox/t%2F1/claim');
  assert.equal(calls[0].init.method, 'POST');
  assert.deepEqual(JSON.parse(calls[0].init.body), { operatorId: 'op-7' });
  assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
});

test('a 202 with no body resolves to null', async () => {
  stub(202, null);
  assert.equal(await api.finish('s1', { objects: [] }), null);
});

test('a 409 problem becomes an ApiError carrying the problem', async () => {
  stub(409, JSON.stringify({ title: 'Already claimed', detail: 'Task t1 is taken', status: 409 }), 'application/problem+json');
  await assert.rejects(api.claim('t1', 'op'), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 409);
    assert.equal(e.message, 'Already claimed');
    assert.equal(e.problem.detail, 'Task t1 is taken');
    return true;
  });
});

test('validation errors are kept for display', async () => {
  const problem = { title: 'Invalid session', errors: [{ field: 'objects[0].box.w', message: 'must be positive' }] };
  stub(400, JSON.stringify(problem), 'application/problem+json');
  await assert.rejects(api.finish('s1', { objects: [] }), (e) => {
    assert.deepEqual(e.problem.errors, problem.errors);
    return true;
  });
});

test('a non-JSON error body still gives a readable error', async () => {
  stub(502, 'Bad gateway', 'text/plain');
  await assert.rejects(api.inbox(), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 502);
    assert.equal(e.problem.detail, 'Bad gateway');
    return true;
  });
});

test('an unreachable server is a NetworkError', async () => {
  globalThis.fetch = async () => {
    throw new TypeError('fetch failed');
  };
  await assert.rejects(api.task('t1'), NetworkError);
});
