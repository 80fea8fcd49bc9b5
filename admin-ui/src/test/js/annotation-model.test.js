// Run with: node --test admin-ui/src/test/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as M from '../../main/resources/META-INF/resources/js/annotation-model.js';

const natural = { width: 4000, height: 3000 };

test('clientToNatural scales a pointer position to natural pixels', () => {
  // A 4000x3000 image shown at 800x600, its top-left corner at (100, 50) on screen.
  const rect = { left: 100, top: 50, width: 800, height: 600 };
  assert.deepEqual(M.clientToNatural(100, 50, rect, natural), { x: 0, y: 0 });
  assert.deepEqual(M.clientToNatural(500, 350, rect, natural), { x: 2000, y: 1500 });
  assert.deepEqual(M.clientToNatural(900, 650, rect, natural), { x: 4000, y: 3000 });
});

test('clientToNatural clamps positions outside the image', () => {
  const rect = { left: 0, top: 0, width: 400, height: 300 };
  assert.deepEqual(M.clientToNatural(-20, 1000, rect, natural), { x: 0, y: 3000 });
});

test('displayToNatural and naturalToDisplay are inverse', () => {
  const display = { width: 1000, height: 750 };
  const box = { x: 100, y: 40, w: 250, h: 75 };
  const n = M.displayToNatural(box, display, natural);
  assert.deepEqual(n, { x: 400, y: 160, w: 1000, h: 300 });
  assert.deepEqual(M.naturalToDisplay(n, display, natural), box);
});

test('rectFromPoints works whichever way the drag went', () => {
  const expected = { x: 10, y: 20, w: 30, h: 40 };
  assert.deepEqual(M.rectFromPoints({ x: 10, y: 20 }, { x: 40, y: 60 }), expected);
  assert.deepEqual(M.rectFromPoints({ x: 40, y: 60 }, { x: 10, y: 20 }), expected);
  assert.deepEqual(M.rectFromPoints({ x: 40, y: 20 }, { x: 10, y: 60 }), expected);
});

test('clampBox moves a box back inside the image and trims an oversized one', () => {
  const size = { width: 100, height: 50 };
  assert.deepEqual(M.clampBox({ x: 90, y: -5, w: 20, h: 10 }, size), { x: 80, y: 0, w: 20, h: 10 });
  assert.deepEqual(M.clampBox({ x: -10, y: 0, w: 500, h: 60 }, size), { x: 0, y: 0, w: 100, h: 50 });
});

test('roundBox yields whole pixels, edges rounded, at least 1x1', () => {
  assert.deepEqual(M.roundBox({ x: 10.4, y: 20.6, w: 5.2, h: 0.1 }), { x: 10, y: 21, w: 6, h: 1 });
  assert.deepEqual(M.roundBox({ x: 0.49, y: 0.5, w: 0.01, h: 0 }), { x: 0, y: 1, w: 1, h: 1 });
});

test('createSession starts from the current result', () => {
  const s = M.createSession({
    sessionId: 's1',
    taskId: 't1',
    objects: [{ imageIndex: 1, box: { x: 1, y: 2, w: 3, h: 4 }, classId: 'cola' }],
  });
  assert.equal(s.boxes.length, 1);
  assert.deepEqual(s.boxes[0], { id: 'b1', imageIndex: 1, box: { x: 1, y: 2, w: 3, h: 4 }, classId: 'cola' });
  assert.equal(s.nextId, 2);
  assert.equal(M.canUndo(s), false);
});

