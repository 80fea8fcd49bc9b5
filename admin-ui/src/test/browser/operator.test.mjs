// An operator's day in headless Chromium against the real servers: signing in, claiming from a filtered inbox,
// drawing, finishing, a reload in the middle of the work, a finish the server fails, a task another operator took;
// and no serious accessibility violation on any screen on the way (axe-core).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { claim, drawBox, env, imageShown, launch, openInbox, readmeScreenshot, seriousViolations, signIn, signInAndClaim, withPage } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a wrong password is refused with a message; the right one signs in and the header names the operator', async () => {
  await withPage(browser, 'sign-in', async (page) => {
    await page.goto(`${env.url()}/login.html`);
    await readmeScreenshot(page, 'login');
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Username').fill(env.operator());
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/login\.html\?error/);
    assert.match(await page.locator('#login-message').textContent(), /Wrong username or password/);

    await signIn(page, env.operator());
    await page.locator('#signed-in-as').filter({ hasText: env.operator() }).waitFor();
  });
});

test('claim from the filtered inbox, draw a box and finish: the finish is confirmed and the task leaves the inbox', async () => {
  const { draw } = env.tasks();
  await withPage(browser, 'claim-draw-finish', async (page) => {
    await signIn(page, env.operator());
    await openInbox(page);
    assert.match(await page.getByRole('table').textContent(), /No model: draw/);
    await readmeScreenshot(page, 'inbox');
    assert.deepEqual(await seriousViolations(page), []);

    await claim(page, draw);
    await drawBox(page, [0.2, 0.2], [0.6, 0.5]);
    await page.getByRole('heading', { name: 'Boxes (1)' }).waitFor();
    await readmeScreenshot(page, 'annotate');
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: 'Finish', exact: true }).click();

    await page.waitForURL(/#\/inbox/);
    await page.getByText(/Finished task .*: 1 box sent/).waitFor();
    await page.getByRole('button', { name: `Claim task ${draw}` }).waitFor({ state: 'detached' });
  });
});

test('work drawn before a reload is still there after it, and finishes', async () => {
  const { reload } = env.tasks();
  await withPage(browser, 'reload-mid-session', async (page) => {
    await signInAndClaim(page, reload);
    await drawBox(page, [0.1, 0.1], [0.3, 0.4]);
    await drawBox(page, [0.5, 0.5], [0.9, 0.9]);
    await page.getByRole('heading', { name: 'Boxes (2)' }).waitFor();

    await page.reload();
    await imageShown(page);
    await page.getByRole('heading', { name: 'Boxes (2)' }).waitFor();
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    await page.getByText(/Finished task .*: 2 boxes sent/).waitFor();
  });
});

test('a finish the server fails keeps the work and says so; Finish again sends it', async () => {
  const { retry } = env.tasks();
  await withPage(browser, 'failed-finish-then-retry', async (page) => {
    await signInAndClaim(page, retry);
    await drawBox(page, [0.3, 0.3], [0.5, 0.6]);
    await page.route('**/api/v1/sessions/*/finish', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Service Unavailable', status: 503, detail: 'the engine is restarting' }),
      }),
    );

    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'the engine is restarting' });
    await alert.waitFor();
    assert.match(await alert.textContent(), /Your work is kept on this device/);
    await page.getByRole('heading', { name: 'Boxes (1)' }).waitFor();

    await page.unroute('**/api/v1/sessions/*/finish');
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    await page.getByText(/Finished task .*: 1 box sent/).waitFor();
  });
});

test('an operator who claims a task another operator just took is told so, and it leaves their list', async () => {
  const { race } = env.tasks();
  await withPage(browser, 'second-operator-409', async (other) => {
    await signIn(other, env.otherOperator());
    await openInbox(other);
    await other.getByRole('button', { name: `Claim task ${race}` }).waitFor();

    await withPage(browser, 'first-operator-claims', async (page) => {
      await signIn(page, env.operator());
      await openInbox(page);
      await claim(page, race);
    });
    await other.getByRole('button', { name: `Claim task ${race}` }).click();

    await other.getByText(/was taken by someone else; it is gone from your inbox/).waitFor();
    await other.getByRole('button', { name: `Claim task ${race}` }).waitFor({ state: 'detached' });
  });
});

