// #/work/{sessionId}?task={taskId} — the annotation tool.
// Every change is saved to localStorage under the session id at once; "Finish" sends the whole
// session (the final list of boxes) in one request.
import * as M from '../annotation-model.js';
import { api, NetworkError } from '../api.js';
import { classColor, className, errorBox, h, mount, plural } from '../dom.js';
import { sessions } from '../local.js';
import { renderOverlay, createOverlay, suggestionNote } from '../overlay.js';
import { flash } from '../shell.js';
import { percent, scrollKeeping, zoomStep } from '../zoom.js';
import { shortId } from './inbox.js';

const MIN_DRAW_PX = 4; // a drag shorter than this on screen is a click, not a box

/** Why a result was sent for an operator's check (QualityCheckDecided's reason), in words. */
const FLAG_REASONS = Object.freeze({
  LOW_CONFIDENCE: 'the model was unsure of an object (confidence shown on each box)',
  UNSURE_READING: 'the recogniser was unsure of a tag’s text',
  SAMPLED: 'a sample of confident results is checked',
});

/** Why an operator may find an image unusable (the API's reasons), in words. */
const UNUSABLE_REASONS = Object.freeze({
  BLURRED: 'Blurred',
  DARK: 'Too dark',
  NOT_A_SHELF: 'Not a shelf',
  WRONG_TASK_TYPE: 'Wrong task type',
  OTHER: 'Other (say what in the note)',
});
const MAX_NOTE = 500;