test('add, relabel, remove and undo', () => {
  let s = M.createSession({ sessionId: 's1', taskId: 't1' });
  s = M.addBox(s, { imageIndex: 0, box: { x: 0, y: 0, w: 10, h: 10 }, classId: 'a' });
  s = M.addBox(s, { imageIndex: 0, box: { x: 5, y: 5, w: 10, h: 10 }, classId: 'a' });
  assert.equal(s.selectedId, 'b2', 'a new box is selected');
  s = M.updateBox(s, 'b1', { classId: 'b' });
  assert.equal(s.boxes[0].classId, 'b');
  s = M.removeBox(s, 'b2');
  assert.equal(s.selectedId, null, 'removing the selected box clears the selection');
  assert.deepEqual(s.boxes.map((b) => b.id), ['b1']);

  s = M.undo(s); // the removal
  assert.deepEqual(s.boxes.map((b) => b.id), ['b1', 'b2']);
  s = M.undo(s); // the relabel
  assert.equal(s.boxes[0].classId, 'a');
  s = M.undo(s);
  s = M.undo(s);
  assert.equal(s.boxes.length, 0);
  assert.equal(M.canUndo(s), false);
  assert.equal(M.undo(s), s, 'undo with nothing to undo is a no-op');
});

test('ids are never reused after undo', () => {
  let s = M.createSession({ sessionId: 's1', taskId: 't1' });
  s = M.addBox(s, { imageIndex: 0, box: { x: 0, y: 0, w: 1, h: 1 }, classId: 'a' });
  s = M.undo(s);
  s = M.addBox(s, { imageIndex: 0, box: { x: 0, y: 0, w: 1, h: 1 }, classId: 'a' });
  assert.equal(s.boxes[0].id, 'b2');
});

test('changes that change nothing leave no undo entry', () => {
  let s = M.createSession({ sessionId: 's1', taskId: 't1' });
  s = M.addBox(s, { imageIndex: 0, box: { x: 1, y: 1, w: 5, h: 5 }, classId: 'a' });
  const before = s;
  assert.equal(M.updateBox(s, 'b1', { classId: 'a' }), before);
  assert.equal(M.updateBox(s, 'b1', { box: { x: 1, y: 1, w: 5, h: 5 } }), before);
  assert.equal(M.updateBox(s, 'nope', { classId: 'x' }), before);
  assert.equal(M.removeBox(s, 'nope'), before);
  assert.equal(M.selectBox(s, 'nope'), before);
});

test('selection is not an undoable change', () => {
  let s = M.createSession({ sessionId: 's1', taskId: 't1' });
  s = M.addBox(s, { imageIndex: 0, box: { x: 1, y: 1, w: 5, h: 5 }, classId: 'a' });
  const past = s.past.length;
  s = M.selectBox(s, null);
  s = M.selectBox(s, 'b1');
  assert.equal(s.past.length, past);
});

test('the undo history is bounded', () => {
  let s = M.createSession({ sessionId: 's1', taskId: 't1' });
  for (let i = 0; i < M.MAX_UNDO + 20; i++) {
    s = M.addBox(s, { imageIndex: 0, box: { x: i, y: 0, w: 1, h: 1 }, classId: 'a' });
  }
  assert.equal(s.past.length, M.MAX_UNDO);
});

test('toFinishPayload: the natural size of each loaded image, none for an image not loaded', () => {
  const s = M.createSession({ sessionId: 's', taskId: 't' });
  const natural = [];
  natural[1] = { width: 3840, height: 2160 };
  assert.deepEqual(M.toFinishPayload(s, natural), {
    objects: [],
    imageSizes: [{ imageIndex: 1, width: 3840, height: 2160 }],
  });
});

test('toFinishPayload: every box, by image, whole pixels, API shape only', () => {
  let s = M.createSession({ sessionId: 's1', taskId: 't1' });
  s = M.addBox(s, { imageIndex: 1, box: { x: 1.2, y: 2.7, w: 10.5, h: 3.3 }, classId: 'b' });
  s = M.addBox(s, { imageIndex: 0, box: { x: 5, y: 6, w: 7, h: 8 }, classId: 'a' });
  s = M.addBox(s, { imageIndex: 1, box: { x: 0, y: 0, w: 2, h: 2 }, classId: 'c' });
  assert.deepEqual(M.toFinishPayload(s), {
    objects: [
      { imageIndex: 0, box: { x: 5, y: 6, w: 7, h: 8 }, classId: 'a' },
      { imageIndex: 1, box: { x: 1, y: 3, w: 11, h: 3 }, classId: 'b' },
      { imageIndex: 1, box: { x: 0, y: 0, w: 2, h: 2 }, classId: 'c' },
    ],
  });
  assert.deepEqual(M.toFinishPayload(M.createSession({ sessionId: 's', taskId: 't' })), { objects: [] });
});

