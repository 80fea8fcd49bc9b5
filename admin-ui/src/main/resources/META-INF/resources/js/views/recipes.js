// #/recipes — designers and ops: every recipe version deployed, drawn by bpmn-js with the tasks waiting at each
// element and its open incidents (from the journal, as Operate's heatmap), and a new version deployed from a file,
// whose reasons for a refusal are marked on its diagram and listed.
import { api } from '../api.js';
import { createDiagram } from '../diagram.js';
import { dataTable, errorBox, h, mount, plural, time } from '../dom.js';
import { activityBadges, problemsByElement, recipeFileName, recipeGroups, versionLabel } from '../recipes.js';
import { flash } from '../shell.js';

const BADGE_COLUMNS = [
  ['Element', 'element'],
  ['Active tasks', 'active', 'num'],
  ['Open incidents', 'incidents', 'num'],
];

export function recipesView(root, { query }) {
  document.title = 'Recipes — Loupe';
  let versions = [];
  const picker = h('select', { id: 'recipe-version', onchange: () => showVersion(Number(picker.value)) });
  const versionArea = h('div', { class: 'recipe-version' });
  const diagramArea = h('div');
  const diagram = createDiagram(diagramArea, 'Diagram of the selected recipe version');
  const activityArea = h('div');
  const fileInput = h('input', { id: 'recipe-file', name: 'file', type: 'file', accept: '.bpmn,application/xml,text/xml', required: true });
  const deployForm = h(
    'form',
    { class: 'filters', 'aria-labelledby': 'deploy-title', onsubmit: deploy },
    h('div', { class: 'filter-field' }, h('label', { for: 'recipe-file' }, 'BPMN file'), fileInput),
    h('button', { type: 'submit', class: 'primary' }, 'Validate and deploy'),
  );
  const deployResult = h('div', { id: 'deploy-result' });
  const refusedArea = h('div');
  const refusedDiagram = createDiagram(refusedArea, 'Diagram of the refused recipe');
  refusedArea.hidden = true;

  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Recipes'), h('button', { type: 'button', onclick: () => load() }, 'Refresh')),
    h('p', { class: 'muted' }, 'Every version of every recipe deployed, as it was deployed. A badge on an element counts the tasks ',
      'whose run waits there and the open incidents of its jobs, read from the tasks\' journals.'),
    h('div', { class: 'filters' }, h('div', { class: 'filter-field' }, h('label', { for: 'recipe-version' }, 'Version'), picker)),
    versionArea,
    diagramArea,
    h('h2', { id: 'activity-title' }, 'Tasks and incidents per element'),
    activityArea,
    h('h2', { id: 'deploy-title' }, 'Deploy a new version'),
    h('p', { class: 'muted' }, 'The file is checked first: a process id Loupe knows, job types its workers serve, forms it has, and ',
      'what Zeebe itself refuses. New tasks take the new version at once; running tasks finish on theirs.'),
    deployForm,
    deployResult,
    refusedArea,
  );
  load(query.get('deployment') ? Number(query.get('deployment')) : null);
  return () => {
    diagram.destroy();
    refusedDiagram.destroy();
  };

  async function load(select = null) {
    try {
      versions = await api.recipes();
    } catch (err) {
      mount(versionArea, errorBox(err, 'Could not list the recipes.'));
      return;
    }
    picker.replaceChildren(
      ...recipeGroups(versions).map(({ processId, versions: list }) =>
        h('optgroup', { label: processId }, list.map((v) => h('option', { value: String(v.deploymentId) }, versionLabel(v, versions))))),
    );
    if (!versions.length) {
      mount(versionArea, h('p', { class: 'empty' }, 'No recipe is deployed yet.'));
      return;
    }
    const chosen = versions.find((v) => v.deploymentId === select) ?? versions.find((v) => v.deploymentId === Number(picker.value)) ?? versions[0];
    picker.value = String(chosen.deploymentId);
    showVersion(chosen.deploymentId);
  }

  async function showVersion(deploymentId) {
    const version = versions.find((v) => v.deploymentId === deploymentId);
    if (!version) return;
    mount(
      versionArea,
      h('dl', { class: 'summary' },
        item('Process', version.processId),
        item('Version', String(version.version)),
        item('Deployed', time(version.deployedAt)),
        item('By', version.deployedBy),
        item('File', version.resourceName),
        item('Definition key', String(version.processDefinitionKey))),
    );
    mount(activityArea, h('p', { class: 'muted', 'aria-busy': 'true' }, 'Loading…'));
    const [xml, activity] = await Promise.allSettled([
      api.recipeBpmn(deploymentId),
      api.recipeActivity(version.processId, version.version),
    ]);
    if (xml.status === 'rejected') {
      mount(activityArea, errorBox(xml.reason, 'Could not load the diagram.'));
      return;
    }
    try {
      diagram.clear();
      await diagram.show(xml.value);
    } catch (err) {
      mount(activityArea, errorBox(err, 'The diagram could not be drawn.'));
      return;
    }
    if (activity.status === 'rejected') {
      mount(activityArea, errorBox(activity.reason, 'Could not count the tasks at each element.'));
      return;
    }
    const badges = activityBadges(activity.value);
    for (const badge of badges) {
      diagram.badge(badge.elementId, h('span', { class: 'element-badges', 'aria-hidden': 'true' },
        badge.active ? h('span', { class: 'element-badge active', title: `${badge.active} active` }, String(badge.active)) : null,
        badge.incidents ? h('span', { class: 'element-badge incident', title: `${badge.incidents} open incidents` }, String(badge.incidents)) : null));
    }
    mount(
      activityArea,
      badges.length
        ? dataTable(BADGE_COLUMNS, badges.map((b) => ({
            element: h('span', {}, diagram.nameOf(b.elementId), ' ', h('code', { class: 'small' }, b.elementId)),
            active: String(b.active),
            incidents: String(b.incidents),
          })), { caption: plural(badges.length, 'element') + ' with tasks or incidents', labelledBy: 'activity-title' })
        : h('p', { class: 'empty' }, 'No task waits in this version and it has no open incident.'),
    );
  }

  async function deploy(e) {
    e.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) return;
    const xml = await file.text();
    deployResult.replaceChildren();
    refusedArea.hidden = true;
    try {
      const deployed = await api.deployRecipe(recipeFileName(file.name), xml);
      flash(`Deployed ${deployed.processId} version ${deployed.version}.`, 'success');
      deployForm.reset();
      const kept = (await api.recipes()).find((v) => v.processId === deployed.processId && v.version === deployed.version);
      load(kept?.deploymentId ?? null);
    } catch (err) {
      showRefusal(err, xml);
    }
  }

  /** The reasons listed; those about an element also marked on the refused file's diagram, when it can be drawn. */
  async function showRefusal(err, xml) {
    const { byElement, general } = problemsByElement(err.problem);
    const list = h('ul', { class: 'field-errors', id: 'deploy-problems' },
      general.map((message) => h('li', {}, message)),
      [...byElement].map(([elementId, messages]) => messages.map((message) => h('li', {}, h('code', {}, elementId), ': ', message))));
    mount(deployResult, h('div', { class: 'alert alert-error', role: 'alert' },
      h('p', { class: 'alert-title' }, err.problem?.title ?? err.message, err.status ? ` (${err.status})` : ''),
      h('p', {}, byElement.size
        ? `${plural(byElement.size, 'element')} marked on the diagram below; the recipe was not deployed.`
        : 'The recipe was not deployed.'),
      list));
    if (!byElement.size) return;
    try {
      refusedArea.hidden = false;
      refusedDiagram.clear();
      await refusedDiagram.show(xml);
      refusedDiagram.mark(new Map([...byElement.keys()].map((elementId) => [elementId, 'recipe-problem'])));
      for (const [elementId, messages] of byElement) {
        refusedDiagram.badge(elementId, h('span', { class: 'element-badge incident', title: messages.join('\n'), 'aria-hidden': 'true' }, '!'));
      }
    } catch {
      refusedArea.hidden = true;
    }
  }

  function item(label, value) {
    return h('div', {}, h('dt', {}, label), h('dd', {}, value));
  }
}
