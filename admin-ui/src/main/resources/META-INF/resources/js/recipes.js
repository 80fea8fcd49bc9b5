// What the recipes screen and the task page's diagram show, shaped from the API's answers. Pure functions, unit-tested.

/** Kept deployments (newest version first per process, as the API lists them) grouped by process id, in order. */
export function recipeGroups(versions) {
  const groups = new Map();
  for (const version of versions ?? []) {
    if (!groups.has(version.processId)) groups.set(version.processId, []);
    groups.get(version.processId).push(version);
  }
  return [...groups].map(([processId, list]) => ({ processId, versions: list }));
}

/** 'product-detection v3', and when the engine gave the number again after a restart, which deployment it is. */
export function versionLabel(version, versions = []) {
  const same = versions.filter((v) => v.processId === version.processId && v.version === version.version);
  const base = `${version.processId} v${version.version}`;
  return same.length > 1 ? `${base} (deployment ${version.deploymentId})` : base;
}

/**
 * The badges of a version's elements from its activity: one per element with tasks or incidents, its words for the
 * badge and for a list read aloud. Elements come sorted by id.
 */
export function activityBadges(activity) {
  return Object.entries(activity?.elements ?? {})
    .filter(([, counts]) => counts.active > 0 || counts.incidents > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([elementId, { active, incidents }]) => ({
      elementId,
      active,
      incidents,
      words: [active ? `${active} active` : null, incidents ? `${incidents} ${incidents === 1 ? 'incident' : 'incidents'}` : null]
        .filter(Boolean)
        .join(', '),
    }));
}

/**
 * A refused recipe's reasons split by where they point: per BPMN element id (to mark on the diagram), and those
 * about the whole file. Reads the problem+json's `errors` ({field, elementId?, message}).
 */
export function problemsByElement(problem) {
  const byElement = new Map();
  const general = [];
  for (const error of Array.isArray(problem?.errors) ? problem.errors : []) {
    if (error.elementId) {
      if (!byElement.has(error.elementId)) byElement.set(error.elementId, []);
      byElement.get(error.elementId).push(error.message ?? '');
    } else {
      general.push(error.message ?? '');
    }
  }
  if (!byElement.size && !general.length && problem?.detail) general.push(problem.detail);
  return { byElement, general };
}

/** A file's name as the API takes it (letters, digits, '.', '_', '-', ending in .bpmn). */
export function recipeFileName(name) {
  const base = String(name ?? '').replace(/\.bpmn$/i, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base || 'recipe'}.bpmn`;
}

/**
 * The markers of a run on its diagram: every element it reached is on the path; where it is now is current (unless it
 * is the open incident's element, marked as such).
 */
export function runMarkers(run) {
  const markers = new Map();
  for (const elementId of run?.elements ?? []) markers.set(elementId, 'recipe-path');
  if (run?.at) markers.set(run.at, 'recipe-current');
  if (run?.incident) markers.set(run.incident, 'recipe-incident');
  return markers;
}

/** A run's line in words: 'product-detection v2, started 10:00 at TaskCreatedStartEvent'. */
export function runLabel(run, when = (iso) => iso) {
  return `${run.processId} v${run.version}, started ${when(run.startedAt)} at ${run.elements?.[0] ?? '?'}`;
}
