// #/read-side — ops: each read model's index, lag, dead letters and quarantine, a rebuild; how far behind each read
// model was while the page was open, as a chart; the dead letters, replayed or discarded one by one or all at once.
import { api } from '../api.js';
import { chartBox } from '../chart.js';
import { addSample, chartSummary, lagSample, sampledSeries, sampleTable } from '../dashboards.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion, time } from '../dom.js';
import { deadLetterRow, readModelRow } from '../ops.js';
import { flash } from '../shell.js';

const REFRESH_MS = 5000;
/** Ten minutes of samples, at most. */
const KEPT_SAMPLES = 120;
const MODEL_COLUMNS = [
  ['Read model', 'name'],
  ['Index', 'index'],
  ['Behind (events)', 'lagEvents', 'num'],
  ['Behind (time)', 'lagSeconds', 'num'],
  ['Dead letters waiting', 'deadLetters', 'num'],
  ['Quarantined streams', 'quarantined', 'num'],
  ['Last rebuild', 'rebuild'],
  ['', 'actions'],
];
const LETTER_COLUMNS = [
  ['Read model', 'readModel'],
  ['Where', 'where'],
  ['Stream', 'stream'],
  ['Version', 'version', 'num'],
  ['Type', 'type'],
  ['Why', 'exception'],
  ['State', 'state'],
  ['', 'actions'],
];

export function readSideView(root) {
  document.title = 'Read side — Loupe';
  let showResolved = false;
  let samples = [];
  const lagChart = chartBox('Events behind over time');
  const lagArea = scrollRegion('Lag samples of this page', {});
  const modelsArea = scrollRegion('Read models', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const lettersArea = scrollRegion('Dead letters', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const resolvedToggle = h('input', {
    id: 'show-resolved',
    type: 'checkbox',
    onchange: (e) => {
      showResolved = e.target.checked;
      loadLetters();
    },
  });
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Read side'), h('button', { type: 'button', onclick: () => load() }, 'Refresh')),
    h('p', { class: 'muted' }, 'Each read model is an Elasticsearch index behind an alias, fed from the journal through Kafka. ',
      'A rebuild folds the journal into a new index and swaps the alias; queries go on meanwhile.'),
    h('h2', { id: 'models-title' }, 'Read models'),
    modelsArea,
    h('h2', { id: 'lag-title' }, 'Events behind, since this page was opened'),
    h('p', { class: 'muted' }, 'Each refresh of the table above is a sample; the server keeps none (a Prometheus scraping loupe_read_models_lag_events does), so leaving the page forgets them.'),
    lagChart.el,
    h('details', {}, h('summary', {}, 'The samples as a table'), lagArea),
    h(
      'div',
      { class: 'page-head' },
      h('h2', { id: 'letters-title' }, 'Dead letters'),
      h('div', { class: 'toolbar' }, h('label', { for: 'show-resolved' }, resolvedToggle, ' show replayed and discarded too'),
        h('button', { type: 'button', onclick: replayAll }, 'Replay all waiting')),
    ),
    lettersArea,
  );
  let disposed = false;
  let timer = null;
  load();

  function load() {
    loadModels();
    loadLetters();
  }

  // The read models' state takes a while to ask (Kafka's offsets): the next refresh is planned once this one has
  // answered, so slow answers never pile up; a keyboard user's focus is never re-rendered away.
  function refreshLater() {
    clearTimeout(timer);
    if (!disposed) {
      timer = setTimeout(() => {
        if (document.hidden || modelsArea.contains(document.activeElement)) refreshLater();
        else loadModels();
      }, REFRESH_MS);
    }
  }

  async function loadModels() {
    clearTimeout(timer);
    try {
      const states = await api.readModels();
      samples = addSample(samples, lagSample(states, new Date().toISOString()), KEPT_SAMPLES);
      drawLag();
      const rows = states.map((state) => ({
        ...readModelRow(state),
        actions: h('button', { type: 'button', class: 'small', 'aria-label': `Rebuild ${state.name}`, onclick: () => rebuild(state.name) }, 'Rebuild'),
      }));
      mount(modelsArea, dataTable(MODEL_COLUMNS, rows, { caption: plural(rows.length, 'read model'), labelledBy: 'models-title' }));
    } catch (e) {
      mount(modelsArea, errorBox(e, 'Could not read the read models’ state.'));
    } finally {
      modelsArea.setAttribute('aria-busy', 'false');
      refreshLater();
    }
  }

  function drawLag() {
    const behind = sampledSeries(samples, 'behind');
    lagChart.draw({ series: behind, integer: true, yName: 'events behind', summary: chartSummary('Events each read model was behind the journal, as sampled by this page', behind) });
    const { columns, rows } = sampleTable(samples, ['behind']);
    mount(lagArea, dataTable(columns, rows.map((row) => ({ ...row, at: time(row.at) })), { caption: 'events behind', labelledBy: 'lag-title' }));
  }

  async function loadLetters() {
    try {
      const letters = await api.deadLetters({ all: showResolved });
      if (!letters.length) {
        mount(lettersArea, h('p', { class: 'empty' }, showResolved ? 'No dead letters, ever.' : 'No dead letter waits.'));
        return;
      }
      const rows = letters.map((letter) => {
        const row = deadLetterRow(letter);
        return {
          ...row,
          actions: row.waiting
            ? h('span', { class: 'actions' },
                h('button', { type: 'button', class: 'small', 'aria-label': `Replay ${row.id}`, onclick: () => act(() => api.replayDeadLetter(row.id), 'Replayed') }, 'Replay'),
                h('button', { type: 'button', class: 'small danger', 'aria-label': `Discard ${row.id}`, onclick: () => discard(row.id) }, 'Discard'))
            : '',
        };
      });
      mount(lettersArea, dataTable(LETTER_COLUMNS, rows, { caption: plural(rows.length, 'dead letter'), labelledBy: 'letters-title' }));
    } catch (e) {
      mount(lettersArea, errorBox(e, 'Could not list the dead letters.'));
    } finally {
      lettersArea.setAttribute('aria-busy', 'false');
    }
  }

  async function act(call, done) {
    try {
      await call();
      flash(`${done}.`, 'success');
    } catch (e) {
      flash(`${e.problem?.title ?? e.message}: ${e.problem?.detail ?? ''}`, 'error');
    }
    load();
  }

  function rebuild(name) {
    if (!confirm(`Rebuild ${name} from the journal into a new index? Queries go on meanwhile.`)) return;
    act(() => api.rebuild(name), `Rebuilding ${name}`);
  }

  function discard(letterId) {
    const reason = prompt('Why discard it? (kept with the dead letter)');
    if (reason === null) return;
    act(() => api.discardDeadLetter(letterId, reason), 'Discarded');
  }

  function replayAll() {
    act(() => api.replayAllDeadLetters(), 'Replayed the waiting dead letters');
  }

  return () => {
    disposed = true;
    clearTimeout(timer);
    lagChart.dispose();
  };
}
