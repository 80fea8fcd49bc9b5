// #/models — the models registered per class group (ML engineers register a version, or take one off), the
// learning loop (ML engineers and admins train a class group's classifier and see each run's outcome), and the
// engine monitor: how each model version did against operators' checks, in all and per day or week.
import { api } from '../api.js';
import { fraction } from '../admin.js';
import { chartBox } from '../chart.js';
import { chartSummary, daysBefore, qualityHistory } from '../dashboards.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion, time } from '../dom.js';
import { qualityRows } from '../quality.js';
import { anyRunning, mayTrain, trainingRunRows } from '../training.js';

const COLUMNS = [
  ['Model', 'model'],
  ['Version', 'version'],
  ['Checks of objects', 'objectChecks', 'num'],
  ['Precision', 'precision', 'num'],
  ['Recall', 'recall', 'num'],
  ['Objects missed', 'missed', 'num'],
  ['Checks of readings', 'readingChecks', 'num'],
  ['Reading accuracy', 'accuracy', 'num'],
  ['Character error rate', 'characterErrorRate', 'num'],
];
const HISTORY_COLUMNS = [
  ['Version', 'version'],
  ['Period from (UTC)', 'period'],
  ['Checks', 'checks', 'num'],
  ['True positives', 'truePositives', 'num'],
  ['False positives', 'falsePositives', 'num'],
  ['False negatives', 'falseNegatives', 'num'],
  ['Precision', 'precision', 'num'],
  ['Recall', 'recall', 'num'],
  ['Reading accuracy', 'accuracy', 'num'],
];
const RUN_COLUMNS = [
  ['Started', 'startedAt'],
  ['Ended', 'finishedAt'],
  ['Started by', 'trigger'],
  ['Outcome', 'outcome'],
  ['Challenger (accuracy)', 'challenger'],
  ['Champion (accuracy)', 'champion'],
  ['Dataset position', 'datasetPosition', 'num'],
  ['Why', 'reason'],
];
/** How often the runs are looked at again while one is running. */
const RUNNING_POLL_MS = 3000;
/** How far back each interval's history goes: 90 days of days, a year of weeks. */
const HISTORY_DAYS = { day: 90, week: 364 };
const REGISTERED_COLUMNS = [
  ['Class group', 'classGroupKey'],
  ['Model', 'modelName'],
  ['Version', 'modelVersion'],
  ['Share sampled', 'samplingRate', 'num'],
  ['Check below confidence', 'minConfidence', 'num'],
  ['Registered', 'registeredAt'],
  ['', 'actions'],
];

