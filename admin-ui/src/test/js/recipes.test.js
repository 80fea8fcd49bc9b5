// The recipes screen's and the task page's diagram logic: versions grouped, badges, refusal reasons, a run's markers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activityBadges, problemsByElement, recipeFileName, recipeGroups, runLabel, runMarkers, versionLabel } from '../../main/resources/META-INF/resources/js/recipes.js';

const v = (processId, version, deploymentId) => ({ processId, version, deploymentId });

test('versions are grouped by process id in the order the API lists them', () => {
  const groups = recipeGroups([v('a', 2, 5), v('a', 1, 1), v('b', 1, 2)]);
  assert.deepEqual(groups.map((g) => [g.processId, g.versions.map((x) => x.version)]), [['a', [2, 1]], ['b', [1]]]);
});

test('a version number the engine gave twice says which deployment it is', () => {
  const all = [v('a', 1, 7), v('a', 1, 3), v('b', 1, 4)];
  assert.equal(versionLabel(all[0], all), 'a v1 (deployment 7)');
  assert.equal(versionLabel(all[2], all), 'b v1');
});

test('badges list only elements with tasks or incidents, sorted, in words', () => {
  const badges = activityBadges({ elements: { Z: { active: 0, incidents: 1 }, A: { active: 3, incidents: 0 }, N: { active: 0, incidents: 0 } } });
  assert.deepEqual(badges.map((b) => [b.elementId, b.words]), [['A', '3 active'], ['Z', '1 incident']]);
});

test('refusal reasons split into those at an element and those about the file', () => {
  const { byElement, general } = problemsByElement({
    errors: [
      { field: 'bpmn', elementId: 'DetectTask', message: 'no worker' },
      { field: 'bpmn', elementId: 'DetectTask', message: 'no job type' },
      { field: 'bpmn', message: 'two processes' },
    ],
  });
  assert.deepEqual([...byElement], [['DetectTask', ['no worker', 'no job type']]]);
  assert.deepEqual(general, ['two processes']);
});

test('a refusal without errors keeps its detail', () => {
  assert.deepEqual(problemsByElement({ detail: 'not a valid BPMN 2.0 file' }).general, ['not a valid BPMN 2.0 file']);
});

test('a file name becomes one the API takes', () => {
  assert.equal(recipeFileName('my recipe (2).bpmn'), 'my-recipe-2.bpmn');
  assert.equal(recipeFileName('product-detection.BPMN'), 'product-detection.bpmn');
  assert.equal(recipeFileName('???'), 'recipe.bpmn');
});

test('a run marks its path, where it is, and its open incident above both', () => {
  const markers = runMarkers({ elements: ['Start', 'Detect', 'Report'], at: 'Report', incident: 'Report' });
  assert.deepEqual([...markers], [['Start', 'recipe-path'], ['Detect', 'recipe-path'], ['Report', 'recipe-incident']]);
  assert.equal(runMarkers({ elements: ['Start', 'Wait'], at: 'Wait' }).get('Wait'), 'recipe-current');
});

test('a run reads as its process, version, start and first element', () => {
  assert.equal(runLabel({ processId: 'a', version: 2, startedAt: 'T', elements: ['Start'] }), 'a v2, started T at Start');
});
