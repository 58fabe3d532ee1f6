// Who may do what: users, groups, global roles, role templates and bindings, and for one cluster or
// project every binding that reaches it (global administrators, the cluster's, the project's).
import { useState } from 'preact/hooks';
import { call, del, get, post, query, seg } from './api.js';
import {
  ConfirmDelete, ErrorBox, Loading, Modal, Pager, SortHeader, html, useLoad, usePager,
} from './ui.js';

const roleName = (roles, name) => {
  const role = roles.find((r) => r.name === name);
  return role ? role.displayName : name;
};
const subjectText = (s) => `${s.kind === 'GROUP' ? 'group' : 'user'} ${s.name}`;
const scopeText = (s) => (s.project ? `project ${s.cluster}/${s.project}` : s.cluster ? `cluster ${s.cluster}` : 'global');

const all = (list, word) => (list.includes('*') ? `all ${word}` : list.join(', '));

/** Rules in words: "get, list nodes, namespaces (core)"; wildcards as "all verbs on all resources". */
function rulesText(rules) {
  return (rules || []).map((r) => {
    const groups = r.apiGroups || [];
    const group = groups.includes('*') ? 'in all API groups' : groups.map((g) => (g === '' ? 'core' : g)).join(', ');
    return `${all(r.verbs, 'verbs')} on ${all(r.resources, 'resources')} (${group})`;
  }).join('; ');
}

export function UsersPage({ me }) {
  const [sort, setSort] = useState('name');
  const [prefix, setPrefix] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState(null);
  const [error, setError] = useState(null);
  const pager = usePager((page) => get(`/v1/users${query({ ...page, sort, prefix })}`), [sort, prefix]);
  const setEnabled = async (user, enabled) => {
    try {
      await call('PATCH', `/v1/users/${seg(user.name)}`, { enabled });
      pager.reload();
    } catch (err) {
      setError(err);
    }
  };
  return html`<section data-test="users">
    <div class="toolbar"><h1>Users</h1>
      <input type="search" placeholder="Name starts with…" data-test="user-filter" onInput=${(e) => setPrefix(e.target.value.trim())} />
      ${me.admin && html`<button type="button" class="primary" data-test="create-user" onClick=${() => setCreating(true)}>Create local user</button>`}
    </div>
    <${ErrorBox} error=${pager.error || error} />
    <table class="list"><thead><tr><${SortHeader} field="name" sort=${sort} setSort=${setSort}>Name<//><th>Display name</th>
      <th>Provider</th><th>Groups</th><th>Enabled</th><th>Last login</th><th></th></tr></thead>
      <tbody>${pager.items.map((u) => html`<tr data-test="user-row" data-name=${u.name}>
        <td>${u.name}</td><td>${u.displayName}</td><td>${u.provider}</td><td>${(u.groups || []).join(', ')}</td>
        <td>${u.enabled ? 'yes' : 'no'}</td><td>${u.lastLogin ? new Date(u.lastLogin).toLocaleString() : 'never'}</td>
        <td class="row-actions">${me.admin && u.name !== me.user && html`
          <button type="button" onClick=${() => setEnabled(u, !u.enabled)}>${u.enabled ? 'Disable' : 'Enable'}</button>
          <button type="button" class="danger" onClick=${() => setDeleting(u.name)}>Delete</button>`}</td>
      </tr>`)}</tbody></table>
    <${Pager} pager=${pager} label="users" />
    ${creating && html`<${CreateUser} onClose=${() => { setCreating(false); pager.reload(); }} />`}
    ${deleting && html`<${ConfirmDelete} what="user" name=${deleting} onClose=${() => setDeleting(null)}
      onConfirm=${async () => { await del(`/v1/users/${seg(deleting)}`); pager.reload(); }} />`}
  </section>`;
}

