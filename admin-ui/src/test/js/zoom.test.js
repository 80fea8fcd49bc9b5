// The annotation tool's zoom steps and the scroll that keeps the point under the pointer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampZoom, percent, scrollKeeping, zoomStep, ZOOM_MAX, ZOOM_MIN } from '../../main/resources/META-INF/resources/js/zoom.js';

test('a step in is ×1.25 and a step out undoes it', () => {
  assert.equal(zoomStep(1, 1), 1.25);
  assert.equal(zoomStep(zoomStep(0.4, 1), -1), 0.4);
});

test('zoom stays between its least and its most', () => {
  assert.equal(zoomStep(ZOOM_MAX, 1), ZOOM_MAX);
  assert.equal(zoomStep(ZOOM_MIN, -1), ZOOM_MIN);
  assert.equal(clampZoom(100), ZOOM_MAX);
  assert.equal(clampZoom(0), ZOOM_MIN);
});

test('the image point under the pointer stays under it, and scrolling never goes before the start', () => {
  // image pixel 800 shown at 2× is at 1600 px; the pointer is 300 px from the viewport's edge
  assert.equal(scrollKeeping(800, 2, 300), 1300);
  assert.equal(scrollKeeping(100, 1, 300), 0);
});

test('percent rounds the scale', () => {
  assert.equal(percent(1), '100 %');
  assert.equal(percent(0.3333), '33 %');
});