test('toFinishPayload: a drawn box carries its on-draw suggestion, kept or not, so the classifier is scored', () => {
  let s = M.createSession({ sessionId: 's1', taskId: 't1' });
  s = M.addBox(s, { imageIndex: 0, box: { x: 1, y: 1, w: 5, h: 5 }, classId: 'draw' });
  s = M.suggestClass(s, 'b1', { classId: 'cola', confidence: 0.8, model: 'classifier-drinks', version: '2' },
    { drawnClassId: 'draw', classIds: ['cola', 'water'] });
  s = M.addBox(s, { imageIndex: 0, box: { x: 9, y: 9, w: 5, h: 5 }, classId: 'water' });
  const [suggested, plain] = M.toFinishPayload(s).objects;
  assert.deepEqual(suggested.suggested, { classId: 'cola', confidence: 0.8, model: 'classifier-drinks', version: '2' });
  assert.equal(suggested.classId, 'cola');
  assert.equal(plain.suggested, undefined);
});

test('toFinishPayload: objects of the current result keep their id, and their exact box unless moved', () => {
  let s = M.createSession({
    sessionId: 's1',
    taskId: 't1',
    objects: [
      { objectId: 'o1', imageIndex: 0, box: { x: 10.4, y: 20.2, w: 30.6, h: 40 }, classId: 'a' },
      { objectId: 'o2', imageIndex: 0, box: { x: 100.3, y: 0, w: 5, h: 5 }, classId: 'a' },
      { objectId: 'o3', imageIndex: 1, box: { x: 1, y: 1, w: 2, h: 2 }, classId: 'a' },
    ],
  });
  s = M.updateBox(s, 'b1', { classId: 'b' }); // relabelled only
  s = M.updateBox(s, 'b2', { box: { x: 101.3, y: 0, w: 5, h: 5 } }); // moved by a pixel
  s = M.removeBox(s, 'b3');
  s = M.addBox(s, { imageIndex: 0, box: { x: 1, y: 2, w: 3, h: 4 }, classId: 'a' });
  assert.deepEqual(M.toFinishPayload(s), {
    objects: [
      { objectId: 'o1', imageIndex: 0, box: { x: 10.4, y: 20.2, w: 30.6, h: 40 }, classId: 'b' },
      { objectId: 'o2', imageIndex: 0, box: { x: 101, y: 0, w: 5, h: 5 }, classId: 'a' },
      { imageIndex: 0, box: { x: 1, y: 2, w: 3, h: 4 }, classId: 'a' },
    ],
  });
  assert.deepEqual(M.toFinishPayload(M.deserialize(M.serialize(s, null)).state), M.toFinishPayload(s));
});

