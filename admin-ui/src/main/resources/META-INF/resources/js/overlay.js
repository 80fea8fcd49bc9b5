// Draws boxes over an image. The SVG's viewBox is the image's natural size and the SVG is
// stretched over the displayed <img>, so boxes are drawn in natural pixels and the browser
// does the scaling; only label and handle sizes need the display scale.
import { keepsSuggestion } from './annotation-model.js';
import { classColor, className, s } from './dom.js';

export function createOverlay(label) {
  return s('svg', { class: 'overlay', 'aria-label': label, role: 'img', preserveAspectRatio: 'none' });
}

/**
 * options: natural {width,height}; displayWidth (px the image is shown at); boxes; classes;
 * selectedId; highlightId (a box to show out, e.g. while its list entry is hovered); draft (a box being drawn, or
 * null); interactive (selection handles).
 */
export function renderOverlay(svg, { natural, displayWidth, boxes, classes, selectedId = null, highlightId = null, draft = null, interactive = false }) {
  svg.replaceChildren();
  if (!natural || !displayWidth) return;
  svg.setAttribute('viewBox', `0 0 ${natural.width} ${natural.height}`);
  const scale = natural.width / displayWidth; // natural pixels per screen pixel
  const font = 12 * scale;

  for (const b of boxes) {
    const color = classColor(classes, b.classId);
    const selected = b.id === selectedId;
    const highlighted = b.id === highlightId;
    const name = className(classes, b.classId);
    const label = boxLabel(name, b);
    const suggested = keepsSuggestion(b) ? ' suggested' : '';
    const g = s('g', { class: `box${selected ? ' selected' : ''}${highlighted ? ' highlighted' : ''}${suggested}`, 'data-box-id': b.id });
    g.append(
      s('title', {}, `${label} — ${Math.round(b.box.w)}×${Math.round(b.box.h)} px at (${Math.round(b.box.x)}, ${Math.round(b.box.y)})`),
      s('rect', {
        x: b.box.x,
        y: b.box.y,
        width: b.box.w,
        height: b.box.h,
        stroke: color,
        fill: color,
        'fill-opacity': selected || highlighted ? 0.22 : 0.08,
        'stroke-width': selected || highlighted ? 3 : 2,
        'vector-effect': 'non-scaling-stroke',
        'data-box-id': b.id,
      }),
      s('text', { x: b.box.x + 2 * scale, y: Math.max(b.box.y - 3 * scale, font), 'font-size': font, fill: color, class: 'box-label' }, label),
    );
    if (selected && interactive) {
      const size = 10 * scale;
      g.append(
        s('rect', {
          class: 'handle',
          x: b.box.x + b.box.w - size / 2,
          y: b.box.y + b.box.h - size / 2,
          width: size,
          height: size,
          fill: '#fff',
          stroke: color,
          'vector-effect': 'non-scaling-stroke',
          'data-handle': b.id,
        }),
      );
    }
    svg.append(g);
  }

  if (draft) {
    svg.append(
      s('rect', {
        class: 'draft',
        x: draft.x,
        y: draft.y,
        width: draft.w,
        height: draft.h,
        'vector-effect': 'non-scaling-stroke',
      }),
    );
  }
}

/**
 * A box's label: its class, the text read on it (a tag), how sure the model was of it, when known, and, while the box
 * has the class the classifier suggested, that it is a suggestion and how sure the classifier was.
 */
export function boxLabel(name, box) {
  const text = typeof box.text === 'string' && box.text ? ` “${box.text}”` : '';
  const confidence = typeof box.confidence === 'number' ? ` ${Math.round(box.confidence * 100)} %` : '';
  return `${name}${text}${confidence}${suggestionNote(box)}`;
}

/** ` (suggested, 87 %)` while the box keeps the classifier's suggestion; empty otherwise. */
export function suggestionNote(box) {
  if (!keepsSuggestion(box)) return '';
  const confidence = typeof box.suggestion.confidence === 'number' ? `, ${Math.round(box.suggestion.confidence * 100)} %` : '';
  return ` (suggested${confidence})`;
}
