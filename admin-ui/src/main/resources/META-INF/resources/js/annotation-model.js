// Pure annotation logic: no DOM, no fetch, no storage. Unit-tested with `node --test`.
//
// A session's state is an immutable plain object:
//   { schema, sessionId, taskId, boxes: [{id, imageIndex, box:{x,y,w,h}, classId, objectId?, original?}],
//     nextId, selectedId, past: [boxes[]] }
// A box taken from the task's current result keeps that object's `objectId` and its `original` box,
// so that finishing sends it back as the same object (moved or relabelled only if it really changed).
// A price tag's box may carry `text`, the tag's current reading, and `originalText`, the reading it came with:
// only text the operator changed is sent back, and a tag moved without new text loses its old reading.
// Boxes are kept in natural image pixels (the image's own size), whatever size it is shown at.

export const SCHEMA = 1;
export const MAX_UNDO = 100;

/** Key under which a session's work in progress is kept in localStorage. */
export function storageKey(sessionId) {
  return `loupe.session.${sessionId}`;
}

const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);

/**
 * Converts a pointer position (client coordinates) to natural image pixels.
 * rect: the displayed image's bounding rect {left, top, width, height};
 * natural: {width, height} of the image itself. The result is clamped to the image.
 */
export function clientToNatural(clientX, clientY, rect, natural) {
  const sx = natural.width / rect.width;
  const sy = natural.height / rect.height;
  return {
    x: clamp((clientX - rect.left) * sx, 0, natural.width),
    y: clamp((clientY - rect.top) * sy, 0, natural.height),
  };
}

/** Scales a box from displayed pixels to natural pixels. */
export function displayToNatural(box, display, natural) {
  const sx = natural.width / display.width;
  const sy = natural.height / display.height;
  return { x: box.x * sx, y: box.y * sy, w: box.w * sx, h: box.h * sy };
}

/** Scales a box from natural pixels to displayed pixels. */
export function naturalToDisplay(box, display, natural) {
  const sx = display.width / natural.width;
  const sy = display.height / natural.height;
  return { x: box.x * sx, y: box.y * sy, w: box.w * sx, h: box.h * sy };
}

/** The box spanned by two corner points, whichever way the drag went. */
export function rectFromPoints(a, b) {
  return {
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    w: Math.abs(a.x - b.x),
    h: Math.abs(a.y - b.y),
  };
}

/** Keeps a box inside the image: moves it in first, then trims what still sticks out. */
export function clampBox(box, natural) {
  const w = clamp(box.w, 0, natural.width);
  const h = clamp(box.h, 0, natural.height);
  return {
    x: clamp(box.x, 0, natural.width - w),
    y: clamp(box.y, 0, natural.height - h),
    w,
    h,
  };
}

/** Whole pixels, at least 1x1: what the API receives. */
export function roundBox(box) {
  const x = Math.round(box.x);
  const y = Math.round(box.y);
  const right = Math.round(box.x + box.w);
  const bottom = Math.round(box.y + box.h);
  return { x, y, w: Math.max(1, right - x), h: Math.max(1, bottom - y) };
}

/**
 * A new session. `objects` are the task's current result (what the machine or an earlier
 * operator already found), in the API's shape; the operator starts from them.
 */
export function createSession({ sessionId, taskId, objects = [], classIds = [] }) {
  const boxes = objects.map((o, i) => {
    const box = { x: o.box.x, y: o.box.y, w: o.box.w, h: o.box.h };
    const kept = o.objectId ? { objectId: o.objectId, original: { ...box } } : {};
    const read = typeof o.text === 'string' ? { text: o.text, originalText: o.text } : {};
    // how sure the model was of an object it found (shown to the operator who checks it; never sent back)
    const found = typeof o.confidence === 'number' ? { confidence: o.confidence } : {};
    const suggestion = o.suggestedClassId ? { classId: o.suggestedClassId, confidence: o.suggestedConfidence ?? null } : null;
    const classId = preselected(o.classId, suggestion, classIds);
    return { id: `b${i + 1}`, imageIndex: o.imageIndex, box, classId, ...kept, ...read, ...found, ...(suggestion ? { suggestion } : {}) };
  });
  return {
    schema: SCHEMA,
    sessionId,
    taskId,
    boxes,
    nextId: boxes.length + 1,
    selectedId: null,
    past: [],
  };
}

/**
 * The class a box starts with: the classifier's suggestion where the box's own class is not one of the class group's
 * (a detector's generic class, or none), as long as the suggestion is; the box's own class otherwise (an operator's
 * label is never overridden by a suggestion).
 */
function preselected(classId, suggestion, classIds) {
  if (!suggestion || !classIds.includes(suggestion.classId)) return classId;
  return classId && classIds.includes(classId) ? classId : suggestion.classId;
}

/**
 * The classifier's answer for a box the operator just drew (`{classId, confidence, model, version}`): noted on the
 * box, and its class preselected when the box still has `drawnClassId`, the class it was drawn with (the operator did
 * not pick another while the answer was on its way), and the suggested class is one of `classIds`. Not an undo step:
 * undoing the drawing removes the box with its suggestion. The same state when the box is gone.
 */
export function suggestClass(state, id, suggestion, { drawnClassId, classIds }) {
  const current = state.boxes.find((b) => b.id === id);
  if (!current || !suggestion?.classId) return state;
  const noted = { classId: suggestion.classId, confidence: suggestion.confidence ?? null, model: suggestion.model, version: suggestion.version };
  const classId = current.classId === drawnClassId && classIds.includes(suggestion.classId) ? suggestion.classId : current.classId;
  return { ...state, boxes: state.boxes.map((b) => (b.id === id ? { ...b, classId, suggestion: noted } : b)) };
}

