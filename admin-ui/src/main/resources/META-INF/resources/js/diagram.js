// A BPMN diagram drawn by bpmn-js's NavigatedViewer (vendored by the build under vendor/bpmn-js: no CDN), with
// badges and markers on its elements. The viewer's script and styles are loaded the first time a diagram is shown.
import { h } from './dom.js';

const VENDOR = 'vendor/bpmn-js';
let loading = null;

/** Loads the viewer's script and styles once; resolves with the viewer's constructor. */
function viewerClass() {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      for (const sheet of ['diagram-js.css', 'bpmn-js.css']) {
        document.head.append(h('link', { rel: 'stylesheet', href: `${VENDOR}/${sheet}` }));
      }
      const script = h('script', { src: `${VENDOR}/bpmn-navigated-viewer.production.min.js` });
      script.addEventListener('load', () => resolve(globalThis.BpmnJS));
      script.addEventListener('error', () => {
        loading = null;
        reject(new Error('The diagram viewer could not be loaded.'));
      });
      document.head.append(script);
    });
  }
  return loading;
}

/**
 * A diagram in `container` (a labelled region; the drawing is focusable and the arrow keys move it, the buttons zoom).
 * Returns { show(xml), mark(markers), badge(elementId, node), clear(), destroy() }.
 */
export function createDiagram(container, label) {
  const canvasArea = h('div', { class: 'diagram-canvas' });
  const zoom = (step) => viewer?.get('zoomScroll').stepZoom(step);
  const controls = h(
    'div',
    { class: 'toolbar diagram-controls' },
    h('button', { type: 'button', class: 'small', onclick: () => zoom(1), 'aria-label': `Zoom in on ${label}` }, '+'),
    h('button', { type: 'button', class: 'small', onclick: () => zoom(-1), 'aria-label': `Zoom out of ${label}` }, '−'),
    h('button', { type: 'button', class: 'small', onclick: () => viewer?.get('canvas').zoom('fit-viewport', 'auto'), 'aria-label': `Fit ${label} in view` }, 'Fit'),
  );
  container.classList.add('diagram');
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', label);
  container.replaceChildren(controls, canvasArea);
  let viewer = null;
  let marked = [];

  return {
    /** Draws the BPMN; rejects with bpmn-js's reason when it cannot read it. */
    async show(xml) {
      const BpmnJS = await viewerClass();
      if (!viewer) viewer = new BpmnJS({ container: canvasArea });
      await viewer.importXML(xml);
      // bpmn-js makes its drawing focusable (the arrow keys move it once focused): name it for screen readers.
      const drawing = canvasArea.querySelector('svg');
      drawing?.setAttribute('role', 'img');
      drawing?.setAttribute('aria-label', `${label}: the arrow keys move it, the buttons zoom`);
      viewer.get('canvas').zoom('fit-viewport', 'auto');
    },
    /** Marks elements: a Map of element id → CSS class ('recipe-path', 'recipe-problem', …); unknown ids are skipped. */
    mark(markers) {
      const canvas = viewer.get('canvas');
      const registry = viewer.get('elementRegistry');
      for (const [elementId, marker] of markers) {
        if (!registry.get(elementId)) continue;
        canvas.addMarker(elementId, marker);
        marked.push([elementId, marker]);
      }
    },
    /** Puts `node` over the element's top-left corner (its bottom edge holds boundary events), at its own size whatever
     * the zoom; false when the diagram has no such element. */
    badge(elementId, node) {
      if (!viewer.get('elementRegistry').get(elementId)) return false;
      viewer.get('overlays').add(elementId, { position: { top: -10, left: -8 }, scale: false, html: node });
      return true;
    },
    /** The element's name as drawn, else its id. */
    nameOf(elementId) {
      return viewer?.get('elementRegistry').get(elementId)?.businessObject?.name || elementId;
    },
    clear() {
      if (!viewer) return;
      viewer.get('overlays').clear();
      const canvas = viewer.get('canvas');
      marked.forEach(([elementId, marker]) => canvas.removeMarker(elementId, marker));
      marked = [];
    },
    destroy() {
      viewer?.destroy();
      viewer = null;
    },
  };
}
