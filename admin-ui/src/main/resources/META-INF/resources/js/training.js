// The learning loop on the models screen: who may start a training run, and the training runs as table rows.
import { percent } from './quality.js';

/** The roles that may start a training run and see the runs (docs/security.md). */
export const TRAINING_ROLES = Object.freeze(['ml-engineer', 'admin']);

export function mayTrain(roles = []) {
  return roles.some((role) => TRAINING_ROLES.includes(role));
}

/** A run's outcome in words (the API's status). */
export const OUTCOMES = Object.freeze({
  RUNNING: 'Running',
  DEPLOYED: 'Deployed: the challenger serves now',
  KEPT_CHAMPION: 'Kept the champion: the challenger was not better',
  FAILED: 'Failed',
  SKIPPED: 'Skipped: nothing to train on yet',
});

/** Who started a run, in words. */
export const TRIGGERS = Object.freeze({ MANUAL: 'Train button', POLICY: 'Automatic policy' });

/**
 * `classifier-shelf v3 (91.2 %)` for a classifier version and its accuracy on the held-out split (a champion and a
 * challenger trained on other features are different classifiers); '—' for none.
 */
export function versionAccuracy(model) {
  if (!model?.version) return '—';
  return `${model.model ? `${model.model} ` : ''}v${model.version} (${percent(model.accuracy)})`;
}

/**
 * Rows for GET /api/v1/models/{classGroup}/training-runs, newest first: when it started and ended, who started it,
 * its outcome, the challenger and the champion it was measured against, the dataset's journal position and why.
 */
export function trainingRunRows(runs) {
  return [...runs]
    .sort((a, b) => String(b.startedAt ?? '').localeCompare(String(a.startedAt ?? '')))
    .map((run) => ({
      runId: run.runId,
      startedAt: run.startedAt ?? null,
      finishedAt: run.finishedAt ?? null,
      trigger: TRIGGERS[run.trigger] ?? run.trigger ?? '—',
      outcome: OUTCOMES[run.status] ?? run.status ?? '—',
      status: run.status,
      challenger: versionAccuracy(run.challenger),
      champion: versionAccuracy(run.champion),
      datasetPosition: run.datasetPosition === null || run.datasetPosition === undefined ? '—' : String(run.datasetPosition),
      reason: run.reason || '—',
    }));
}

/** Whether any run is still going: the screen then looks again a little later. */
export function anyRunning(runs) {
  return runs.some((run) => run.status === 'RUNNING');
}
