// The screens of ops, admins and ML engineers in headless Chromium against the real servers: the navigation by
// role, the read side, billing, datasets, clients, users and teams, model registrations; and no serious
// accessibility violation on them (axe-core).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { env, launch, readmeScreenshot, seriousViolations, signIn, withPage } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const asAdmin = (page) => signIn(page, 'admin', env.adminPassword());

test("an operator's navigation shows the inbox, the tasks and the operators screen only; an admin's shows every screen", async () => {
  const visible = (page) => page.locator('.topbar nav a:visible').allTextContents();
  await withPage(browser, 'navigation-operator', async (page) => {
    await signIn(page, env.operator());
    await page.locator('#signed-in-as').filter({ hasText: env.operator() }).waitFor();
    assert.deepEqual(await visible(page), ['Inbox', 'Tasks', 'Operators']);
  });
  await withPage(browser, 'navigation-admin', async (page) => {
    await asAdmin(page);
    await page.locator('#signed-in-as').filter({ hasText: 'admin' }).waitFor();
    assert.deepEqual(await visible(page), ['Inbox', 'Tasks', 'Models', 'Operators', 'Read side', 'Demand', 'Health', 'Billing', 'Datasets', 'Recipes', 'Clients', 'Users']);
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
    await readmeScreenshot(page, 'read-side');
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
    await page.locator('.chart[data-drawn] canvas').nth(1).waitFor(); // the picture shows the months' charts
    await readmeScreenshot(page, 'billing');
    assert.deepEqual(await seriousViolations(page), []);
  });
});

// Runs after operator.test.mjs (AdminUiBrowserIT runs the files one at a time, in name order): the task drawn there
// is this dataset's example once its result is delivered.
test("an ML engineer defines a dataset of the operators' class group and downloads its COCO export", async () => {
  await withPage(browser, 'datasets', async (page) => {
    await signIn(page, env.mlEngineer());
    await page.locator('#signed-in-as').filter({ hasText: env.mlEngineer() }).waitFor();
    assert.deepEqual(await page.locator('.topbar nav a:visible').allTextContents(), ['Tasks', 'Models', 'Datasets']);
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
    await readmeScreenshot(page, 'datasets');
    assert.deepEqual(await seriousViolations(page), []);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `COCO JSON of ${name}` }).click()]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const coco = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    assert.ok(Array.isArray(coco.images) && Array.isArray(coco.annotations));
    assert.deepEqual(coco.categories.map((c) => c.name), ['cola', 'water']);
  });
});