function CreateUser({ onClose }) {
  const roles = useLoad(() => get('/v1/globalroles'), []);
  const [form, setForm] = useState({ username: '', displayName: '', password: '', globalRole: 'user' });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    try {
      await post('/v1/users', { ...form, displayName: form.displayName || undefined });
      onClose();
    } catch (err) {
      setError(err);
    }
  };
  return html`<${Modal} title="Create a local user" onClose=${onClose}>
    <form onSubmit=${submit} data-test="create-user-form">
      <div class="field"><label for="user-name">User name *</label><input id="user-name" required value=${form.username} onInput=${set('username')} /></div>
      <div class="field"><label for="user-display">Display name</label><input id="user-display" value=${form.displayName} onInput=${set('displayName')} /></div>
      <div class="field"><label for="user-password">Password *</label><input id="user-password" type="password" autocomplete="new-password"
        required value=${form.password} onInput=${set('password')} /></div>
      <div class="field"><label for="user-role">Global role</label><select id="user-role" value=${form.globalRole} onChange=${set('globalRole')}>
        ${((roles.data && roles.data.items) || [{ name: 'user', displayName: 'Standard user' }]).map((r) => html`<option value=${r.name}>${r.displayName}</option>`)}
      </select></div>
      <${ErrorBox} error=${error} />
      <div class="actions"><button type="button" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-test="submit-user">Create</button></div>
    </form>
  <//>`;
}

export function GroupsPage() {
  const groups = useLoad(() => get('/v1/groups'), []);
  return html`<section data-test="groups"><h1>Groups</h1>
    <${ErrorBox} error=${groups.error} />
    ${!groups.data && !groups.error && html`<${Loading} what="groups" />`}
    ${groups.data && html`<table class="list"><thead><tr><th>Group</th><th>Provider</th><th>Members</th><th>Bound</th></tr></thead>
      <tbody>${groups.data.items.map((g) => html`<tr><td>${g.name}</td><td>${g.provider}</td><td>${g.members}</td>
        <td>${g.bound ? 'yes' : 'no'}</td></tr>`)}</tbody></table>`}
  </section>`;
}

export function RolesPage({ me }) {
  const roles = useLoad(() => Promise.all([get('/v1/globalroles'), get('/v1/roletemplates')]), []);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState(null);
  if (roles.error) {
    return html`<${ErrorBox} error=${roles.error} />`;
  }
  if (!roles.data) {
    return html`<${Loading} what="roles" />`;
  }
  const [globalRoles, templates] = roles.data;
  return html`<section data-test="roles">
    <h1>Global roles</h1>
    <table class="list"><thead><tr><th>Name</th><th>Description</th><th>Rules</th></tr></thead>
      <tbody>${globalRoles.items.map((r) => html`<tr><td>${r.displayName} <small class="muted">${r.name}</small></td>
        <td>${r.description}</td><td class="rules">${rulesText(r.rules)}</td></tr>`)}</tbody></table>
    <div class="toolbar"><h1>Role templates</h1>
      ${me.admin && html`<button type="button" class="primary" data-test="create-template" onClick=${() => setCreating(true)}>
        Create role template</button>`}</div>
    <table class="list"><thead><tr><th>Name</th><th>Context</th><th>Description</th><th>Rules</th><th>Inherits</th><th></th></tr></thead>
      <tbody>${templates.items.map((t) => html`<tr data-test="template-row" data-name=${t.name}>
        <td>${t.displayName} <small class="muted">${t.name}${t.builtin ? ', built in' : ''}</small></td><td>${t.context}</td>
        <td>${t.description}</td><td class="rules">${rulesText(t.rules)}</td><td>${(t.inherits || []).join(', ')}</td>
        <td class="row-actions">${!t.builtin && me.admin && html`<button type="button" class="danger"
          onClick=${() => setDeleting(t.name)}>Delete</button>`}</td></tr>`)}</tbody></table>
    ${creating && html`<${CreateTemplate} templates=${templates.items} onClose=${() => { setCreating(false); roles.reload(); }} />`}
    ${deleting && html`<${ConfirmDelete} what="role template" name=${deleting} onClose=${() => setDeleting(null)}
      onConfirm=${async () => { await del(`/v1/roletemplates/${seg(deleting)}`); roles.reload(); }} />`}
  </section>`;
}

const EXAMPLE_RULES = JSON.stringify([{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }], null, 2);

