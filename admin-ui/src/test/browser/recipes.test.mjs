// The recipes screen and the task page's diagram in headless Chromium against the real servers: a recipe version
// drawn by the vendored bpmn-js with the tasks waiting at its elements, a broken recipe refused with its reasons
// marked on its diagram, and the path a task took; no serious accessibility violation (axe-core).
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

/** The run of the task's recipe it is in now, as the API tells it. */
async function currentRun(page, taskId) {
  const runs = await (await page.request.get(`${env.url()}/api/v1/tasks/${taskId}/recipe-runs`)).json();
  assert.ok(runs.length > 0, `task ${taskId} has a recipe run`);
  return runs[runs.length - 1];
}

test('the recipes screen draws the version a waiting task runs on, with a badge counting the tasks at its element', async () => {
  const { recipe } = env.tasks();
  await withPage(browser, 'recipes-diagram', async (page) => {
    await signIn(page, env.designer());
    await page.locator('#signed-in-as').filter({ hasText: env.designer() }).waitFor();
    assert.ok(await page.locator('.topbar nav a:visible', { hasText: 'Recipes' }).isVisible());
    const run = await currentRun(page, recipe);
    assert.equal(run.at, 'OperatorAnnotatesTask');

    await page.goto(`${env.url()}/#/recipes?deployment=${run.deploymentId}`);

    const element = page.locator('.djs-element[data-element-id="OperatorAnnotatesTask"]');
    await element.waitFor();
    const badge = page.locator('.djs-overlays[data-container-id="OperatorAnnotatesTask"] .element-badge.active');
    await badge.waitFor();
    assert.ok(Number(await badge.textContent()) >= 1, 'the badge counts the waiting task');
    const row = page.getByRole('row').filter({ hasText: 'OperatorAnnotatesTask' });
    assert.ok(Number(await row.getByRole('cell').nth(1).textContent()) >= 1);
    assert.equal(await page.getByLabel('Version', { exact: true }).inputValue(), String(run.deploymentId));
    await page.getByRole('button', { name: 'Zoom in on Diagram of the selected recipe version' }).click();
    await page.getByRole('button', { name: 'Fit' }).first().click();
    await readmeScreenshot(page, 'recipes');
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test('a recipe refused on deploying shows each reason in a list and marks its element on the diagram', async () => {
  const { recipe } = env.tasks();
  await withPage(browser, 'recipes-refused', async (page) => {
    await signIn(page, env.designer());
    const run = await currentRun(page, recipe);
    const shipped = await (await page.request.get(`${env.url()}/api/v1/recipes/deployments/${run.deploymentId}/bpmn`)).text();
    const broken = shipped.replace('type="loupe.generate-result"', 'type="loupe.no-such-worker"');
    assert.notEqual(broken, shipped);
    await page.goto(`${env.url()}/#/recipes`);
    await page.locator('.djs-element').first().waitFor();

    await page.getByLabel('BPMN file').setInputFiles({ name: 'broken recipe.bpmn', mimeType: 'application/xml', buffer: Buffer.from(broken) });
    await page.getByRole('button', { name: 'Validate and deploy' }).click();

    const problems = page.locator('#deploy-problems');
    await problems.waitFor();
    assert.match(await problems.textContent(), /GenerateResultTask: service task 'GenerateResultTask' names job type 'loupe.no-such-worker', which no worker serves/);
    await page.locator('.djs-element.recipe-problem[data-element-id="GenerateResultTask"]').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
  });
});

test("the task page draws the recipe version the task ran on, with the path it took and where it waits", async () => {
  const { recipe } = env.tasks();
  await withPage(browser, 'recipes-task-page', async (page) => {
    await signIn(page, env.designer());
    await page.goto(`${env.url()}/#/tasks/${recipe}`);

    await page.locator('.djs-element.recipe-current[data-element-id="OperatorAnnotatesTask"]').waitFor();
    await page.locator('.djs-element.recipe-path[data-element-id="TaskCreatedStartEvent"]').waitFor();
    const path = page.getByRole('list', { name: 'Elements the run reached' });
    assert.match(await path.textContent(), /TaskCreatedStartEvent.*RequestAssistanceTask.*OperatorAnnotatesTask \(the task is here\)/s);
    await page.evaluate(() => document.getElementById('recipe-title').scrollIntoView());
    await readmeScreenshot(page, 'task-recipe');
    assert.deepEqual(await seriousViolations(page), []);
  });
});
