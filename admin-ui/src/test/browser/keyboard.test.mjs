// Every screen works with the keyboard alone: Tab reaches each control a mouse could use, in turn, and the control
// that has the focus shows it. Drawing boxes is the one exception the issue allows, so the annotation tool is left
// out; it has keyboard tests of its own (operator.test.mjs). Signed in as admin, who may open every screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, withPage, openAsAdmin, env } from './support.mjs';
import { SCREEN_ROLES } from '../../main/resources/META-INF/resources/js/ops.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CONTROLS = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), '
  + 'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** What tells a control apart to a person: its tag, name and label; the same after the page draws it again. */
const KEY = (element) => [element.tagName, element.id, element.getAttribute('name'), element.getAttribute('href'),
  element.getAttribute('aria-label') ?? element.textContent.trim().slice(0, 40)].join('|');

/** The visible controls' keys. */
async function controls(page) {
  return page.evaluate(({ selector, key }) => {
    const keyOf = new Function(`return (${key})`)();
    // checkVisibility sees what a closed <details> hides, as well as display and visibility
    const visible = (element) => element.checkVisibility({ checkVisibilityCSS: true })
      && !element.closest('[inert], [aria-hidden="true"]');
    return [...new Set([...document.querySelectorAll(selector)].filter(visible).map(keyOf))];
  }, { selector: CONTROLS, key: KEY.toString() });
}

/**
 * Tabs through the page until every control was reached or three presses a control have passed (date inputs and
 * scrolling regions take stops of their own); answers the controls reached, and those that showed no focus.
 */
async function tabThrough(page, expected) {
  const reached = new Set();
  const unmarked = [];
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 0; i < expected.length * 3 + 20 && expected.some((control) => !reached.has(control)); i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((key) => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      const style = getComputedStyle(element);
      const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return { key: new Function(`return (${key})`)()(element), shown, html: element.outerHTML.slice(0, 80) };
    }, KEY.toString());
    if (!focused) continue;
    reached.add(focused.key);
    if (!focused.shown) unmarked.push(focused.html);
  }
  return { reached, unmarked };
}

for (const hash of Object.keys(SCREEN_ROLES).concat(['#/recipes'])) {
  test(`every control of ${hash} is reached with Tab and shows its focus`, async () => {
    await withPage(browser, `keyboard-${hash.slice(2)}`, async (page) => {
      await openAsAdmin(page, hash);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      const expected = await controls(page);
      const { reached, unmarked } = await tabThrough(page, expected);
      assert.deepEqual(expected.filter((control) => !reached.has(control)), [], `${hash}: controls Tab never reached`);
      assert.deepEqual(unmarked, [], `${hash}: controls that show no focus`);
    });
  });
}

test('the login page signs in with the keyboard alone', async () => {
  await withPage(browser, 'keyboard-login', async (page) => {
    await page.goto(`${env.url()}/login.html`);
    await page.waitForFunction(() => document.activeElement?.id === 'username');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(env.adminPassword());
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\//);
  });
});