export function modelsView(root) {
  document.title = 'Models — Loupe';
  const area = scrollRegion('Model versions', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const registeredArea = scrollRegion('Registered models', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const registerError = h('div');
  let trainer = false; // whether the signed-in person may train (ml-engineer, admin)
  let runsTimer = null;
  const trainingSection = h('section', { 'aria-labelledby': 'training-title', hidden: true });
  const trainGroups = h('datalist', { id: 'train-class-groups' });
  const trainStatus = h('div', { role: 'status', 'aria-live': 'polite' });
  const runsArea = scrollRegion('Training runs', {}, h('p', { class: 'muted' }, 'Choose a class group to see its training runs.'));
  const trainForm = h(
    'form',
    { class: 'filters', 'aria-label': 'Train a classifier', onsubmit: (e) => { e.preventDefault(); train(); } },
    h('div', { class: 'filter-field' }, h('label', { for: 'train-class-group' }, 'Class group to train'),
      h('input', { id: 'train-class-group', name: 'classGroupKey', required: true, maxlength: '200', spellcheck: 'false', list: 'train-class-groups' })),
    h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'override', id: 'train-override' }),
      ' Deploy the new version even if it is not better (override the gate)'),
    h('button', { type: 'submit', class: 'primary' }, 'Train'),
    h('button', { type: 'button', onclick: () => showRuns(trainForm.elements.classGroupKey.value.trim()) }, 'Show runs'),
    trainGroups,
  );
  mount(
    trainingSection,
    h('h2', { id: 'training-title' }, 'Training'),
    h('p', { class: 'muted' }, 'Train a class group’s box classifier on its verified objects. The new version is compared with the one serving ',
      'on the newest verified tasks and deployed only if it is better by the configured margin.'),
    trainForm,
    trainStatus,
    runsArea,
  );
  const historyArea = scrollRegion('Quality over time', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const ratesChart = chartBox('Rates over time');
  const countsChart = chartBox('Counts over time');
  const historyModel = h('select', { id: 'history-model', name: 'model', onchange: () => loadHistory() });
  const historyInterval = h('select', { id: 'history-interval', name: 'interval', onchange: () => loadHistory() },
    h('option', { value: 'day' }, 'Day (last 90 days)'), h('option', { value: 'week' }, 'Week (last year)'));
  const historyForm = h(
    'form',
    { class: 'toolbar', 'aria-label': 'Quality over time of', onsubmit: (e) => { e.preventDefault(); loadHistory(); } },
    h('div', {}, h('label', { for: 'history-model' }, 'Model'), historyModel),
    h('div', {}, h('label', { for: 'history-interval' }, 'Per'), historyInterval),
    h('button', { type: 'submit' }, 'Show'),
  );
  const input = (id, label, name, attrs = {}) => h('div', { class: 'filter-field' }, h('label', { for: id }, label), h('input', { id, name, spellcheck: 'false', ...attrs }));
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Register a model', onsubmit: register },
    input('model-class-group', 'Class group', 'classGroupKey', { required: true, maxlength: '200' }),
    input('model-name', 'Model (Triton name)', 'modelName', { required: true }),
    input('model-version', 'Version', 'modelVersion', { required: true }),
    input('model-sampling', 'Share sampled (0–1, default 0.1)', 'samplingRate', { inputmode: 'decimal' }),
    input('model-confidence', 'Check below confidence (0–1, default 0.5)', 'minConfidence', { inputmode: 'decimal' }),
    h('button', { type: 'submit', class: 'primary' }, 'Register'),
  );
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Models'), h('button', { type: 'button', onclick: load }, 'Refresh')),
    h('h2', { id: 'registered-title' }, 'Registered models'),
    h('p', { class: 'muted' }, 'A class group with a registered model has its tasks detected by it; a task keeps the model it started with.'),
    registeredArea,
    form,
    registerError,
    trainingSection,
    h('h2', { id: 'quality-title' }, 'Quality'),
    h('p', { class: 'muted' }, "Every operator's check of a model's result scores the model: these are the sums."),
    area,
    h('h2', { id: 'history-title' }, 'Quality over time'),
    historyForm,
    h('p', { class: 'muted' }, 'Each version of the model per UTC day or week (from Monday), by when the operators’ checks were scored. ',
      'A gap is a period in which no check scored the version.'),
    ratesChart.el,
    countsChart.el,
    historyArea,
  );
  api.me().then((me) => {
    trainer = mayTrain(me.roles ?? []);
    trainingSection.hidden = !trainer;
    loadRegistered();
  }, () => {});
  load();

  function load() {
    loadRegistered();
    loadQuality();
  }

  /** Starts a training run of the form's class group, then shows its runs (and watches while one runs). */
  async function train(classGroupKey = trainForm.elements.classGroupKey.value.trim()) {
    if (!classGroupKey) return;
    trainForm.elements.classGroupKey.value = classGroupKey;
    try {
      await api.train(classGroupKey, { override: trainForm.elements.override.checked });
      mount(trainStatus, h('p', { class: 'notice small' }, `Training of ${classGroupKey} started.`));
    } catch (err) {
      mount(trainStatus, errorBox(err, err.status === 409
        ? `A training run of ${classGroupKey} is in progress: wait for its outcome below.`
        : `Training of ${classGroupKey} did not start.`));
    }
    showRuns(classGroupKey);
  }

  async function showRuns(classGroupKey) {
    clearTimeout(runsTimer);
    if (!classGroupKey) return;
    runsArea.setAttribute('aria-busy', 'true');
    try {
      const runs = await api.trainingRuns(classGroupKey);
      const rows = trainingRunRows(runs).map((run) => ({ ...run, startedAt: time(run.startedAt), finishedAt: time(run.finishedAt) }));
      mount(runsArea, rows.length
        ? dataTable(RUN_COLUMNS, rows, { caption: `${classGroupKey}: ${plural(rows.length, 'training run')}`, labelledBy: 'training-title' })
        : h('p', { class: 'empty' }, `${classGroupKey} has not been trained yet.`));
      if (anyRunning(runs)) runsTimer = setTimeout(() => showRuns(classGroupKey), RUNNING_POLL_MS);
    } catch (e) {
      mount(runsArea, errorBox(e, `Could not list the training runs of ${classGroupKey}.`));
    } finally {
      runsArea.setAttribute('aria-busy', 'false');
    }
  }

  async function loadHistory() {
    const model = historyModel.value;
    if (!model) return;
    const interval = historyInterval.value;
    historyArea.setAttribute('aria-busy', 'true');
    try {
      const { rates, counts, rows } = qualityHistory(await api.modelQualityHistory(model, { interval, since: daysBefore(HISTORY_DAYS[interval]) }));
      const per = interval === 'week' ? 'per week' : 'per day';
      ratesChart.draw({ series: rates, type: 'line', percent: true, summary: chartSummary(`${model}: precision, recall and reading accuracy ${per}`, rates) });
      countsChart.draw({ series: counts, type: 'bar', stacked: true, integer: true, x: 'time', yName: 'objects',
        summary: chartSummary(`${model}: true positives, false positives and false negatives ${per}`, counts) });
      mount(historyArea, rows.length
        ? dataTable(HISTORY_COLUMNS, rows, { caption: `${model} ${per}`, labelledBy: 'history-title' })
        : h('p', { class: 'empty' }, `No check scored ${model} in this time.`));
    } catch (e) {
      mount(historyArea, errorBox(e, 'Could not load the model’s quality over time.'));
    } finally {
      historyArea.setAttribute('aria-busy', 'false');
    }
  }

  async function loadRegistered() {
    registeredArea.setAttribute('aria-busy', 'true');
    try {
      const models = await api.models();
      const rows = models.map((model) => ({
        ...model,
        samplingRate: String(model.samplingRate),
        minConfidence: String(model.minConfidence),
        registeredAt: time(model.registeredAt),
        actions: h('div', { class: 'row-actions' },
          trainer ? h('button', { type: 'button', class: 'small', 'aria-label': `Train the classifier of ${model.classGroupKey}`, onclick: () => train(model.classGroupKey) }, 'Train') : null,
          h('button', { type: 'button', class: 'small danger', 'aria-label': `Take off the model of ${model.classGroupKey}`, onclick: () => unregister(model.classGroupKey) }, 'Take off')),
      }));
      mount(trainGroups, [...new Set(models.map((model) => model.classGroupKey))].map((key) => h('option', { value: key })));
      mount(registeredArea, rows.length
        ? dataTable(REGISTERED_COLUMNS, rows, { caption: plural(rows.length, 'class group'), labelledBy: 'registered-title' })
        : h('p', { class: 'empty' }, 'No model is registered: every task goes to the operators.'));
    } catch (e) {
      mount(registeredArea, errorBox(e, 'Could not list the registered models.'));
    } finally {
      registeredArea.setAttribute('aria-busy', 'false');
    }
  }

  async function register(e) {
    e.preventDefault();
    const data = new FormData(form);
    const optional = (name) => (String(data.get(name)).trim() === '' ? undefined : fraction(data.get(name)));
    const samplingRate = optional('samplingRate');
    const minConfidence = optional('minConfidence');
    if (samplingRate === null || minConfidence === null) {
      mount(registerError, errorBox({ message: 'The share sampled and the confidence are numbers from 0 to 1' }, 'The model was not registered.'));
      return;
    }
    registerError.replaceChildren();
    try {
      await api.registerModel(data.get('classGroupKey').trim(), {
        modelName: data.get('modelName').trim(),
        modelVersion: data.get('modelVersion').trim(),
        samplingRate,
        minConfidence,
      });
      form.reset();
      loadRegistered();
    } catch (err) {
      mount(registerError, errorBox(err, 'The model was not registered.'));
    }
  }

  async function unregister(classGroupKey) {
    if (!confirm(`Take the model of ${classGroupKey} off? Its new tasks go to the operators.`)) return;
    try {
      await api.unregisterModel(classGroupKey);
    } catch (err) {
      mount(registerError, errorBox(err, 'The model was not taken off.'));
    }
    loadRegistered();
  }

  async function loadQuality() {
    area.setAttribute('aria-busy', 'true');
    try {
      const reports = await api.modelQuality();
      const rows = qualityRows(reports).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])));
      mount(area, rows.length
        ? dataTable(COLUMNS, rows, { caption: plural(rows.length, 'model version'), labelledBy: 'quality-title' })
        : h('p', { class: 'empty' }, 'No operator has checked a model result yet.'));
      const chosen = historyModel.value;
      mount(historyModel, reports.map((report) => h('option', { value: report.model, selected: report.model === chosen }, report.model)));
      ratesChart.el.hidden = countsChart.el.hidden = !reports.length;
      if (reports.length) loadHistory();
      else mount(historyArea, h('p', { class: 'empty' }, 'No operator has checked a model result yet.'));
    } catch (e) {
      mount(area, errorBox(e, 'Could not load the models’ quality.'));
      historyArea.replaceChildren();
    } finally {
      area.setAttribute('aria-busy', 'false');
    }
  }

  return () => {
    clearTimeout(runsTimer);
    ratesChart.dispose();
    countsChart.dispose();
  };
}
