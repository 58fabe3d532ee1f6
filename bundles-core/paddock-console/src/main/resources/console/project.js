// One project: its namespaces, the workloads and pods in them (through the proxy) and its members.
import { useState } from 'preact/hooks';
import { del, get, put, seg } from './api.js';
import { ProjectMembers } from './access.js';
import { quotaText } from './cluster.js';
import { KINDS, KubeList, Workloads, podColumns } from './kube.js';
import { ErrorBox, Loading, Tabs, href, html, navigate, useLoad } from './ui.js';

export function ProjectPage({ me, cluster, project, params }) {
  const tab = params.get('tab') || 'workloads';
  const base = `/v1/clusters/${seg(cluster)}/projects/${seg(project)}`;
  const loaded = useLoad(() => Promise.all([get(base), get(`${base}/namespaces`)]), [base]);
  const [namespace, setNamespace] = useState(null);
  if (loaded.error) {
    return html`<${ErrorBox} error=${loaded.error} />`;
  }
  if (!loaded.data) {
    return html`<${Loading} what="the project" />`;
  }
  const [p, namespaceList] = loaded.data;
  const namespaces = namespaceList.items.map((n) => (typeof n === 'string' ? n : n.name));
  const current = namespace && namespaces.includes(namespace) ? namespace : namespaces[0];
  const select = (id) => navigate(`/clusters/${encodeURIComponent(cluster)}/projects/${encodeURIComponent(project)}?tab=${id}`);
  return html`<section data-test="project-page">
    <p class="crumbs"><a href=${href('clusters', cluster)}>${cluster}</a> / project</p>
    <div class="toolbar"><h1>${p.displayName}</h1></div>
    ${p.description && html`<p class="description">${p.description}</p>`}
    ${quotaText(p.quota) && html`<p class="muted">Quota per namespace: ${quotaText(p.quota)}</p>`}
    <${Tabs} active=${tab} onSelect=${select} tabs=${[['workloads', 'Workloads'], ['pods', 'Pods'], ['namespaces', 'Namespaces'],
      ['members', 'Members']]} />
    ${(tab === 'workloads' || tab === 'pods') && (namespaces.length === 0
      ? html`<p class="muted">No namespace yet: add one under Namespaces.</p>`
      : html`<div class="toolbar"><label>Namespace <select data-test="namespace-select" value=${current}
          onChange=${(e) => setNamespace(e.target.value)}>${namespaces.map((n) => html`<option value=${n}>${n}</option>`)}</select>
        </label></div>
        ${tab === 'workloads' && html`<${Workloads} key=${current} cluster=${cluster} namespace=${current} />`}
        ${tab === 'pods' && html`<${KubeList} key=${current} cluster=${cluster} namespace=${current} kind=${KINDS.pods}
          columns=${podColumns} refresh=${3000} fieldSelectorHint="e.g. status.phase=Running" />`}`)}
    ${tab === 'namespaces' && html`<${Namespaces} base=${base} namespaces=${namespaces} reload=${loaded.reload} />`}
    ${tab === 'members' && html`<${ProjectMembers} me=${me} cluster=${cluster} project=${project} />`}
  </section>`;
}

function Namespaces({ base, namespaces, reload }) {
  const [name, setName] = useState('');
  const [error, setError] = useState(null);
  const add = async (e) => {
    e.preventDefault();
    try {
      await put(`${base}/namespaces/${seg(name)}`);
      setName('');
      setError(null);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (namespace) => {
    try {
      await del(`${base}/namespaces/${seg(namespace)}`);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  return html`<div data-test="project-namespaces">
    <form class="toolbar" onSubmit=${add}>
      <input data-test="namespace-name" placeholder="Namespace (created when missing)" value=${name} required
        onInput=${(e) => setName(e.target.value.trim())} />
      <button type="submit" class="primary" data-test="add-namespace">Add namespace</button>
    </form>
    <${ErrorBox} error=${error} />
    <table class="list"><thead><tr><th>Namespace</th><th></th></tr></thead>
      <tbody>${namespaces.map((n) => html`<tr data-test="namespace-row" data-name=${n}><td>${n}</td>
        <td class="row-actions"><button type="button" onClick=${() => remove(n)}>Remove from project</button></td></tr>`)}</tbody>
    </table>
  </div>`;
}
