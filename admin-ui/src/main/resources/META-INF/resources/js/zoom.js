// Zoom of the annotation tool's image, as a scale: screen pixels per image pixel (1 = 1:1). Pure, unit-tested.

export const ZOOM_MIN = 0.05;
export const ZOOM_MAX = 8;
const STEP = 1.25;

/** The scale one step in (+1) or out (-1) from `scale`, within [ZOOM_MIN, ZOOM_MAX]. */
export function zoomStep(scale, direction) {
  return clampZoom(direction > 0 ? scale * STEP : scale / STEP);
}

export function clampZoom(scale) {
  return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, scale));
}

/**
 * Where to scroll so that the image point `imageAt` (image pixels, on one axis) stays `pointerAt` screen pixels from
 * the viewport's edge once the image is shown at `scale`: never before the start.
 */
export function scrollKeeping(imageAt, scale, pointerAt) {
  return Math.max(0, imageAt * scale - pointerAt);
}

/** '125 %' */
export function percent(scale) {
  return `${Math.round(scale * 100)} %`;
}
