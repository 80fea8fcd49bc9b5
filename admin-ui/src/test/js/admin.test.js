// The admin screens' lists, fractions and prices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fraction, parseList, pricesFrom, STAFF_ROLES, TASK_TYPES } from '../../main/resources/META-INF/resources/js/admin.js';

test('parseList reads comma-separated text without blanks or repeats', () => {
  assert.deepEqual(parseList(' ayse, bora,,ayse , '), ['ayse', 'bora']);
  assert.deepEqual(parseList(''), []);
  assert.deepEqual(parseList(undefined), []);
});

test('fraction takes a number from 0 to 1 and nothing else', () => {
  assert.equal(fraction('0.25'), 0.25);
  assert.equal(fraction('1'), 1);
  assert.equal(fraction('0'), 0);
  assert.equal(fraction('1.5'), null);
  assert.equal(fraction('-0.1'), null);
  assert.equal(fraction(''), null);
  assert.equal(fraction('ten'), null);
});

test('pricesFrom sends the set prices and names each one that is not a price', () => {
  assert.deepEqual(pricesFrom({ 'product-detection|checked': '0.25', 'product-detection|operator': '', 'price-tag-reading|automatic': ' 1 ' }), {
    prices: [
      { type: 'product-detection', path: 'checked', unitPrice: 0.25 },
      { type: 'price-tag-reading', path: 'automatic', unitPrice: 1 },
    ],
    errors: [],
  });
  assert.deepEqual(pricesFrom({ 'product-detection|checked': '-1', 'product-detection|automatic': 'x' }).errors, [
    'product-detection checked: “-1” is not a price',
    'product-detection automatic: “x” is not a price',
  ]);
});

test("the staff roles are the server's Role enum, but for API clients", () => {
  const java = readFileSync(fileURLToPath(new URL('../../../../workers/src/main/java/dev/loupe/security/Role.java', import.meta.url)), 'utf8');
  const constants = java.slice(java.indexOf('enum Role {'), java.indexOf(';', java.indexOf('enum Role {'))).match(/\b[A-Z_]{2,}\b/g);
  assert.deepEqual(STAFF_ROLES, constants.filter((c) => c !== 'CLIENT').map((c) => c.toLowerCase().replace('_', '-')));
});

test("the task types are task-domain's TaskTypes", () => {
  const java = readFileSync(fileURLToPath(new URL('../../../../task-domain/src/main/java/dev/loupe/task/TaskTypes.java', import.meta.url)), 'utf8');
  assert.deepEqual(TASK_TYPES, [...java.matchAll(/public static final String \w+ = "([^"]+)";/g)].map((m) => m[1]));
});