test('toFinishPayload: a tag carries the text the operator typed, never the text it came with', () => {
  let s = M.createSession({
    sessionId: 's1',
    taskId: 't1',
    objects: [
      { objectId: 'o1', imageIndex: 0, box: { x: 0, y: 0, w: 10, h: 5 }, classId: 'tag', text: '12.90', textConfidence: 0.6 },
      { objectId: 'o2', imageIndex: 0, box: { x: 20, y: 0, w: 10, h: 5 }, classId: 'tag', text: '3.49', textConfidence: 0.9 },
      { objectId: 'o3', imageIndex: 0, box: { x: 40, y: 0, w: 10, h: 5 }, classId: 'tag', text: '7.00', textConfidence: 0.9 },
    ],
  });
  s = M.updateBox(s, 'b1', { text: ' 12.99 ' });
  s = M.updateBox(s, 'b2', { box: { x: 22, y: 0, w: 10, h: 5 } });
  s = M.addBox(s, { imageIndex: 0, box: { x: 60, y: 0, w: 10, h: 5 }, classId: 'tag' });
  s = M.updateBox(s, 'b4', { text: '5.25' });
  assert.equal(s.boxes[1].text, undefined, 'a moved tag loses the text read off its old box');
  assert.deepEqual(M.toFinishPayload(s).objects, [
    { objectId: 'o1', imageIndex: 0, box: { x: 0, y: 0, w: 10, h: 5 }, classId: 'tag', text: '12.99' },
    { objectId: 'o2', imageIndex: 0, box: { x: 22, y: 0, w: 10, h: 5 }, classId: 'tag' },
    { objectId: 'o3', imageIndex: 0, box: { x: 40, y: 0, w: 10, h: 5 }, classId: 'tag' },
    { imageIndex: 0, box: { x: 60, y: 0, w: 10, h: 5 }, classId: 'tag', text: '5.25' },
  ]);
  assert.equal(M.updateBox(s, 'b1', { text: '12.99' }), s, 'the same text again changes nothing');
  assert.equal(M.undo(s).boxes[3].text, undefined, 'typing text is undoable');
});

test('serialize / deserialize round-trip keeps the work and the task view', () => {
  let s = M.createSession({ sessionId: 's1', taskId: 't1' });
  s = M.addBox(s, { imageIndex: 0, box: { x: 1, y: 2, w: 3, h: 4 }, classId: 'a' });
  const task = { id: 't1', images: ['http://x/1.jpg'], classGroup: { key: 'g', classes: [{ id: 'a', name: 'A' }] } };
  const back = M.deserialize(M.serialize(s, task));
  assert.deepEqual(back.state.boxes, s.boxes);
  assert.equal(back.state.nextId, s.nextId);
  assert.equal(back.state.selectedId, null);
  assert.equal(M.canUndo(back.state), true);
  assert.deepEqual(back.task, task);
  assert.ok(!Number.isNaN(Date.parse(back.savedAt)));
  assert.deepEqual(M.toFinishPayload(back.state), M.toFinishPayload(s));
});

test('deserialize rejects missing, broken or foreign data', () => {
  assert.equal(M.deserialize(null), null);
  assert.equal(M.deserialize(''), null);
  assert.equal(M.deserialize('{not json'), null);
  assert.equal(M.deserialize('null'), null);
  assert.equal(M.deserialize(JSON.stringify({ schema: 99, sessionId: 's', boxes: [] })), null);
  assert.equal(M.deserialize(JSON.stringify({ schema: M.SCHEMA, sessionId: 's' })), null);
});

test('storageKey is per session', () => {
  assert.equal(M.storageKey('abc'), 'loupe.session.abc');
  assert.notEqual(M.storageKey('a'), M.storageKey('b'));
});

test('createSession keeps how sure the model was of each object, and the finish never sends it back', () => {
  const s = M.createSession({
    sessionId: 's1',
    taskId: 't1',
    objects: [{ objectId: 'det-0', imageIndex: 0, box: { x: 1, y: 2, w: 3, h: 4 }, classId: 'cola', confidence: 0.42 }],
  });
  assert.equal(s.boxes[0].confidence, 0.42);
  assert.deepEqual(Object.keys(M.toFinishPayload(s).objects[0]).sort(), ['box', 'classId', 'imageIndex', 'objectId']);
});

