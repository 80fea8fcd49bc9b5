// The screens of ops, admins and ML engineers in headless Chromium against the real servers: the navigation by
// role, the read side, billing and datasets; and no serious accessibility violation on them (axe-core).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { env, launch, seriousViolations, signIn, withPage } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const asAdmin = (page) => signIn(page, 'admin', env.adminPassword());

test("an operator's navigation shows the inbox and the operators screen only; an admin's shows every screen", async () => {
  const visible = (page) => page.locator('.topbar nav a:visible').allTextContents();
  await withPage(browser, 'navigation-operator', async (page) => {
    await signIn(page, env.operator());
    await page.locator('#signed-in-as').filter({ hasText: env.operator() }).waitFor();
    assert.deepEqual(await visible(page), ['Inbox', 'Operators']);
  });
  await withPage(browser, 'navigation-admin', async (page) => {
    await asAdmin(page);
    await page.locator('#signed-in-as').filter({ hasText: 'admin' }).waitFor();
    assert.deepEqual(await visible(page), ['Inbox', 'Models', 'Operators', 'Read side', 'Billing', 'Datasets']);
  });
});

test('the read side lists every read model with its index and lag, and the dead letters', async () => {
  await withPage(browser, 'read-side', async (page) => {
    await asAdmin(page);
    await page.goto(`${env.url()}/#/read-side`);
    const models = page.getByRole('table', { name: 'Read models' });
    await models.waitFor();
    const text = await models.textContent();
    const rows = await models.locator('tbody tr td:first-child').allTextContents();
    const states = await (await page.request.get(`${env.url()}/api/v1/read-models`)).json();
    assert.deepEqual(rows.toSorted(), states.map((state) => state.name).toSorted());
    assert.ok(rows.includes('tasks'));
    for (const name of rows) assert.match(text, new RegExp(`${name}-v\\d+`));
    await page.getByRole('button', { name: 'Rebuild tasks' }).waitFor();
    await page.locator('[aria-label="Dead letters"][aria-busy="false"]').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test("billing shows the month's bill or says nothing was billed, and links the month's CSV", async () => {
  await withPage(browser, 'billing', async (page) => {
    await asAdmin(page);
    await page.goto(`${env.url()}/#/billing`);
    await page.locator('[aria-label="Bill lines"][aria-busy="false"]').waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.match(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'), /^api\/v1\/billing\?month=\d{4}-\d{2}&format=csv$/);
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test("an ML engineer defines a dataset of the operators' class group and downloads its COCO export", async () => {
  await withPage(browser, 'datasets', async (page) => {
    await asAdmin(page);
    // the task drawn in the operator's tests is an example once its result is delivered
    const { draw } = env.tasks();
    for (let tries = 0; ; tries++) {
      const task = await (await page.request.get(`${env.url()}/api/v1/tasks/${draw}`)).json();
      if (task.status === 'DONE') break;
      assert.ok(tries < 120, `task ${draw} is ${task.status}, not DONE`);
      await page.waitForTimeout(500);
    }
    await page.goto(`${env.url()}/#/datasets`);
    const name = `browser ${Date.now()}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Class group').fill(env.classGroup());
    await page.getByRole('button', { name: 'Define' }).click();
    await page.getByText(`Defined dataset ${name} at journal position`).waitFor();
    await page.getByRole('cell', { name, exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `COCO JSON of ${name}` }).click()]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const coco = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    assert.ok(Array.isArray(coco.images) && Array.isArray(coco.annotations));
    assert.deepEqual(coco.categories.map((c) => c.name), ['cola', 'water']);
  });
});