/** A custom role template: Kubernetes PolicyRules (as JSON) and the templates it inherits; the server checks escalation. */
function CreateTemplate({ templates, onClose }) {
  const [form, setForm] = useState({ name: '', displayName: '', description: '', context: 'PROJECT', rules: EXAMPLE_RULES });
  const [inherits, setInherits] = useState([]);
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    let rules;
    try {
      rules = JSON.parse(form.rules);
    } catch (err) {
      setError({ message: `rules: not valid JSON (${err.message})` });
      return;
    }
    try {
      await post('/v1/roletemplates', { name: form.name, displayName: form.displayName || undefined,
        description: form.description || undefined, context: form.context, rules, inherits });
      onClose();
    } catch (err) {
      setError(err);
    }
  };
  const toggle = (name) => setInherits(inherits.includes(name) ? inherits.filter((n) => n !== name) : [...inherits, name]);
  return html`<${Modal} title="Create a role template" onClose=${onClose}>
    <form onSubmit=${submit} data-test="create-template-form">
      <div class="field"><label for="template-name">Name *</label><input id="template-name" required value=${form.name} onInput=${set('name')} /></div>
      <div class="field"><label for="template-display">Display name</label><input id="template-display" value=${form.displayName}
        onInput=${set('displayName')} /></div>
      <div class="field"><label for="template-description">Description</label><input id="template-description" value=${form.description}
        onInput=${set('description')} /></div>
      <div class="field"><label for="template-context">Granted on</label><select id="template-context" value=${form.context}
        onChange=${(e) => { setForm({ ...form, context: e.target.value }); setInherits([]); }}>
        <option value="PROJECT">a project</option><option value="CLUSTER">a cluster</option></select></div>
      <div class="field"><label for="template-rules">Rules (Kubernetes PolicyRules, JSON) *</label>
        <textarea id="template-rules" rows="8" spellcheck="false" value=${form.rules} onInput=${set('rules')}></textarea>
        <small>The API group management.paddock.io governs Paddock's own resources; all others become RBAC in the cluster.</small></div>
      <fieldset><legend>Inherits</legend>${templates.filter((t) => t.context === form.context).map((t) => html`<label class="check">
        <input type="checkbox" checked=${inherits.includes(t.name)} onChange=${() => toggle(t.name)} /> ${t.displayName}</label>`)}</fieldset>
      <${ErrorBox} error=${error} />
      <div class="actions"><button type="button" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-test="submit-template">Create</button></div>
    </form>
  <//>`;
}

/** Bindings at one scope, with granting and removing. */
function BindingTable({ scope, roles, title, onChange = () => {} }) {
  const params = { cluster: scope.cluster, project: scope.project };
  const bindings = useLoad(() => get(`/v1/bindings${query(params)}`), [scope.cluster, scope.project]);
  const [error, setError] = useState(null);
  const [granting, setGranting] = useState(false);
  const remove = async (name) => {
    try {
      await del(`/v1/bindings/${seg(name)}`);
      bindings.reload();
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  return html`<div data-test="bindings">
    <div class="toolbar"><h2>${title}</h2>
      <button type="button" class="primary" data-test="grant" onClick=${() => setGranting(true)}>Grant a role</button></div>
    <${ErrorBox} error=${bindings.error || error} />
    ${bindings.data && html`<table class="list"><thead><tr><th>Who</th><th>Role</th><th>Granted by</th><th></th></tr></thead>
      <tbody>${bindings.data.items.map((b) => html`<tr data-test="binding-row" data-subject=${b.subject.name}>
        <td>${subjectText(b.subject)}</td><td>${roleName(roles, b.role)}</td><td>${b.createdBy}</td>
        <td class="row-actions"><button type="button" class="danger" onClick=${() => remove(b.name)}>Remove</button></td></tr>`)}</tbody>
    </table>`}
    ${granting && html`<${Grant} scope=${scope} roles=${roles} onClose=${() => { setGranting(false); bindings.reload(); onChange(); }} />`}
  </div>`;
}

function Grant({ scope, roles, onClose }) {
  const [kind, setKind] = useState('user');
  const [subject, setSubject] = useState('');
  const [role, setRole] = useState(roles[0] ? roles[0].name : '');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      await post('/v1/bindings', { cluster: scope.cluster, project: scope.project, role, [kind]: subject });
      onClose();
    } catch (err) {
      setError(err);
    }
  };
  return html`<${Modal} title=${`Grant a role: ${scopeText(scope)}`} onClose=${onClose}>
    <form onSubmit=${submit} data-test="grant-form">
      <div class="field"><label for="grant-kind">To a</label><select id="grant-kind" value=${kind} onChange=${(e) => setKind(e.target.value)}>
        <option value="user">user</option><option value="group">group</option></select></div>
      <div class="field"><label for="grant-subject">${kind === 'user' ? 'User name' : 'Group (provider:group)'} *</label>
        <input id="grant-subject" data-test="grant-subject" required value=${subject} onInput=${(e) => setSubject(e.target.value.trim())} /></div>
      <div class="field"><label for="grant-role">Role</label><select id="grant-role" data-test="grant-role" value=${role}
        onChange=${(e) => setRole(e.target.value)}>${roles.map((r) => html`<option value=${r.name}>${r.displayName}</option>`)}</select></div>
      <${ErrorBox} error=${error} />
      <div class="actions"><button type="button" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-test="submit-grant">Grant</button></div>
    </form>
  <//>`;
}

