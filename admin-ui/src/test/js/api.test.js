// The fetch wrapper: problem+json errors, network errors, empty 202 bodies. fetch is stubbed.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, ApiError, csrfToken, NetworkError } from '../../main/resources/META-INF/resources/js/api.js';

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

test('claim posts no body: the operator is whoever is signed in', async () => {
  const calls = stub(200, JSON.stringify({ sessionId: 's1', taskId: 't/1' }));
  assert.deepEqual(await api.claim('t/1'), { sessionId: 's1', taskId: 't/1' });
  assert.equal(calls[0].url, 'api/v1/inbox/t%2F1/claim');
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(calls[0].init.body, undefined);
});

test('csrfToken reads the XSRF-TOKEN cookie, decoded', () => {
  assert.equal(csrfToken('a=1; XSRF-TOKEN=ab%2Fc; b=2'), 'ab/c');
  assert.equal(csrfToken('a=1'), null);
});

test('a change sends the CSRF token as X-XSRF-TOKEN; a read does not', async () => {
  globalThis.document = { cookie: 'XSRF-TOKEN=t0k' };
  try {
    const calls = stub(202, null);
    await api.finish('s1', { objects: [] });
    await api.inbox();
    assert.equal(calls[0].init.headers['X-XSRF-TOKEN'], 't0k');
    assert.equal(calls[0].init.headers['Content-Type'], 'application/json');
    assert.equal(calls[1].init.headers['X-XSRF-TOKEN'], undefined);
  } finally {
    delete globalThis.document;
  }
});

test('a 401 sends the browser to the login page', async () => {
  const assigned = [];
  globalThis.location = { assign: (url) => assigned.push(url) };
  try {
    stub(401, JSON.stringify({ title: 'Unauthorized', status: 401 }), 'application/problem+json');
    await assert.rejects(api.inbox(), (e) => e instanceof ApiError && e.status === 401);
    assert.deepEqual(assigned, ['login.html?expired']);
  } finally {
    delete globalThis.location;
  }
});

test('a 202 with no body resolves to null', async () => {
  stub(202, null);
  assert.equal(await api.finish('s1', { objects: [] }), null);
});

test('a 409 problem becomes an ApiError carrying the problem', async () => {
  stub(409, JSON.stringify({ title: 'Already claimed', detail: 'Task t1 is taken', status: 409 }), 'application/problem+json');
  await assert.rejects(api.claim('t1'), (e) => {
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

test('inbox sends its filters as the query, and no query without them', async () => {
  const calls = stub(200, '[]');
  await api.inbox({ type: 'product-detection', classGroupKey: 'a b', olderThan: 'PT1H' });
  await api.inbox();
  assert.equal(calls[0].url, 'api/v1/inbox?type=product-detection&classGroupKey=a+b&olderThan=PT1H');
  assert.equal(calls[1].url, 'api/v1/inbox');
});

test('claimNext answers null when nothing waits (204, no body)', async () => {
  const calls = stub(204, null);
  assert.equal(await api.claimNext(), null);
  assert.equal(calls[0].url, 'api/v1/inbox/next');
  assert.equal(calls[0].init.method, 'POST');
});

test('an HTML error page never reaches the person: a 502 says the server could not answer', async () => {
  stub(502, '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>', 'text/html');
  await assert.rejects(api.inbox(), (e) => {
    assert.equal(e.status, 502);
    assert.doesNotMatch(JSON.stringify(e.problem), /<html|nginx/);
    assert.equal(e.problem.detail, 'The server could not answer (502). Try again in a moment.');
    return true;
  });
});

test('a long or markup-bearing plain text is left out too; a 4xx without a reason says so', async () => {
  stub(400, 'x'.repeat(301), 'text/plain');
  await assert.rejects(api.inbox(), (e) => e.problem.detail === 'The server answered 400 without saying why.');
  stub(404, '<b>gone</b>', 'text/plain');
  await assert.rejects(api.inbox(), (e) => e.problem.detail === 'The server answered 404 without saying why.');
});

test("health answers the actuator's body on 503 too, since a DOWN health says there what is down", async () => {
  const calls = stub(503, JSON.stringify({ status: 'DOWN', components: { kafka: { status: 'DOWN' } } }));
  assert.equal((await api.health()).components.kafka.status, 'DOWN');
  assert.equal(calls[0].url, 'actuator/health');
});

test('health without a JSON body is an error, never a page', async () => {
  stub(502, '<html><body>Bad gateway</body></html>', 'text/html');
  await assert.rejects(api.health(), (e) => e instanceof ApiError && e.status === 502 && !/</.test(e.problem.detail));
});

test("a model's quality history asks for its interval and start, the model's name escaped", async () => {
  const calls = stub(200, JSON.stringify({ versions: [] }));
  await api.modelQualityHistory('text/detection', { interval: 'week', since: '2026-03-01T00:00:00.000Z' });
  assert.equal(calls[0].url, 'api/v1/model-quality/text%2Fdetection/history?interval=week&since=2026-03-01T00%3A00%3A00.000Z');
});
