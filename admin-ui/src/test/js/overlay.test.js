// A box's label on the image: its class, the text read on a tag, and the model's confidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxLabel } from '../../main/resources/META-INF/resources/js/overlay.js';

test('boxLabel shows the class, a tag reading and the confidence when they are known', () => {
  assert.equal(boxLabel('Price tag', { text: '4.99', confidence: 0.873 }), 'Price tag “4.99” 87 %');
  assert.equal(boxLabel('Cola', { confidence: 0.4 }), 'Cola 40 %');
  assert.equal(boxLabel('Cola', { text: '' }), 'Cola');
  assert.equal(boxLabel('Cola', {}), 'Cola');
});

test('boxLabel says a class is the classifier suggestion, with its confidence, while the box keeps it', () => {
  const suggestion = { classId: 'cola-can', confidence: 0.874 };
  assert.equal(boxLabel('Cola can', { classId: 'cola-can', suggestion }), 'Cola can (suggested, 87 %)');
  assert.equal(boxLabel('Cola can', { classId: 'cola-can', suggestion: { classId: 'cola-can', confidence: null } }), 'Cola can (suggested)');
  assert.equal(boxLabel('Tea box', { classId: 'tea-box', suggestion }), 'Tea box');
});