test('an admin registers a client, sees its credentials once, and sets its quality policy and a price', async () => {
  await withPage(browser, 'clients', async (page) => {
    await asAdmin(page);
    await page.goto(`${env.url()}/#/clients`);
    const clientId = `browser-${Date.now()}`;
    await page.getByLabel('Id', { exact: true }).fill(clientId);
    await page.getByLabel('Name').fill('Browser Test Retail');
    await page.getByRole('button', { name: 'Register' }).click();
    const once = page.getByRole('status').filter({ hasText: `Credentials of ${clientId}: shown this once` });
    await once.waitFor();
    assert.match(await once.textContent(), /lpk_|[A-Za-z0-9_-]{20,}/);
    await readmeScreenshot(page, 'clients');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('link', { name: clientId }).click();
    await page.getByLabel('Class group').fill('shelf');
    await page.getByLabel('Share sampled (0–1)').fill('0.2');
    await page.getByLabel('Check below confidence (0–1)').fill('0.6');
    await page.getByRole('button', { name: 'Set' }).click();
    await page.getByRole('button', { name: 'Remove the policy of shelf' }).waitFor();
    await page.getByLabel('product-detection checked unit price').fill('0.25');
    await page.getByRole('button', { name: 'Save prices' }).click();
    await page.getByText(`Saved 1 price of ${clientId}.`).waitFor();
    await page.reload();
    await page.getByLabel('product-detection checked unit price').waitFor();
    assert.equal(Number(await page.getByLabel('product-detection checked unit price').inputValue()), 0.25);
    await readmeScreenshot(page, 'client');
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('an admin makes a user with a role, sees the generated password once, and puts them in a team', async () => {
  await withPage(browser, 'users', async (page) => {
    await asAdmin(page);
    await page.goto(`${env.url()}/#/users`);
    const username = `browser-cem-${Date.now()}`;
    await page.getByLabel('Username').fill(username);
    await page.locator('#new-role-operator').check();
    await page.getByRole('button', { name: 'Make user' }).click();
    await page.getByRole('status').filter({ hasText: `Password of ${username}, shown this once` }).waitFor();
    const roles = page.getByRole('form', { name: `Roles of ${username}` });
    assert.equal(await roles.getByLabel('operator').isChecked(), true);
    assert.equal(await roles.getByLabel('ops').isChecked(), false);

    const team = `browser-team-${Date.now()}`;
    await page.getByLabel('Team', { exact: true }).fill(team);
    await page.getByLabel('Task types (comma-separated)').fill('product-detection');
    await page.getByLabel('Members (comma-separated)').fill(`${username}, ${username}`);
    await page.getByRole('button', { name: 'Set team' }).click();
    await page.getByText(`Team ${team} set: 1 member.`).waitFor();
    await page.getByRole('button', { name: `Remove team ${team}` }).waitFor();
    await readmeScreenshot(page, 'users');
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('an ML engineer registers a model version for a class group and takes it off', async () => {
  await withPage(browser, 'models', async (page) => {
    page.on('dialog', (dialog) => dialog.accept());
    await signIn(page, env.mlEngineer());
    await page.goto(`${env.url()}/#/models`);
    const classGroup = `browser-models-${Date.now()}`;
    await page.getByLabel('Class group', { exact: true }).fill(classGroup);
    await page.getByLabel('Model (Triton name)').fill('text_detection');
    await page.getByLabel('Version', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Register' }).click();
    const takeOff = page.getByRole('button', { name: `Take off the model of ${classGroup}` });
    await takeOff.waitFor();
    await readmeScreenshot(page, 'models');
    assert.deepEqual(await seriousViolations(page), []);
    await takeOff.click();
    await takeOff.waitFor({ state: 'detached' });
  });
});

// Runs after operator.test.mjs: the operators' class group has drawn boxes of its finished tasks, verified objects to
// train on, though too few for a classifier.
test('an ML engineer starts training a class group with the keyboard and sees the run end with its outcome', async () => {
  const classGroup = env.classGroup();
  await withPage(browser, 'training', async (page) => {
    await signIn(page, env.mlEngineer());
    await page.goto(`${env.url()}/#/models`);
    const field = page.getByLabel('Class group to train');
    await field.waitFor();
    await field.focus();
    await page.keyboard.type(classGroup);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: new RegExp(`Training of ${classGroup} started|A training run of ${classGroup} is in progress`) }).waitFor();
    const runs = page.getByRole('table', { name: 'Training' });
    await runs.waitFor();
    // the screen looks again every 3 s while a run is going
    const outcome = runs.locator('tbody tr').first().locator('td').nth(3);
    await outcome.filter({ hasNotText: /^Running$/ }).waitFor({ timeout: 120_000 });
    assert.match(await outcome.textContent(), /^(Deployed|Kept the champion|Failed|Skipped)/);
    assert.match(await runs.locator('caption').textContent(), new RegExp(`^${classGroup}: \\d+ training runs?$`));
    await readmeScreenshot(page, 'training');
    assert.deepEqual(await seriousViolations(page), []);
  });
});

// Runs after operator.test.mjs: the operators' class group then holds its eleven tasks, one still claimed ("race").
test('the task manager lists a class group, cancels a selected task in bulk, and filters by status', async () => {
  const { race } = env.tasks();
  await withPage(browser, 'task-manager', async (page) => {
    page.on('dialog', (dialog) => dialog.accept('the browser test closes it'));
    await asAdmin(page);
    await page.goto(`${env.url()}/#/tasks?classGroupKey=${encodeURIComponent(env.classGroup())}`);
    const rows = page.locator('[aria-label="Tasks"] tbody tr');
    await page.locator('[aria-label="Tasks"][aria-busy="false"] table').waitFor();
    assert.equal(await rows.count(), 11);
    assert.match(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'), /^api\/v1\/tasks\.csv\?classGroupKey=/);
    await readmeScreenshot(page, 'tasks');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByLabel(`Select task ${race}`).check();
    await page.getByRole('button', { name: 'Cancel selected' }).click();
    await page.getByRole('status').filter({ hasText: 'Cancel: 1 done.' }).waitFor();

    await page.getByLabel('Status').selectOption('CANCELLED');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForFunction(() => location.hash.includes('status=CANCELLED'));
    // the list is a read model: the cancel reaches it a moment after the journal
    const oneTask = page.locator('[aria-label="Tasks"] caption').filter({ hasText: /^1 task$/ });
    for (let tries = 0; !(await oneTask.isVisible()); tries++) {
      assert.ok(tries < 30, 'the cancelled task never showed under Cancelled');
      await page.waitForTimeout(1000);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getByRole('link').getAttribute('title'), race);
  });
});

test('the demand screen shows the work per task type and per job type', async () => {
  await withPage(browser, 'demand', async (page) => {
    await asAdmin(page);
    await page.goto(`${env.url()}/#/demand`);
    const people = page.getByRole('table', { name: "People's work, per task type" });
    await people.waitFor();
    assert.match(await people.textContent(), /product-detection/);
    assert.match(await page.getByRole('table', { name: 'Job workers, per job type' }).textContent(), /detect-objects/);
    await readmeScreenshot(page, 'demand');
    assert.deepEqual(await seriousViolations(page), []);
  });
});
