// The dashboards in headless Chromium against the real servers: model quality over time, operator productivity,
// billing per client and month, demand and read-model lag as sampled by the page, and the health of each server.
// Each chart is drawn by ECharts (served from its webjar) and named for assistive technology, next to a table with
// its figures; errors are shown in words, never as a page's markup; no serious accessibility violation (axe-core).
// Named to run after operator.test.mjs and ops.test.mjs: it only reads, and finds the sessions the operators ended.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { env, launch, openAsAdmin, pictureAndAccessibility, readmeScreenshot, seriousViolations, signIn, withPage } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Waits until the chart whose aria-label starts with `name` is drawn (a canvas in it); its aria-label. */
async function drawnChart(page, name) {
  const chart = page.locator(`[role="img"][data-drawn][aria-label^="${name}"]`);
  await chart.locator('canvas').first().waitFor();
  await chart.scrollIntoViewIfNeeded();
  return chart.getAttribute('aria-label');
}

test("an ML engineer sees each model version's precision and recall per day, then per week, as charts and a table", async () => {
  await withPage(browser, 'quality-over-time', async (page) => {
    await signIn(page, env.mlEngineer());
    await page.goto(`${env.url()}/#/models`);
    const model = page.getByLabel('Model', { exact: true });
    await model.locator(`option[value="${env.model()}"]`).waitFor({ state: 'attached' });
    await model.selectOption(env.model());
    const table = page.getByRole('table', { name: 'Quality over time' });
    await table.locator('caption', { hasText: `${env.model()} per day` }).waitFor();
    assert.equal(await table.locator('tbody tr').count(), 8, 'two versions, four days each');
    const rates = await drawnChart(page, `${env.model()}: precision, recall and reading accuracy per day`);
    assert.match(rates, /v1 precision [\d.]+ at \d{4}-\d{2}-\d{2}; v1 recall/);
    assert.match(rates, /v2 recall/);
    assert.match(await drawnChart(page, `${env.model()}: true positives`), /v2 false negatives/);
    await readmeScreenshot(page, 'quality-over-time');

    // when: per week, with the keyboard
    await page.getByLabel('Per', { exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await table.locator('caption', { hasText: `${env.model()} per week` }).waitFor();
    await drawnChart(page, `${env.model()}: precision, recall and reading accuracy per week`);
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test("a problem answered for a model's history is shown with its title and detail", async () => {
  await withPage(browser, 'quality-over-time-problem', async (page) => {
    await page.route((url) => url.pathname.endsWith('/history'), (route) => route.fulfill({
      status: 400,
      contentType: 'application/problem+json',
      body: JSON.stringify({ title: 'Bad Request', status: 400, detail: "interval is day or week, not 'hour'" }),
    }));
    await signIn(page, env.mlEngineer());
    await page.goto(`${env.url()}/#/models`);
    const alert = page.getByRole('alert').filter({ hasText: 'Could not load the model’s quality over time.' });
    await alert.waitFor();
    assert.match(await alert.textContent(), /Bad Request \(400\).*interval is day or week, not 'hour'/);
  });
});

test("the operators screen charts each operator's tasks and minutes per task per day", async () => {
  await withPage(browser, 'operators-charts', async (page) => {
    await openAsAdmin(page, '#/operators');
    assert.match(await drawnChart(page, 'Tasks finished per operator per day'), new RegExp(env.operator()));
    assert.match(await drawnChart(page, 'Active minutes per task per operator per day'), new RegExp(`${env.operator()} [\\d.]+ min`));
    await page.getByRole('table', { name: 'Per operator per day' }).waitFor();
    await pictureAndAccessibility(page, 'operators-charts');
  });
});

test("billing charts each client's runs and amount in the six months up to the chosen one, with the same in a table", async () => {
  await withPage(browser, 'billing-months', async (page) => {
    await openAsAdmin(page, '#/billing');
    await page.locator('[aria-label="Runs and amount per client per month"][aria-busy="false"]').waitFor();
    assert.match(await drawnChart(page, 'Runs billed per client per month'), /\d+ at \d{4}-\d{2}/);
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.match(await drawnChart(page, 'Amount billed per client per month'), /^Amount billed per client per month, \d{4}-\d{2} to \d{4}-\d{2}/);
    await pictureAndAccessibility(page, 'billing-months');
  });
});

test('the demand screen charts what it sampled while it was open, and says the server keeps no history', async () => {
  await withPage(browser, 'demand-history', async (page) => {
    await openAsAdmin(page, '#/demand');
    assert.match(await page.locator('main').textContent(), /the server keeps none/);
    const samples = page.getByRole('table', { name: 'Since this page was opened' });
    await page.getByText('The samples as a table').click();
    await samples.locator('tbody tr').nth(1).waitFor();
    assert.match(await samples.locator('thead').textContent(), /product-detection \(people\)/);
    assert.match(await drawnChart(page, 'Queued per type, as sampled by this page'), /product-detection \(people\) \d+ at/);
    await drawnChart(page, 'In process per type, as sampled by this page');
    await pictureAndAccessibility(page, 'demand-history');
  });
});

test('the read side charts how far behind each read model was at each refresh', async () => {
  await withPage(browser, 'read-side-lag', async (page) => {
    await openAsAdmin(page, '#/read-side');
    assert.match(await drawnChart(page, 'Events each read model was behind the journal'), /tasks \d+ at/);
    await page.getByText('The samples as a table').click();
    await page.getByRole('table', { name: 'Events behind, since this page was opened' }).locator('tbody tr').nth(1).waitFor();
    await pictureAndAccessibility(page, 'read-side-lag');
  });
});

test('the health screen shows ops every server Loupe depends on with its details; an operator only the overall status', async () => {
  await withPage(browser, 'health', async (page) => {
    await openAsAdmin(page, '#/health');
    const table = page.getByRole('table', { name: 'Components' });
    await table.waitFor();
    const components = await table.locator('tbody tr td:first-child').allTextContents();
    for (const server of ['zeebe', 'db / dataSource', 'kafka', 'elasticsearch', 'inference', 'relay', 'readModels']) {
      assert.ok(components.includes(server), `${server} in ${components}`);
    }
    const readModels = table.locator('tbody tr', { has: page.locator('td:first-child', { hasText: /^readModels$/ }) });
    assert.match(await readModels.textContent(), /(UP|WARN) — .*deadLettersWaiting: \d+/);
    await pictureAndAccessibility(page, 'health');
  });
  await withPage(browser, 'health-operator', async (page) => {
    await signIn(page, env.operator());
    assert.equal(await page.locator('.topbar nav a[href="#/health"]').isVisible(), false);
    await page.goto(`${env.url()}/#/health`);
    await page.getByText('Only ops and admins see each component').waitFor();
    assert.match(await page.locator('main').textContent(), /Loupe: (UP|WARN)/);
  });
});

test("a gateway's HTML page instead of the health is shown as a short message, never as markup", async () => {
  await withPage(browser, 'health-gateway', async (page) => {
    await page.route('**/actuator/health', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }));
    await openAsAdmin(page, '#/health');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    assert.match(text, /The server could not answer \(502\)/);
    assert.doesNotMatch(text, /<|Bad Gateway<\/h1>/);
  });
});