export function annotateView(root, { sessionId, query }) {
  document.title = 'Annotate — Loupe';
  const taskId = query.get('task');
  let disposed = false;
  let cleanup = () => {};

  start();
  return () => {
    disposed = true;
    cleanup();
  };

  async function start() {
    const saved = sessions.load(sessionId);
    if (saved?.task) {
      cleanup = open(saved.state, saved.task, saved.savedAt);
      return;
    }
    if (!taskId) {
      mount(root, h('h1', {}, 'Annotate'), errorBox({ message: 'Unknown session' }, 'This session has no work on this device and the link names no task. Claim the task again from the inbox.'), backLink());
      return;
    }
    mount(root, h('h1', {}, 'Annotate'), h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading the task…'));
    try {
      const task = await api.task(taskId);
      if (disposed) return;
      const classIds = (task.classGroup?.classes ?? []).map((c) => c.id);
      const state = saved?.state ?? M.createSession({ sessionId, taskId, objects: currentObjects(task), classIds });
      cleanup = open(state, task, null);
    } catch (e) {
      if (disposed) return;
      mount(root, h('h1', {}, 'Annotate'), errorBox(e, `Could not load task ${taskId}.`), h('p', {}, h('button', { type: 'button', onclick: start }, 'Try again'), ' ', backLink()));
    }
  }

  function open(initialState, task, savedAt) {
    const classes = task.classGroup?.classes ?? [];
    const images = task.images ?? [];
    // Price tags carry text: the operator checks what the servers read and types what they misread.
    const readsText = task.type === 'price-tag-reading';
    let state = initialState;
    let imageIndex = 0;
    let drawClassId = classes[0]?.id ?? null;
    let drag = null; // {mode: draw|move|resize|pan, start, draft, boxId?, original?, clickBoxId?}
    // Draw: every drag draws a box, over other boxes too, and a click selects; Edit: drags move and resize.
    // Drawing never moves a box by accident.
    let tool = 'draw';
    let zoom = null; // screen pixels per image pixel; null: the image fits the stage
    let spaceHeld = false; // space + drag pans a zoomed image
    let highlightId = null; // the box whose list entry the pointer or the focus is on
    let finishing = false;
    const natural = []; // natural sizes of the images, once loaded

    // ---- persistent elements --------------------------------------------------------------
    const saveStatus = h('p', { class: 'muted small', 'aria-live': 'polite' });
    // what the classifier suggested for the box just drawn, read out as it arrives
    const suggestStatus = h('p', { class: 'small', 'aria-live': 'polite', 'data-key': 'suggest-status' });
    const finishError = h('div');
    const pager = h('div', { class: 'pager', role: 'group', 'aria-label': 'Images' });
    const img = h('img', { alt: '', draggable: 'false', decoding: 'async' });
    const overlay = createOverlay('Boxes on the image');
    const imageMessage = h('div');
    const frame = h('div', { class: 'frame' }, img, overlay);
    const viewport = h('div', { class: 'viewport' }, frame);
    const zoomReadout = h('output', { class: 'zoom-readout', 'aria-live': 'polite', 'aria-label': 'Zoom' });
    const toolButtons = {
      draw: h('button', { type: 'button', 'data-key': 'tool-draw', 'aria-keyshortcuts': 'B', onclick: () => setTool('draw') }, 'Draw'),
      edit: h('button', { type: 'button', 'data-key': 'tool-edit', 'aria-keyshortcuts': 'V', onclick: () => setTool('edit') }, 'Edit'),
    };
    const tools = h(
      'div',
      { class: 'stage-tools' },
      h('div', { role: 'group', 'aria-label': 'Tool' }, toolButtons.draw, toolButtons.edit),
      h(
        'div',
        { role: 'group', 'aria-label': 'Zoom' },
        h('button', { type: 'button', 'aria-label': 'Zoom out', 'aria-keyshortcuts': '-', onclick: () => zoomBy(-1) }, '−'),
        zoomReadout,
        h('button', { type: 'button', 'aria-label': 'Zoom in', 'aria-keyshortcuts': '+', onclick: () => zoomBy(1) }, '+'),
        h('button', { type: 'button', 'aria-keyshortcuts': '0', onclick: () => setZoom(null) }, 'Fit'),
        h('button', { type: 'button', onclick: () => setZoom(1) }, '1:1'),
      ),
    );
    const sidebar = h('div', { class: 'sidebar' });
    // In the sidebar, not above the image: the image keeps its place and fits the window.
    const flagged = task.assistanceReason === 'QUALITY_CHECK' && task.flagReason ? FLAG_REASONS[task.flagReason] ?? task.flagReason : null;
    const startNotice =
      currentObjects(task).length && !savedAt
        ? h('p', { class: 'notice small' }, `Started from the current result: ${plural(currentObjects(task).length, 'box', 'boxes')}. Check them, fix what is wrong, add what is missing.`,
            flagged ? h('br') : null, flagged ? h('strong', {}, `Sent for a check: ${flagged}.`) : null)
        : null;

    mount(
      root,
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, `Annotate ${task.type ?? 'task'} `, h('a', { href: `#/tasks/${encodeURIComponent(task.id)}`, class: 'mono', title: task.id }, shortId(task.id))),
        h('div', { class: 'toolbar' }, h('span', { class: 'muted' }, `Class group ${task.classGroup?.key ?? '—'}`), backLink()),
      ),
      h('div', { class: 'workspace' }, h('div', { class: 'stage' }, pager, tools, imageMessage, viewport), sidebar),
    );

    // ---- state changes ----------------------------------------------------------------------
    function setState(next) {
      if (next === state) return;
      const boxesChanged = next.boxes !== state.boxes;
      state = next;
      if (boxesChanged) save();
      render();
    }

    function save() {
      const at = sessions.save(state, task);
      saveStatus.textContent = at
        ? `Saved on this device at ${at.toLocaleTimeString()}.`
        : 'Could not save on this device (storage full or disabled): do not reload before finishing.';
    }

    function selected() {
      return state.boxes.find((b) => b.id === state.selectedId) ?? null;
    }

    // ---- images -----------------------------------------------------------------------------
    function showImage(i) {
      imageIndex = i;
      drag = null;
      const sel = selected();
      if (sel && sel.imageIndex !== i) state = M.selectBox(state, null);
      mount(imageMessage, h('p', { class: 'muted' }, `Loading image ${i + 1}…`));
      frame.hidden = true;
      img.alt = `Image ${i + 1} of ${images.length}`;
      img.src = images[i];
      if (img.complete && img.naturalWidth) onImageLoad();
      render();
    }

    function onImageLoad() {
      natural[imageIndex] = { width: img.naturalWidth, height: img.naturalHeight };
      imageMessage.replaceChildren();
      frame.hidden = false;
      applyZoom();
      renderStage();
    }

    // ---- tool and zoom -------------------------------------------------------------------------
    function setTool(next) {
      tool = next;
      frame.classList.toggle('editing', tool === 'edit');
      for (const [name, button] of Object.entries(toolButtons)) button.setAttribute('aria-pressed', String(name === tool));
    }

    /** The scale the image is shown at now: the chosen zoom, or what fitting it gives. */
    function shownScale() {
      const size = natural[imageIndex];
      return zoom ?? (size && img.clientWidth ? img.clientWidth / size.width : 1);
    }

    function zoomBy(direction, around = null) {
      setZoom(zoomStep(shownScale(), direction), around);
    }

    /** Shows the image at `scale` (null: fit), keeping the image point under `around` (a pointer event) in place. */
    function setZoom(scale, around = null) {
      const size = natural[imageIndex];
      if (!size) return;
      const anchor = around ? pointAt(around) : null;
      const edge = viewport.getBoundingClientRect();
      zoom = scale;
      applyZoom();
      if (anchor && zoom) {
        viewport.scrollLeft = scrollKeeping(anchor.x, zoom, around.clientX - edge.left);
        viewport.scrollTop = scrollKeeping(anchor.y, zoom, around.clientY - edge.top);
      }
      renderStage();
    }

    function applyZoom() {
      const size = natural[imageIndex];
      frame.classList.toggle('zoomed', zoom !== null);
      img.style.width = zoom !== null && size ? `${Math.round(size.width * zoom)}px` : '';
      zoomReadout.textContent = size ? (zoom === null ? `Fit (${percent(shownScale())})` : percent(zoom)) : '';
    }

    viewport.addEventListener(
      'wheel',
      (e) => {
        if (!natural[imageIndex] || e.deltaY === 0) return;
        e.preventDefault();
        zoomBy(e.deltaY < 0 ? 1 : -1, e);
      },
      { passive: false },
    );

    img.addEventListener('load', onImageLoad);
    img.addEventListener('error', () => {
      frame.hidden = true;
      mount(imageMessage, errorBox({ message: 'The image could not be loaded' }, images[imageIndex]));
    });
    const resizeObserver = new ResizeObserver(() => {
      applyZoom();
      renderStage();
    });
    resizeObserver.observe(img);

    // ---- pointer: draw, move, resize ----------------------------------------------------------
    function pointAt(e) {
      return M.clientToNatural(e.clientX, e.clientY, overlay.getBoundingClientRect(), natural[imageIndex]);
    }

    overlay.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 || !natural[imageIndex] || finishing) return;
      e.preventDefault();
      const start = pointAt(e);
      const handleId = e.target.closest('[data-handle]')?.getAttribute('data-handle');
      const boxId = e.target.closest('[data-box-id]')?.getAttribute('data-box-id') ?? null;
      const box = state.boxes.find((x) => x.id === (handleId ?? boxId));
      if (spaceHeld) {
        drag = { mode: 'pan', x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
      } else if (tool === 'draw') {
        // Every drag draws a new box (objects may be nested or touch); a click selects the box under the pointer
        // (or deselects, on the background).
        drag = { mode: 'draw', start, draft: null, clickBoxId: box?.id ?? null };
      } else if (handleId && box) {
        drag = { mode: 'resize', start, boxId: box.id, original: box.box, draft: box.box };
      } else if (box) {
        if (box.id !== state.selectedId) setState(M.selectBox(state, box.id));
        drag = { mode: 'move', start, boxId: box.id, original: box.box, draft: box.box };
      } else {
        setState(M.selectBox(state, null));
        return;
      }
      overlay.setPointerCapture(e.pointerId);
    });

    overlay.addEventListener('pointermove', (e) => {
      if (!drag) return;
      if (drag.mode === 'pan') {
        viewport.scrollLeft = drag.left - (e.clientX - drag.x);
        viewport.scrollTop = drag.top - (e.clientY - drag.y);
        return;
      }
      const p = pointAt(e);
      const size = natural[imageIndex];
      if (drag.mode === 'draw') {
        drag.draft = M.rectFromPoints(drag.start, p);
      } else if (drag.mode === 'move') {
        const o = drag.original;
        drag.draft = M.clampBox({ ...o, x: o.x + p.x - drag.start.x, y: o.y + p.y - drag.start.y }, size);
      } else {
        drag.draft = M.rectFromPoints({ x: drag.original.x, y: drag.original.y }, p);
      }
      renderStage();
    });

    function endDrag(commit) {
      if (!drag) return;
      const d = drag;
      drag = null;
      if (d.mode === 'pan') return;
      renderStage(); // drop the preview; setState below re-renders if something changed
      if (commit && d.draft) {
        const size = natural[imageIndex];
        const box = M.clampBox(M.roundBox(d.draft), size);
        if (d.mode === 'draw') {
          const minNatural = MIN_DRAW_PX * (size.width / img.clientWidth);
          if (d.draft.w >= minNatural && d.draft.h >= minNatural) {
            if (!drawClassId) flash('This class group has no classes: the box has no class.', 'error');
            setState(M.addBox(state, { imageIndex, box, classId: drawClassId }));
            suggest(state.selectedId, drawClassId, imageIndex, box);
            return;
          }
        } else if (d.draft !== d.original) {
          setState(M.updateBox(state, d.boxId, { box }));
          return;
        }
      }
      if (commit && d.mode === 'draw') setState(M.selectBox(state, d.clickBoxId));
    }

    overlay.addEventListener('pointerup', () => endDrag(true));
    overlay.addEventListener('pointercancel', () => endDrag(false));

    /**
     * Asks the class group's classifier for the class of the box just drawn and preselects it (unless the operator
     * picked a class meanwhile). No classifier (204) or no answer: the box keeps the class it was drawn with.
     */
    async function suggest(id, drawnClassId, index, box) {
      suggestStatus.textContent = '';
      let answer;
      try {
        answer = await api.suggest(sessionId, { imageIndex: index, box });
      } catch (e) {
        if (!disposed) suggestStatus.textContent = `No class suggested for the new box (${e.message}).`;
        return;
      }
      if (disposed || finishing || !answer) return;
      const next = M.suggestClass(state, id, answer, { drawnClassId, classIds: classes.map((c) => c.id) });
      if (next === state) return;
      setState(next);
      const suggested = `${className(classes, answer.classId)}${typeof answer.confidence === 'number' ? ` (${Math.round(answer.confidence * 100)} %)` : ''}`;
      suggestStatus.textContent = M.keepsSuggestion(next.boxes.find((b) => b.id === id))
        ? `Suggested class for the new box: ${suggested}. Keep it or pick another (1–9).`
        : `The classifier suggested ${suggested} for the new box; it keeps the class you picked.`;
    }

    // ---- keyboard ----------------------------------------------------------------------------
    function onKey(e) {
      if (finishing || e.defaultPrevented) return;
      const inField = e.target.closest?.('input, select, textarea, dialog');
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
        if (inField) return;
        e.preventDefault();
        setState(M.undo(state));
        return;
      }
      if (e.key === 'Escape' && drag) {
        endDrag(false);
        return;
      }
      if (inField) return;
      if (e.key === 'Escape') {
        setState(M.selectBox(state, null));
        return;
      }
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        finish({ next: true });
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === ' ') {
        if (e.target.closest?.('button, a, [role="button"], summary')) return; // Space presses what has the focus
        e.preventDefault();
        if (!spaceHeld) {
          spaceHeld = true;
          frame.classList.add('panning');
        }
        return;
      }
      const shortcut = {
        b: () => setTool('draw'),
        v: () => setTool('edit'),
        '+': () => zoomBy(1),
        '=': () => zoomBy(1),
        '-': () => zoomBy(-1),
        0: () => setZoom(null),
        '[': () => imageIndex > 0 && showImage(imageIndex - 1),
        ']': () => imageIndex < images.length - 1 && showImage(imageIndex + 1),
      }[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (shortcut) {
        e.preventDefault();
        shortcut();
        return;
      }
      if (/^[1-9]$/.test(e.key) && classes[Number(e.key) - 1]) {
        e.preventDefault();
        const classId = classes[Number(e.key) - 1].id;
        if (selected()) setState(M.updateBox(state, selected().id, { classId }));
        else {
          drawClassId = classId;
          render();
        }
        return;
      }
      const sel = selected();
      if (!sel) return;
      if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        deleteBox(sel.id);
        return;
      }
      const step = e.shiftKey ? 10 : 1;
      const delta = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
      if (delta && natural[sel.imageIndex]) {
        e.preventDefault();
        const moved = M.clampBox({ ...sel.box, x: sel.box.x + delta[0], y: sel.box.y + delta[1] }, natural[sel.imageIndex]);
        setState(M.updateBox(state, sel.id, { box: moved }));
      }
    }
    document.addEventListener('keydown', onKey);

    function onKeyUp(e) {
      if (e.key === ' ') {
        spaceHeld = false;
        frame.classList.remove('panning');
      }
    }
    document.addEventListener('keyup', onKeyUp);
    // A Space let go in another window never comes as a keyup here.
    const stopPanning = () => onKeyUp({ key: ' ' });
    window.addEventListener('blur', stopPanning);

    function deleteBox(id) {
      // Keep keyboard focus somewhere sensible: the list item is about to disappear.
      const hadFocus = sidebar.contains(document.activeElement);
      setState(M.removeBox(state, id));
      if (hadFocus) sidebar.querySelector('[data-key="undo"]')?.focus();
    }

    // ---- finish ------------------------------------------------------------------------------
    /** `next`: then open the next task of the operator's inbox (claimed in the same request). */
    async function finish({ next = false } = {}) {
      const payload = M.toFinishPayload(state, natural);
      const missing = payload.objects.filter((o) => !o.classId).length;
      if (missing) {
        mount(finishError, errorBox({ message: `${missing} box(es) have no class` }, 'Give every box a class before finishing.'));
        return;
      }
      if (!payload.objects.length && !confirm('Finish without any boxes? Use this only if the images really contain nothing to mark.')) return;
      finishing = true;
      finishError.replaceChildren();
      render();
      try {
        const answer = await api.finish(sessionId, payload, { next });
        sessions.remove(sessionId);
        const sent = `Finished task ${shortId(task.id)}: ${plural(payload.objects.length, 'box', 'boxes')} sent.`;
        if (answer?.next) {
          flash(`${sent} Here is your next task, ${shortId(answer.next.taskId)}.`, 'success');
          location.hash = `#/work/${encodeURIComponent(answer.next.sessionId)}?task=${encodeURIComponent(answer.next.taskId)}`;
          return;
        }
        const none = {
          INBOX_EMPTY: ' Your inbox is empty.',
          CLAIM_FAILED: ' The next task could not be claimed: try Next task in a moment.',
        }[answer?.noNext] ?? ' Thank you!';
        flash(sent + none, 'success');
        location.hash = '#/inbox';
      } catch (e) {
        finishing = false;
        const hint =
          e instanceof NetworkError
            ? 'Your work is kept on this device. Press Finish again once the connection is back.'
            : e.status >= 500
              ? 'The server could not take the session just now. Your work is kept on this device: press Finish again in a moment.'
              : 'The server did not accept the session. Your work is kept on this device.';
        mount(finishError, errorBox(e, hint));
        render();
        finishError.querySelector('[role="alert"]')?.scrollIntoView({ block: 'nearest' });
      }
    }

    /** The task goes back to the inbox unfinished; the work drawn here is dropped. */
    async function release() {
      if (!confirm('Give this task back to the inbox? Anyone of your teams may take it; what you drew here is dropped.')) return;
      try {
        await api.release(sessionId);
        sessions.remove(sessionId);
        flash(`Gave task ${shortId(task.id)} back to the inbox.`, 'success');
        location.hash = '#/inbox';
      } catch (e) {
        mount(finishError, errorBox(e, 'The task was not given back. Your work is kept on this device.'));
      }
    }

    /**
     * Asks why the image shown cannot be used (a modal dialog: reasons as radio buttons, a note), then rejects the
     * task with it; the work drawn here is dropped.
     */
    function askUnusable() {
      const problem = h('div');
      const note = h('textarea', { id: 'unusable-note', name: 'note', rows: '3', maxlength: String(MAX_NOTE) });
      const form = h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'unusable-title' }, images.length > 1 ? `Image ${imageIndex + 1} is unusable` : 'The image is unusable'),
        h('p', { class: 'muted small' }, 'The task is rejected and the client is told why; what you drew here is dropped.'),
        h(
          'fieldset',
          {},
          h('legend', {}, 'Why?'),
          Object.entries(UNUSABLE_REASONS).map(([value, words], i) =>
            h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'reason', value, required: true, checked: i === 0 }), ` ${words}`),
          ),
        ),
        h('label', { for: 'unusable-note' }, 'Note (optional; needed for Other)'),
        note,
        problem,
        h(
          'div',
          { class: 'dialog-actions' },
          h('button', { type: 'button', 'data-key': 'unusable-cancel', onclick: () => dialog.close() }, 'Cancel'),
          h('button', { type: 'submit', class: 'danger', 'data-key': 'unusable-confirm' }, 'Reject the task'),
        ),
      );
      const dialog = h('dialog', { 'aria-labelledby': 'unusable-title' }, form);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const reason = new FormData(form).get('reason');
        const text = note.value.trim();
        if (reason === 'OTHER' && !text) {
          mount(problem, errorBox({ message: 'Say what is wrong with the image' }, 'A note is needed when the reason is Other.'));
          note.focus();
          return;
        }
        try {
          await api.declareUnusable(sessionId, { imageIndex, reason, note: text || null });
          dialog.close();
          sessions.remove(sessionId);
          flash(`Rejected task ${shortId(task.id)}: ${UNUSABLE_REASONS[reason].toLowerCase()}.`, 'success');
          location.hash = '#/inbox';
        } catch (err) {
          mount(problem, errorBox(err, 'The task was not rejected. Your work is kept on this device.'));
        }
      });
      dialog.addEventListener('close', () => {
        dialog.remove();
        sidebar.querySelector('[data-key="unusable"]')?.focus();
      });
      root.append(dialog);
      dialog.showModal();
    }

    // ---- rendering ---------------------------------------------------------------------------
    function renderStage() {
      renderOverlay(overlay, {
        natural: natural[imageIndex],
        displayWidth: img.clientWidth,
        boxes: M.boxesForImage(state, imageIndex).filter((b) => !(drag && drag.boxId === b.id)).concat(
          drag && drag.boxId && drag.draft ? [{ ...state.boxes.find((b) => b.id === drag.boxId), box: drag.draft }] : [],
        ),
        classes,
        selectedId: state.selectedId,
        highlightId,
        draft: drag?.mode === 'draw' ? drag.draft : null,
        interactive: !finishing,
      });
    }

    function highlight(id) {
      if (highlightId === id) return;
      highlightId = id;
      renderStage();
    }

    function renderPager() {
      if (images.length <= 1) {
        pager.replaceChildren();
        return;
      }
      mount(
        pager,
        h('button', { type: 'button', 'data-key': 'prev', disabled: imageIndex === 0, onclick: () => showImage(imageIndex - 1) }, '‹ Previous'),
        images.map((_, i) =>
          h(
            'button',
            { type: 'button', 'data-key': `image-${i}`, 'aria-pressed': String(i === imageIndex), onclick: () => showImage(i) },
            `Image ${i + 1} (${M.boxesForImage(state, i).length})`,
          ),
        ),
        h('button', { type: 'button', 'data-key': 'next', disabled: imageIndex === images.length - 1, onclick: () => showImage(imageIndex + 1) }, 'Next ›'),
      );
    }

    function classSelect(id, value, onchange, key) {
      return h(
        'select',
        { id, 'data-key': key, onchange: (e) => onchange(e.target.value), disabled: finishing },
        value && !classes.some((c) => c.id === value) ? h('option', { value, selected: true }, `${value} (unknown class)`) : null,
        classes.map((c) => h('option', { value: c.id, selected: c.id === value }, c.name)),
      );
    }

    /** What the classifier suggested for the selected box, and whether the box still has that class. */
    function suggestionLine(box) {
      const { classId, confidence, version } = box.suggestion;
      const how = `${typeof confidence === 'number' ? `, confidence ${confidence.toFixed(2)}` : ''}${version ? `, classifier version ${version}` : ''}`;
      return h('p', { class: 'small suggestion', 'data-key': 'selected-suggestion' }, M.keepsSuggestion(box)
        ? `Class suggested by the classifier${how}. Keep it or pick another.`
        : `The classifier suggested ${className(classes, classId)}${how}.`);
    }

    function renderSidebar() {
      const sel = selected();
      const byImage = images.map((_, i) => M.boxesForImage(state, i));
      mount(
        sidebar,
        startNotice,
        h(
          'section',
          { class: 'panel' },
          h('label', { for: 'draw-class' }, 'Class for new boxes'),
          classSelect('draw-class', drawClassId, (v) => {
            drawClassId = v;
          }, 'draw-class'),
          h('p', { class: 'muted small' }, tool === 'draw'
            ? 'Drag on the image to draw a box; click a box to select it. Edit (V) moves and resizes.'
            : 'Drag a box to move it, its corner to resize it. Draw (B) draws boxes.'),
        ),
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'selected-title' },
          h('h2', { id: 'selected-title' }, 'Selected box'),
          sel
            ? [
                h('label', { for: 'selected-class' }, 'Class'),
                classSelect('selected-class', sel.classId, (v) => setState(M.updateBox(state, sel.id, { classId: v })), 'selected-class'),
                readsText
                  ? [
                      h('label', { for: 'selected-text' }, 'Text on the tag'),
                      h('input', {
                        id: 'selected-text',
                        'data-key': 'selected-text',
                        type: 'text',
                        maxlength: 200,
                        value: sel.text ?? '',
                        placeholder: 'read by the servers after you finish',
                        disabled: finishing,
                        onchange: (e) => setState(M.updateBox(state, sel.id, { text: e.target.value })),
                      }),
                      h('p', { class: 'muted small' }, sel.text !== undefined && sel.text === sel.originalText
                        ? 'As the servers read it. Correct it if it is wrong.'
                        : 'Leave it empty to have the servers read it.'),
                    ]
                  : null,
                h('p', { class: 'muted small' }, `${Math.round(sel.box.w)}×${Math.round(sel.box.h)} px at (${Math.round(sel.box.x)}, ${Math.round(sel.box.y)}) on image ${sel.imageIndex + 1}`),
                typeof sel.confidence === 'number' ? h('p', { class: 'small' }, `The model found it with confidence ${sel.confidence.toFixed(2)}.`) : null,
                sel.suggestion ? suggestionLine(sel) : null,
                h('button', { type: 'button', class: 'danger', 'data-key': 'delete', disabled: finishing, onclick: () => deleteBox(sel.id) }, 'Delete box'),
              ]
            : h('p', { class: 'muted small' }, 'Click a box on the image or in the list below to change its class or delete it.'),
        ),
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'boxes-title' },
          h(
            'div',
            { class: 'panel-head' },
            h('h2', { id: 'boxes-title' }, `Boxes (${state.boxes.length})`),
            h('button', { type: 'button', 'data-key': 'undo', disabled: !M.canUndo(state) || finishing, onclick: () => setState(M.undo(state)), 'aria-keyshortcuts': 'Control+Z' }, 'Undo'),
          ),
          state.boxes.length
            ? byImage.map((boxes, i) =>
                boxes.length
                  ? h(
                      'div',
                      {},
                      images.length > 1 ? h('h3', {}, `Image ${i + 1}`) : null,
                      h(
                        'ul',
                        { class: 'box-list' },
                        boxes.map((b, n) =>
                          h(
                            'li',
                            {},
                            h(
                              'button',
                              {
                                type: 'button',
                                class: 'box-item',
                                'data-key': `box-${b.id}`,
                                'aria-pressed': String(b.id === state.selectedId),
                                onmouseenter: () => highlight(b.id),
                                onmouseleave: () => highlight(null),
                                onfocus: () => highlight(b.id),
                                onblur: () => highlight(null),
                                'aria-keyshortcuts': 'Delete',
                                onclick: () => {
                                  if (b.imageIndex !== imageIndex) showImage(b.imageIndex);
                                  setState(M.selectBox(state, b.id));
                                },
                              },
                              h('span', { class: 'swatch', style: `background:${classColor(classes, b.classId)}`, 'aria-hidden': 'true' }),
                              `${n + 1}. ${b.classId ? className(classes, b.classId) : 'no class'}`,
                              readsText && b.text ? h('span', { class: 'mono' }, ` “${b.text}”`) : null,
                              typeof b.confidence === 'number' ? h('span', { class: 'muted small' }, ` ${Math.round(b.confidence * 100)} %`) : null,
                              M.keepsSuggestion(b) ? h('span', { class: 'suggestion-tag small' }, suggestionNote(b)) : null,
                              h('span', { class: 'muted small' }, ` ${Math.round(b.box.w)}×${Math.round(b.box.h)}`),
                            ),
                          ),
                        ),
                      ),
                    )
                  : null,
              )
            : h('p', { class: 'muted small' }, 'No boxes yet.'),
        ),
        h(
          'section',
          { class: 'panel' },
          h('button', { type: 'button', class: 'primary wide', 'data-key': 'finish', disabled: finishing, onclick: () => finish() }, finishing ? 'Sending…' : 'Finish'),
          h('button', { type: 'button', class: 'wide', 'data-key': 'finish-next', disabled: finishing, onclick: () => finish({ next: true }), 'aria-keyshortcuts': 'Control+Enter' }, 'Finish and next'),
          h('button', { type: 'button', class: 'wide', 'data-key': 'release', disabled: finishing, onclick: release }, 'Give back to the inbox'),
          h('button', { type: 'button', class: 'wide danger', 'data-key': 'unusable', disabled: finishing || !images.length, onclick: askUnusable }, 'Image unusable…'),
          finishError,
          suggestStatus,
          saveStatus,
          h(
            'details',
            { class: 'small' },
            h('summary', {}, 'Keyboard shortcuts'),
            h(
              'dl',
              { class: 'shortcuts' },
              h('dt', {}, 'Delete / Backspace'), h('dd', {}, 'delete the selected box'),
              h('dt', {}, 'Arrow keys (Shift: ×10)'), h('dd', {}, 'move the selected box by one pixel'),
              h('dt', {}, 'Ctrl+Z / ⌘Z'), h('dd', {}, 'undo'),
              h('dt', {}, 'Escape'), h('dd', {}, 'cancel drawing, deselect'),
              h('dt', {}, 'B / V'), h('dd', {}, 'draw boxes / edit (move, resize) boxes'),
              h('dt', {}, '1–9'), h('dd', {}, 'give the selected box that class (with none selected: the class for new boxes)'),
              h('dt', {}, '+ / − / 0, mouse wheel'), h('dd', {}, 'zoom in / out / fit'),
              h('dt', {}, 'Space + drag'), h('dd', {}, 'pan a zoomed image'),
              h('dt', {}, '[ / ]'), h('dd', {}, 'previous / next image'),
              h('dt', {}, 'Ctrl+Enter / ⌘Enter'), h('dd', {}, 'finish and open your next task'),
            ),
          ),
        ),
      );
    }

    function render() {
      if (disposed) return;
      // Re-rendering replaces elements: give the focus back to the element with the same key.
      const key = root.contains(document.activeElement) ? document.activeElement.dataset?.key : null;
      renderPager();
      renderSidebar();
      renderStage();
      if (key) root.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
    }

    if (!images.length) {
      mount(imageMessage, errorBox({ message: 'This task has no images' }));
      frame.hidden = true;
      render();
    } else {
      showImage(0);
    }
    setTool(tool);
    if (savedAt) saveStatus.textContent = `Restored your work saved on this device at ${new Date(savedAt).toLocaleTimeString()}.`;
    else save();

    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', stopPanning);
      resizeObserver.disconnect();
    };
  }
}

function backLink() {
  return h('a', { href: '#/inbox' }, 'Back to inbox');
}

/** The task's objects now (the model's, as operators changed them), else its generated result's. */
function currentObjects(task) {
  return task.objects ?? task.result?.objects ?? [];
}
