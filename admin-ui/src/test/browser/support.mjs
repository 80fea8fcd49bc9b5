// What the browser tests share: headless Chromium (Debian's, driven by playwright-core), signing in, drawing a box,
// an axe-core check, and a screenshot of the page when a test fails. The servers are the real embedded stack that
// AdminUiBrowserIT (app) starts; it passes where they are, who may sign in and which tasks wait, in LOUPE_* variables.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the browser tests run from AdminUiBrowserIT (./loupe test)`);
  return value;
}

export const env = {
  url: () => required('LOUPE_URL'),
  password: () => required('LOUPE_PASSWORD'),
  adminPassword: () => required('LOUPE_ADMIN_PASSWORD'),
  operator: () => required('LOUPE_OPERATOR'),
  otherOperator: () => required('LOUPE_OTHER_OPERATOR'),
  /** An operator whose team holds only the tasks `first` and `second`, of a class group of their own. */
  nextOperator: () => required('LOUPE_NEXT_OPERATOR'),
  mlEngineer: () => required('LOUPE_ML_ENGINEER'),
  designer: () => required('LOUPE_DESIGNER'),
  classGroup: () => required('LOUPE_CLASS_GROUP'),
  model: () => required('LOUPE_MODEL'),
  tasks: () => JSON.parse(required('LOUPE_TASKS')),
};

export async function launch() {
  return chromium.launch({
    executablePath: process.env.LOUPE_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
}

/**
 * Runs `body` with a fresh page in a context of its own; on failure saves a full-page screenshot named after the
 * test under LOUPE_SCREENSHOTS, then fails with the page's console errors added.
 */
export async function withPage(browser, name, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await body(page, context);
    if (errors.length) throw new Error(`JavaScript errors on the page: ${errors.join('; ')}`);
  } catch (e) {
    const dir = process.env.LOUPE_SCREENSHOTS;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`), fullPage: true }).catch(() => {});
    }
    throw e;
  } finally {
    await context.close();
  }
}

/** Signs `username` (an operator with the tests' password, unless told) in through the login page; ends on the inbox. */
export async function signIn(page, username, password = env.password()) {
  await page.goto(`${env.url()}/login.html`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/#\/inbox/);
}

/** The inbox narrowed to the tests' class group, so tasks other tests leave waiting are not in the way. */
export async function openInbox(page) {
  await page.goto(`${env.url()}/#/inbox?classGroupKey=${encodeURIComponent(env.classGroup())}`);
  await page.getByRole('table').waitFor();
}

/** Claims the task from the inbox's list; ends in the annotation tool with its image loaded. */
export async function claim(page, taskId) {
  await page.getByRole('button', { name: `Claim task ${taskId}` }).click();
  await page.waitForURL(/#\/work\//);
  await imageShown(page);
}

/** Signs the operator in and claims the task from the filtered inbox. */
export async function signInAndClaim(page, taskId) {
  await signIn(page, env.operator());
  await openInbox(page);
  await claim(page, taskId);
}

export async function imageShown(page) {
  await page.locator('svg.overlay').waitFor({ state: 'visible' });
}

/** Drags a box on the image, from and to fractions (0..1) of the shown image's width and height. */
export async function drawBox(page, from, to) {
  const area = await page.locator('svg.overlay').boundingBox();
  const at = ([x, y]) => [area.x + x * area.width, area.y + y * area.height];
  await page.mouse.move(...at(from));
  await page.mouse.down();
  await page.mouse.move(...at([(from[0] + to[0]) / 2, (from[1] + to[1]) / 2]), { steps: 4 });
  await page.mouse.move(...at(to), { steps: 4 });
  await page.mouse.up();
}

/**
 * With LOUPE_README_SCREENSHOTS set (a folder), saves the page as it is now as `<name>.png` there, for
 * admin-ui/README.md's pictures of the screens; otherwise does nothing.
 */
export async function readmeScreenshot(page, name) {
  const dir = process.env.LOUPE_README_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function seriousViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Signs admin in and opens the screen at `hash` ('#/health'). */
export async function openAsAdmin(page, hash) {
  await signIn(page, 'admin', env.adminPassword());
  await page.goto(`${env.url()}/${hash}`);
}

/** A screen's README picture (with LOUPE_README_SCREENSHOTS), then its check: no serious accessibility violation. */
export async function pictureAndAccessibility(page, name) {
  await readmeScreenshot(page, name);
  assert.deepEqual(await seriousViolations(page), []);
}
