// #/users — admins: the people of the local user store with their roles (make one, change roles, disable, reset a
// password: a generated one is shown once), and the operators' teams (what work they see, who is in them).
import { api } from '../api.js';
import { parseList, STAFF_ROLES } from '../admin.js';
import { dataTable, errorBox, h, mount, plural, scrollRegion } from '../dom.js';
import { flash } from '../shell.js';

const USER_COLUMNS = [['User', 'username'], ['Roles', 'roles'], ['State', 'state'], ['', 'actions']];
const TEAM_COLUMNS = [['Team', 'name'], ['Task types', 'taskTypes'], ['Class groups', 'classGroups'], ['Members', 'members'], ['', 'actions']];

export function usersView(root) {
  document.title = 'Users — Loupe';
  const revealed = h('div');
  const userError = h('div');
  const teamError = h('div');
  const usersArea = scrollRegion('Users', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const teamsArea = scrollRegion('Teams', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const roleBoxes = (prefix, checked = []) =>
    h('fieldset', { class: 'roles' }, h('legend', {}, 'Roles'), STAFF_ROLES.map((role) =>
      h('label', { class: 'checkbox', for: `${prefix}-${role}` }, h('input', { id: `${prefix}-${role}`, type: 'checkbox', name: 'role', value: role, checked: checked.includes(role) }), ` ${role}`)));
  const userForm = h(
    'form',
    { class: 'filters', 'aria-label': 'Make a user', onsubmit: createUser },
    h('div', { class: 'filter-field' }, h('label', { for: 'user-name' }, 'Username'), h('input', { id: 'user-name', name: 'username', required: true, maxlength: '100', spellcheck: 'false', autocomplete: 'off' })),
    h('div', { class: 'filter-field' }, h('label', { for: 'user-password' }, 'Password (generated when empty)'), h('input', { id: 'user-password', name: 'password', type: 'password', autocomplete: 'new-password' })),
    roleBoxes('new-role'),
    h('button', { type: 'submit', class: 'primary' }, 'Make user'),
  );
  const field = (id, label, name) => h('div', { class: 'filter-field' }, h('label', { for: id }, label), h('input', { id, name, spellcheck: 'false' }));
  const teamForm = h(
    'form',
    { class: 'filters', 'aria-label': 'Set a team', onsubmit: putTeam },
    h('div', { class: 'filter-field' }, h('label', { for: 'team-name' }, 'Team'), h('input', { id: 'team-name', name: 'name', required: true, spellcheck: 'false' })),
    field('team-types', 'Task types (comma-separated)', 'taskTypes'),
    field('team-class-groups', 'Class groups (comma-separated)', 'classGroups'),
    field('team-members', 'Members (comma-separated)', 'members'),
    h('button', { type: 'submit', class: 'primary' }, 'Set team'),
  );
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Users and teams'), h('button', { type: 'button', onclick: () => load() }, 'Refresh')),
    h('h2', {}, 'Make a user'),
    userForm,
    userError,
    revealed,
    h('h2', { id: 'users-title' }, 'Users'),
    usersArea,
    h('h2', { id: 'teams-title' }, 'Teams'),
    h('p', { class: 'muted' }, 'An operator sees the waiting tasks of their teams: of the task types a team names, of the class groups it names, or of both when it names both; a team naming neither sees nothing.'),
    teamForm,
    teamError,
    teamsArea,
  );
  load();

  function load() {
    loadUsers();
    loadTeams();
  }

  function showPassword(credentials) {
    if (!credentials.password) return;
    mount(revealed, h('div', { class: 'notice', role: 'status' }, `Password of ${credentials.user.username}, shown this once: `, h('span', { class: 'mono' }, credentials.password)));
  }

  async function createUser(e) {
    e.preventDefault();
    const data = new FormData(userForm);
    userError.replaceChildren();
    try {
      const credentials = await api.createUser({ username: data.get('username').trim(), password: data.get('password') || null, roles: data.getAll('role') });
      showPassword(credentials);
      flash(`Made ${credentials.user.username}.`, 'success');
      userForm.reset();
      loadUsers();
    } catch (err) {
      mount(userError, errorBox(err, 'The user was not made.'));
    }
  }

  async function act(call, done) {
    try {
      const answer = await call();
      if (answer?.password) showPassword(answer);
      flash(done, 'success');
    } catch (err) {
      flash(`${err.problem?.title ?? err.message}: ${err.problem?.detail ?? ''}`, 'error');
    }
    loadUsers();
  }

  function editRoles(user) {
    const form = h('form', { class: 'inline-form', 'aria-label': `Roles of ${user.username}` },
      roleBoxes(`roles-${user.username}`, user.roles),
      h('button', { type: 'submit', class: 'small' }, 'Save roles'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      act(() => api.setRoles(user.username, new FormData(form).getAll('role')), `Roles of ${user.username} saved.`);
    });
    return form;
  }

  async function loadUsers() {
    usersArea.setAttribute('aria-busy', 'true');
    try {
      const rows = (await api.users()).map((user) => ({
        username: h('span', { class: 'mono' }, user.username),
        roles: editRoles({ ...user, roles: [...user.roles] }),
        state: user.enabled ? 'enabled' : 'disabled',
        actions: h('span', { class: 'actions' },
          h('button', { type: 'button', class: 'small', 'aria-label': `${user.enabled ? 'Disable' : 'Enable'} ${user.username}`, onclick: () => act(() => api.setEnabled(user.username, !user.enabled), `${user.username} ${user.enabled ? 'disabled' : 'enabled'}.`) }, user.enabled ? 'Disable' : 'Enable'),
          h('button', { type: 'button', class: 'small', 'aria-label': `New password for ${user.username}`, onclick: () => confirm(`Give ${user.username} a new generated password?`) && act(() => api.resetPassword(user.username), `New password for ${user.username}.`) }, 'New password')),
      }));
      mount(usersArea, dataTable(USER_COLUMNS, rows, { caption: plural(rows.length, 'user'), labelledBy: 'users-title' }));
    } catch (err) {
      mount(usersArea, errorBox(err, 'Could not list the users.'));
    } finally {
      usersArea.setAttribute('aria-busy', 'false');
    }
  }

  async function putTeam(e) {
    e.preventDefault();
    const data = new FormData(teamForm);
    teamError.replaceChildren();
    try {
      const team = await api.putTeam(data.get('name').trim(), {
        taskTypes: parseList(data.get('taskTypes')),
        classGroups: parseList(data.get('classGroups')),
        members: parseList(data.get('members')),
      });
      flash(`Team ${team.name} set: ${plural(team.members.length, 'member')}.`, 'success');
      teamForm.reset();
      loadTeams();
    } catch (err) {
      mount(teamError, errorBox(err, 'The team was not set.'));
    }
  }

  async function loadTeams() {
    teamsArea.setAttribute('aria-busy', 'true');
    try {
      const rows = (await api.teams()).map((team) => ({
        name: team.name,
        taskTypes: team.taskTypes.join(', ') || '—',
        classGroups: team.classGroups.join(', ') || '—',
        members: team.members.join(', ') || 'none',
        actions: h('button', {
          type: 'button',
          class: 'small danger',
          'aria-label': `Remove team ${team.name}`,
          onclick: async () => {
            if (!confirm(`Remove team ${team.name}? Its members no longer see its work.`)) return;
            try {
              await api.removeTeam(team.name);
            } catch (err) {
              mount(teamError, errorBox(err, 'The team was not removed.'));
            }
            loadTeams();
          },
        }, 'Remove'),
      }));
      mount(teamsArea, rows.length ? dataTable(TEAM_COLUMNS, rows, { caption: plural(rows.length, 'team'), labelledBy: 'teams-title' }) : h('p', { class: 'empty' }, 'No team yet: operators see no work.'));
    } catch (err) {
      mount(teamsArea, errorBox(err, 'Could not list the teams.'));
    } finally {
      teamsArea.setAttribute('aria-busy', 'false');
    }
  }
}