test('a task claimed in one browser is listed as claimed in another, resumed there, and finished', async () => {
  const { resume } = env.tasks();
  await withPage(browser, 'claimed-on-another-device', async (page) => {
    await signInAndClaim(page, resume);
    await drawBox(page, [0.1, 0.1], [0.2, 0.2]);
  });
  await withPage(browser, 'resumed-on-this-device', async (page) => {
    await signIn(page, env.operator());
    await openInbox(page);
    await page.getByRole('heading', { name: 'Claimed by you' }).waitFor();
    await page.getByRole('button', { name: `Resume task ${resume}` }).click();
    await page.waitForURL(/#\/work\//);
    await imageShown(page);
    await page.getByRole('heading', { name: 'Boxes (0)' }).waitFor();
    await drawBox(page, [0.4, 0.4], [0.6, 0.6]);
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    await page.getByText(/Finished task .*: 1 box sent/).waitFor();
  });
});

test('an operator gives a claimed task back, and it waits in the inbox again', async () => {
  const { giveback } = env.tasks();
  await withPage(browser, 'give-back', async (page) => {
    page.on('dialog', (dialog) => dialog.accept());
    await signInAndClaim(page, giveback);
    await drawBox(page, [0.2, 0.2], [0.3, 0.3]);
    await page.getByRole('button', { name: 'Give back to the inbox' }).click();
    await page.waitForURL(/#\/inbox/);
    await page.getByText(/Gave task .* back to the inbox/).waitFor();
    await openInbox(page);
    await page.getByRole('button', { name: `Claim task ${giveback}` }).waitFor();
  });
});

test('an operator finds the image unusable, says why with the keyboard, and the task is rejected with the reason', async () => {
  const { unusable } = env.tasks();
  await withPage(browser, 'image-unusable', async (page) => {
    await signInAndClaim(page, unusable);
    await page.getByRole('button', { name: 'Image unusable…' }).click();
    const dialog = page.getByRole('dialog', { name: 'The image is unusable' });
    await dialog.waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await readmeScreenshot(page, 'image-unusable');

    await page.keyboard.press('ArrowDown');
    assert.equal(await dialog.getByLabel('Too dark').isChecked(), true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('lights off');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.waitForURL(/#\/inbox/);
    await page.getByText(/Rejected task .*: too dark/).waitFor();
    await openInbox(page);
    await page.getByRole('button', { name: `Claim task ${unusable}` }).waitFor({ state: 'detached' });
    await page.goto(`${env.url()}/#/tasks/${unusable}`);
    await page.getByText('image 1 is too dark to use (an operator’s verdict: DARK, “lights off”)').waitFor();
  });
});

test('Finish and next finishes the task and opens the next one; on the last one Ctrl+Enter says the inbox is empty', async () => {
  const { first, second } = env.tasks();
  await withPage(browser, 'finish-and-next', async (page) => {
    await signIn(page, env.nextOperator());
    await page.getByRole('button', { name: `Claim task ${first}` }).click();
    await page.waitForURL(/#\/work\//);
    await imageShown(page);
    await drawBox(page, [0.2, 0.2], [0.4, 0.4]);
    await page.getByRole('button', { name: 'Finish and next' }).click();

    await page.waitForURL(new RegExp(`task=${second}`));
    await page.getByText(/Finished task .*: 1 box sent\. Here is your next task/).waitFor();
    await imageShown(page);
    await drawBox(page, [0.5, 0.5], [0.7, 0.7]);
    await page.getByRole('heading', { name: 'Boxes (1)' }).waitFor();
    await page.keyboard.press('Control+Enter');

    await page.waitForURL(/#\/inbox/);
    await page.getByText(/Finished task .*: 1 box sent\. Your inbox is empty\./).waitFor();
  });
});

test('at 1:1 the image shows its own pixels and a box drawn there keeps its size; the wheel zooms; 0 fits', async () => {
  const { zoom } = env.tasks();
  await withPage(browser, 'zoom', async (page) => {
    await signInAndClaim(page, zoom);
    const readout = page.locator('.zoom-readout');
    assert.match(await readout.textContent(), /^Fit \(\d+ %\)$/);

    await page.getByRole('button', { name: '1:1' }).click();
    assert.equal(await readout.textContent(), '100 %');
    const [shown, natural] = await page.locator('.frame img').evaluate((img) => [img.clientWidth, img.naturalWidth]);
    assert.equal(shown, natural);
    const view = await page.locator('.viewport').boundingBox();
    await page.mouse.move(view.x + 50, view.y + 50);
    await page.mouse.down();
    await page.mouse.move(view.x + 250, view.y + 150, { steps: 5 });
    await page.mouse.up();
    assert.match(await page.locator('.box-item').first().textContent(), /\b(199|200|201)×(99|100|101)\b/);

    await page.locator('.viewport').hover();
    await page.mouse.wheel(0, -100);
    await page.waitForFunction(() => document.querySelector('.zoom-readout').textContent === '125 %');
    await page.keyboard.press('0');
    assert.match(await readout.textContent(), /^Fit/);
    assert.ok(await page.locator('.frame img').evaluate((img) => img.clientWidth < img.naturalWidth));
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    await page.getByText(/Finished task .*: 1 box sent/).waitFor();
  });
});

test('drawing over a selected box draws another; Edit moves it; 2 relabels it alone; its list entry shows it out', async () => {
  const { tools } = env.tasks();
  await withPage(browser, 'tools', async (page) => {
    await signInAndClaim(page, tools);
    await drawBox(page, [0.2, 0.2], [0.5, 0.5]);
    const where = () => page.locator('.panel', { has: page.getByRole('heading', { name: 'Selected box' }) }).textContent();
    await page.locator('.box-item').first().click();
    const before = await where();
    assert.match(before, / px at \(/);

    await drawBox(page, [0.3, 0.3], [0.4, 0.45]);
    await page.getByRole('heading', { name: 'Boxes (2)' }).waitFor();
    await page.locator('.box-item').first().click();
    assert.equal(await where(), before);

    await page.keyboard.press('v');
    assert.equal(await page.getByRole('button', { name: 'Edit' }).getAttribute('aria-pressed'), 'true');
    await drawBox(page, [0.25, 0.25], [0.28, 0.3]);
    await page.getByRole('heading', { name: 'Boxes (2)' }).waitFor();
    assert.notEqual(await where(), before);

    await page.keyboard.press('2');
    assert.match(await page.locator('.box-item').first().textContent(), /Water 1l/);
    assert.equal(await page.locator('#draw-class').inputValue(), 'cola');

    await page.locator('.box-item').nth(1).hover();
    assert.equal(await page.locator('svg.overlay .box.highlighted').count(), 1);
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    await page.getByText(/Finished task .*: 2 boxes sent/).waitFor();
  });
});

test('a drawn box asks the classifier: with none (204) it keeps its class; a suggestion is preselected, marked, and 1 corrects it', async () => {
  const { suggest } = env.tasks();
  await withPage(browser, 'suggestion', async (page) => {
    await signInAndClaim(page, suggest);
    const asked = page.waitForResponse((response) => response.url().includes('/suggestions'));
    await drawBox(page, [0.1, 0.1], [0.3, 0.4]);
    assert.equal((await asked).status(), 204); // the tests' class group has no classifier
    await page.getByRole('heading', { name: 'Boxes (1)' }).waitFor();
    assert.match(await page.locator('.box-list').textContent(), /1\. Cola 330ml/);
    assert.equal(await page.locator('svg.overlay .box.suggested').count(), 0);

    // a class group with a classifier answers with a class: here the route answers as the classifier would
    await page.route('**/api/v1/sessions/*/suggestions', (route) => route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ classId: 'water', confidence: 0.87, model: 'browser-classifier', version: '2' }),
    }));
    await drawBox(page, [0.5, 0.5], [0.8, 0.9]);
    await page.getByText('Suggested class for the new box: Water 1l (87 %). Keep it or pick another (1–9).').waitFor();
    assert.match(await page.locator('.box-list').textContent(), /2\. Water 1l \(suggested, 87 %\)/);
    assert.equal(await page.locator('svg.overlay .box.suggested').count(), 1);
    await page.getByText('Class suggested by the classifier, confidence 0.87, classifier version 2. Keep it or pick another.').waitFor();
    await readmeScreenshot(page, 'annotate-suggestion');
    assert.deepEqual(await seriousViolations(page), []);

    await page.keyboard.press('1');
    await page.getByText('The classifier suggested Water 1l, confidence 0.87, classifier version 2.').waitFor();
    assert.equal(await page.locator('svg.overlay .box.suggested').count(), 0);
    const finished = page.waitForRequest('**/api/v1/sessions/*/finish');
    await page.getByRole('button', { name: 'Finish', exact: true }).click();
    assert.deepEqual((await finished).postDataJSON().objects.map((o) => o.classId), ['cola', 'cola']);
    await page.getByText(/Finished task .*: 2 boxes sent/).waitFor();
  });
});

test('the task page, the models and the operators screens have no serious accessibility violation', async () => {
  const { draw } = env.tasks();
  await withPage(browser, 'other-screens-axe', async (page) => {
    await signIn(page, env.operator());
    for (const [hash, heading] of [[`#/tasks/${encodeURIComponent(draw)}`, /Task/], ['#/models', /Model/], ['#/operators', /Operator/]]) {
      await page.goto(`${env.url()}/${hash}`);
      await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
      await page.waitForLoadState('networkidle');
      if (hash.startsWith('#/tasks/')) await readmeScreenshot(page, 'task');
      if (hash === '#/operators') await readmeScreenshot(page, 'operators');
      assert.deepEqual(await seriousViolations(page), [], hash);
    }
  });
});