/** Everyone who can act at a scope, with the rules their roles give, from the global level down. */
function WhoCan({ scope }) {
  const levels = [{}];
  if (scope.cluster) levels.push({ cluster: scope.cluster });
  if (scope.project) levels.push({ cluster: scope.cluster, project: scope.project });
  const loaded = useLoad(() => Promise.all([
    ...levels.map((l) => get(`/v1/bindings${query(l)}`).then((r) => r.items, () => [])),
    get('/v1/globalroles').then((r) => r.items, () => []),
    get('/v1/roletemplates').then((r) => r.items, () => []),
  ]), [scope.cluster, scope.project]);
  if (!loaded.data) {
    return html`<${Loading} what="who can do what" />`;
  }
  const roles = [...loaded.data[levels.length], ...loaded.data[levels.length + 1]];
  const rows = levels.flatMap((_, i) => loaded.data[i])
    // global roles other than admin act only on Paddock's own resources, not on this cluster or project
    .filter((b) => b.scope.cluster || b.role === 'admin');
  return html`<div data-test="who-can" class="who-can"><h2>Who can do what here</h2>
    <p class="muted">Administrators, and the roles granted on ${scope.project ? 'the cluster and the project' : 'the cluster'
      } (a cluster role applies in all its projects).</p>
    <table class="list"><thead><tr><th>Who</th><th>Role</th><th>Granted at</th><th>What it allows</th></tr></thead>
      <tbody>${rows.map((b) => {
        const role = roles.find((r) => r.name === b.role);
        return html`<tr data-test="who-row" data-subject=${b.subject.name}><td>${subjectText(b.subject)}</td>
          <td>${role ? role.displayName : b.role}</td><td>${scopeText(b.scope)}</td><td class="rules">${role ? rulesText(role.rules) : ''}
          ${role && role.inherits && role.inherits.length ? ` + ${role.inherits.join(', ')}` : ''}</td></tr>`;
      })}</tbody></table></div>`;
}

function useTemplates(context) {
  const templates = useLoad(() => get('/v1/roletemplates'), []);
  return ((templates.data && templates.data.items) || []).filter((t) => t.context === context);
}

/** Members of a cluster or project, and below them everyone who can act there, redrawn when a grant changes. */
function Members({ scope, context, title }) {
  const roles = useTemplates(context);
  const [changes, setChanges] = useState(0);
  return html`<${BindingTable} scope=${scope} roles=${roles} title=${title} onChange=${() => setChanges(changes + 1)} />
    <${WhoCan} key=${changes} scope=${scope} />`;
}

export function ClusterMembers({ cluster }) {
  return html`<${Members} scope=${{ cluster }} context="CLUSTER" title="Cluster members" />`;
}

export function ProjectMembers({ cluster, project }) {
  return html`<${Members} scope=${{ cluster, project }} context="PROJECT" title="Project members" />`;
}

export function BindingsPage() {
  const globalRoles = useLoad(() => get('/v1/globalroles'), []);
  const [scope, setScope] = useState({ cluster: '', project: '' });
  const [draft, setDraft] = useState({ cluster: '', project: '' });
  const chosen = scope.cluster ? { cluster: scope.cluster, project: scope.project || undefined } : null;
  return html`<section data-test="bindings-page">
    <h1>Bindings</h1>
    <${BindingTable} scope=${{}} roles=${(globalRoles.data && globalRoles.data.items) || []} title="Global roles" />
    <form class="toolbar" onSubmit=${(e) => { e.preventDefault(); setScope(draft); }}>
      <input placeholder="Cluster" data-test="who-cluster" value=${draft.cluster} onInput=${(e) => setDraft({ ...draft, cluster: e.target.value.trim() })} />
      <input placeholder="Project (optional)" value=${draft.project} onInput=${(e) => setDraft({ ...draft, project: e.target.value.trim() })} />
      <button type="submit" data-test="who-show">Who can do what there</button>
    </form>
    ${chosen && html`<${WhoCan} key=${`${chosen.cluster}/${chosen.project}`} scope=${chosen} />`}
  </section>`;
}