test('createSession preselects the suggested class of a detector box whose own class is not of the group', () => {
  const classIds = ['cola-can', 'tea-box'];
  const s = M.createSession({
    sessionId: 's', taskId: 't', classIds,
    objects: [
      { objectId: 'o1', imageIndex: 0, box: { x: 1, y: 2, w: 3, h: 4 }, classId: 'product', confidence: 0.9, suggestedClassId: 'tea-box', suggestedConfidence: 0.7 },
      { objectId: 'o2', imageIndex: 0, box: { x: 5, y: 6, w: 7, h: 8 }, classId: 'cola-can', confidence: 0.8, suggestedClassId: 'tea-box', suggestedConfidence: 0.6 },
      { objectId: 'o3', imageIndex: 0, box: { x: 9, y: 9, w: 9, h: 9 }, classId: 'product', confidence: 0.8, suggestedClassId: null, suggestedConfidence: null },
    ],
  });
  assert.equal(s.boxes[0].classId, 'tea-box');
  assert.deepEqual(s.boxes[0].suggestion, { classId: 'tea-box', confidence: 0.7 });
  assert.equal(M.keepsSuggestion(s.boxes[0]), true);
  // an operator's label of the group stays; the suggestion is only noted
  assert.equal(s.boxes[1].classId, 'cola-can');
  assert.equal(M.keepsSuggestion(s.boxes[1]), false);
  assert.equal(s.boxes[2].classId, 'product');
  assert.equal(s.boxes[2].suggestion, undefined);
  // the finish payload relabels the detector's box to the suggestion the operator kept
  assert.equal(M.toFinishPayload(s).objects[0].classId, 'tea-box');
});

test('suggestClass preselects the suggestion for a box drawn with the draw class, without an undo step', () => {
  const drawn = M.addBox(M.createSession({ sessionId: 's', taskId: 't' }), { imageIndex: 0, box: { x: 0, y: 0, w: 10, h: 10 }, classId: 'cola-can' });
  const suggested = M.suggestClass(drawn, 'b1', { classId: 'tea-box', confidence: 0.83, model: 'bench-products-classifier', version: '2' },
    { drawnClassId: 'cola-can', classIds: ['cola-can', 'tea-box'] });
  assert.equal(suggested.boxes[0].classId, 'tea-box');
  assert.deepEqual(suggested.boxes[0].suggestion, { classId: 'tea-box', confidence: 0.83, model: 'bench-products-classifier', version: '2' });
  assert.equal(suggested.past.length, drawn.past.length);
  // undo removes the drawn box with its suggestion
  assert.deepEqual(M.undo(suggested).boxes, []);
});

test('suggestClass keeps a class the operator picked while the suggestion was on its way', () => {
  const drawn = M.addBox(M.createSession({ sessionId: 's', taskId: 't' }), { imageIndex: 0, box: { x: 0, y: 0, w: 10, h: 10 }, classId: 'cola-can' });
  const picked = M.updateBox(drawn, 'b1', { classId: 'mint-jar' });
  const suggested = M.suggestClass(picked, 'b1', { classId: 'tea-box', confidence: 0.83 }, { drawnClassId: 'cola-can', classIds: ['cola-can', 'tea-box', 'mint-jar'] });
  assert.equal(suggested.boxes[0].classId, 'mint-jar');
  assert.equal(suggested.boxes[0].suggestion.classId, 'tea-box');
  assert.equal(M.keepsSuggestion(suggested.boxes[0]), false);
});

test('suggestClass ignores a class outside the group, an empty answer and a deleted box', () => {
  const drawn = M.addBox(M.createSession({ sessionId: 's', taskId: 't' }), { imageIndex: 0, box: { x: 0, y: 0, w: 10, h: 10 }, classId: 'cola-can' });
  const options = { drawnClassId: 'cola-can', classIds: ['cola-can'] };
  assert.equal(M.suggestClass(drawn, 'b1', { classId: 'unknown', confidence: 0.9 }, options).boxes[0].classId, 'cola-can');
  assert.equal(M.suggestClass(drawn, 'b1', null, options), drawn);
  assert.equal(M.suggestClass(M.removeBox(drawn, 'b1'), 'b1', { classId: 'cola-can' }, options).boxes.length, 0);
});