/** Whether the box has the class the classifier suggested for it (the suggestion is being kept so far). */
export function keepsSuggestion(box) {
  return Boolean(box.suggestion) && box.classId === box.suggestion.classId;
}

function withBoxes(state, boxes, selectedId) {
  const past = [...state.past, state.boxes].slice(-MAX_UNDO);
  return { ...state, boxes, past, selectedId };
}

export function addBox(state, { imageIndex, box, classId }) {
  const id = `b${state.nextId}`;
  const next = withBoxes(state, [...state.boxes, { id, imageIndex, box: { ...box }, classId }], id);
  return { ...next, nextId: state.nextId + 1 };
}

/**
 * Changes a box's geometry, class and/or text (`text: ''` clears it). No-op (same state, no undo entry) if
 * nothing changes. Moving a tag whose text the operator did not type drops that text: it was read off the old box.
 */
export function updateBox(state, id, changes) {
  const current = state.boxes.find((b) => b.id === id);
  if (!current) return state;
  const updated = {
    ...current,
    box: changes.box ? { ...changes.box } : current.box,
    classId: changes.classId ?? current.classId,
  };
  const moved = !['x', 'y', 'w', 'h'].every((k) => updated.box[k] === current.box[k]);
  if (changes.text !== undefined) {
    const text = changes.text.trim();
    if (text) updated.text = text;
    else delete updated.text;
  } else if (moved && current.text !== undefined && current.text === current.originalText) {
    delete updated.text;
  }
  const same = updated.classId === current.classId && !moved && updated.text === current.text;
  if (same) return state;
  return withBoxes(state, state.boxes.map((b) => (b.id === id ? updated : b)), state.selectedId);
}

export function removeBox(state, id) {
  if (!state.boxes.some((b) => b.id === id)) return state;
  const selectedId = state.selectedId === id ? null : state.selectedId;
  return withBoxes(state, state.boxes.filter((b) => b.id !== id), selectedId);
}

export function selectBox(state, id) {
  if (id !== null && !state.boxes.some((b) => b.id === id)) return state;
  return state.selectedId === id ? state : { ...state, selectedId: id };
}

export function canUndo(state) {
  return state.past.length > 0;
}

export function undo(state) {
  if (!canUndo(state)) return state;
  const boxes = state.past[state.past.length - 1];
  const selectedId = boxes.some((b) => b.id === state.selectedId) ? state.selectedId : null;
  return { ...state, boxes, past: state.past.slice(0, -1), selectedId };
}

export function boxesForImage(state, imageIndex) {
  return state.boxes.filter((b) => b.imageIndex === imageIndex);
}

/**
 * The body of POST /api/v1/sessions/{id}/finish: every box, whole pixels, by image. An object of the
 * current result goes back with its objectId, and with its box exactly as it came unless it was really
 * moved (rounding a machine's fractional box is not a move); a tag with the text the operator typed.
 */
/**
 * The session's finish request: every box, by image, in whole pixels; and the natural size of each image the browser
 * loaded (`natural[i]`, absent for an image not loaded), which the server records once per image.
 */
export function toFinishPayload(state, natural = []) {
  const objects = state.boxes
    .map((b, order) => ({ b, order }))
    .sort((p, q) => p.b.imageIndex - q.b.imageIndex || p.order - q.order)
    .map(({ b }) => {
      const box = roundBox(b.box);
      const typed = b.text && b.text !== b.originalText ? { text: b.text } : {};
      if (!b.objectId) return { imageIndex: b.imageIndex, box, classId: b.classId, ...typed, ...drawSuggestion(b) };
      const unmoved = b.original && sameBox(roundBox(b.original), box);
      return { objectId: b.objectId, imageIndex: b.imageIndex, box: unmoved ? { ...b.original } : box, classId: b.classId, ...typed };
    });
  const imageSizes = natural.flatMap((size, imageIndex) =>
    size ? [{ imageIndex, width: size.width, height: size.height }] : []);
  return imageSizes.length ? { objects, imageSizes } : { objects };
}

/**
 * A drawn box's on-draw suggestion as the finish request carries it (`suggested`), so that whether the operator kept
 * it scores the classifier version that made it; nothing for a box without one.
 */
function drawSuggestion(b) {
  const s = b.suggestion;
  if (!s || !s.model || !s.version || typeof s.confidence !== 'number') return {};
  return { suggested: { classId: s.classId, confidence: s.confidence, model: s.model, version: s.version } };
}

const sameBox = (a, b) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;

/** What goes to localStorage. `task` (the task view) lets the tool reopen without the server. */
export function serialize(state, task) {
  return JSON.stringify({ ...state, past: state.past.slice(-20), task, savedAt: new Date().toISOString() });
}

/** Reads back what serialize wrote; null if it is missing, unreadable or of another schema. */
export function deserialize(json) {
  if (!json) return null;
  let data;
  try {
    data = JSON.parse(json);
  } catch {
    return null;
  }
  if (!data || data.schema !== SCHEMA || !Array.isArray(data.boxes) || !data.sessionId) return null;
  const { task = null, savedAt = null, ...state } = data;
  return {
    state: { ...state, past: Array.isArray(state.past) ? state.past : [], selectedId: null },
    task,
    savedAt,
  };
}
