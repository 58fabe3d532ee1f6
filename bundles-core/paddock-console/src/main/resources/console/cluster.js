// One cluster: its status, nodes, namespaces, pods, projects, events and members; the kubeconfig.
import { useEffect, useState } from 'preact/hooks';
import { get, post, query, seg, watch } from './api.js';
import { ClusterMembers } from './access.js';
import { OperationProgress, StateBadge, clusterUsage } from './clusters.js';
import { KINDS, KubeList, podColumns } from './kube.js';
import {
  ErrorBox, Loading, Modal, Pager, Tabs, UsageBar, formatBytes, formatCores, href, html, navigate, useLoad, usePager,
} from './ui.js';

export function ClusterPage({ me, cluster, params }) {
  const tab = params.get('tab') || 'overview';
  const loaded = useLoad(() => get(`/v1/clusters/${seg(cluster)}`), [cluster]);
  // a watch that fell behind (410) reads the cluster again and follows from then on
  const [restarts, setRestarts] = useState(0);
  useEffect(() => {
    if (!loaded.data) {
      return undefined;
    }
    return watch(['cluster'], restarts === 0 ? loaded.data.resourceVersion : undefined, (event) => {
      if (event.name === cluster && event.object) {
        loaded.setData(event.object);
      }
    }, () => { loaded.reload(); setRestarts((n) => n + 1); });
  }, [loaded.data && loaded.data.name, restarts]);
  if (loaded.error) {
    return html`<${ErrorBox} error=${loaded.error} />`;
  }
  if (!loaded.data) {
    return html`<${Loading} what="the cluster" />`;
  }
  const c = loaded.data;
  const select = (id) => navigate(`/clusters/${encodeURIComponent(cluster)}?tab=${id}`);
  return html`<section data-test="cluster-page">
    <div class="toolbar">
      <h1>${c.spec.displayName || c.name}</h1><${StateBadge} status=${c.status} />
      <a class="button" data-test="download-kubeconfig" href=${`/v1/clusters/${seg(cluster)}/kubeconfig`}
        download=${`${cluster}.kubeconfig`}>Download kubeconfig</a>
    </div>
    ${c.spec.description && html`<p class="description" data-test="cluster-description">${c.spec.description}</p>`}
    <${Tabs} active=${tab} onSelect=${select} tabs=${[['overview', 'Overview'], ['nodes', 'Nodes'], ['namespaces', 'Namespaces'],
      ['pods', 'Pods'], ['projects', 'Projects'], ['events', 'Events'], ['members', 'Members']]} />
    ${tab === 'overview' && html`<${Overview} cluster=${c} />`}
    ${tab === 'nodes' && html`<${Nodes} cluster=${cluster} />`}
    ${tab === 'namespaces' && html`<${KubeList} cluster=${cluster} kind=${KINDS.namespaces}
      columns=${[['Status', (n) => n.status.phase], ['Project', (n) => (n.metadata.labels || {})['paddock.io/project'] || '']]} />`}
    ${tab === 'pods' && html`<${Pods} cluster=${cluster} />`}
    ${tab === 'projects' && html`<${Projects} cluster=${cluster} />`}
    ${tab === 'events' && html`<${KubeList} cluster=${cluster} kind=${KINDS.events} fieldSelectorHint="e.g. type=Warning"
      columns=${[['Type', (e) => e.type], ['Reason', (e) => e.reason], ['Object', (e) => `${e.involvedObject.kind}/${e.involvedObject.name}`],
        ['Message', (e) => e.message]]} />`}
    ${tab === 'members' && html`<${ClusterMembers} me=${me} cluster=${cluster} />`}
  </section>`;
}

function Overview({ cluster }) {
  const s = cluster.status;
  const { allocatable, used, source } = clusterUsage(s);
  return html`<div class="overview">
    <dl>
      <dt>Name</dt><dd>${cluster.name}</dd>
      <dt>Provider</dt><dd>${cluster.spec.provider}</dd>
      <dt>Kubernetes</dt><dd data-test="version">${s.kubernetesVersion || ''}</dd>
      <dt>API endpoint</dt><dd>${s.apiEndpoint || ''}</dd>
      <dt>Nodes</dt><dd data-test="nodes">${s.readyNodeCount}/${s.nodeCount} ready</dd>
      <dt>CPU (${source})</dt><dd><${UsageBar} label="CPU" used=${used.cpuMillis / 1000} total=${allocatable.cpuMillis / 1000}
        format=${formatCores} /></dd>
      <dt>Memory (${source})</dt><dd><${UsageBar} label="Memory" used=${used.memoryBytes} total=${allocatable.memoryBytes}
        format=${formatBytes} /></dd>
      <dt>Last seen</dt><dd>${s.lastSeen ? new Date(s.lastSeen).toLocaleString() : 'never'}</dd>
    </dl>
    <${OperationProgress} operation=${s.operation} />
    <h3>Conditions</h3>
    <table class="list"><thead><tr><th>Type</th><th>Status</th><th>Reason</th><th>Message</th></tr></thead>
      <tbody>${s.conditions.map((c) => html`<tr><td>${c.type}</td><td>${String(c.status)}</td><td>${c.reason}</td>
        <td>${c.message}</td></tr>`)}</tbody></table>
  </div>`;
}

function Nodes({ cluster }) {
  const [sort, setSort] = useState('name');
  const [prefix, setPrefix] = useState('');
  const pager = usePager((page) => get(`/v1/clusters/${seg(cluster)}/nodes${query({ ...page, sort, prefix })}`), [cluster, sort, prefix]);
  return html`<div data-test="nodes">
    <div class="toolbar"><input type="search" placeholder="Name starts with…" onInput=${(e) => setPrefix(e.target.value.trim())} />
      <button type="button" onClick=${() => setSort(sort === 'name' ? '-name' : 'name')}>Sort ${sort === 'name' ? '▲' : '▼'}</button></div>
    <${ErrorBox} error=${pager.error} />
    <table class="list"><thead><tr><th>Name</th><th>Ready</th><th>Roles</th><th>Kubelet</th><th>CPU</th><th>Memory</th></tr></thead>
      <tbody>${pager.items.map((n) => html`<tr data-test="node-row" data-name=${n.name}>
        <td>${n.name}</td><td>${n.ready ? 'Ready' : 'NotReady'}</td><td>${(n.roles || []).join(', ')}</td>
        <td>${n.kubeletVersion}</td><td>${formatCores(((n.allocatable || {}).cpuMillis || 0) / 1000)}</td>
        <td>${formatBytes((n.allocatable || {}).memoryBytes || 0)}</td></tr>`)}</tbody></table>
    <${Pager} pager=${pager} label="nodes" />
  </div>`;
}

function Pods({ cluster }) {
  const [namespace, setNamespace] = useState('');
  return html`<div>
    <div class="toolbar"><input type="search" data-test="pod-namespace" placeholder="Namespace (empty: all)"
      onChange=${(e) => setNamespace(e.target.value.trim())} /></div>
    <${KubeList} cluster=${cluster} namespace=${namespace || undefined} kind=${KINDS.pods} columns=${podColumns}
      fieldSelectorHint="e.g. status.phase=Running" />
  </div>`;
}

function Projects({ cluster }) {
  const [prefix, setPrefix] = useState('');
  const [creating, setCreating] = useState(false);
  const pager = usePager((page) => get(`/v1/clusters/${seg(cluster)}/projects${query({ ...page, prefix, sort: 'name' })}`),
    [cluster, prefix]);
  return html`<div data-test="projects">
    <div class="toolbar">
      <input type="search" placeholder="Name starts with…" onInput=${(e) => setPrefix(e.target.value.trim())} />
      <button type="button" class="primary" data-test="create-project" onClick=${() => setCreating(true)}>Create project</button>
    </div>
    <${ErrorBox} error=${pager.error} />
    <table class="list"><thead><tr><th>Name</th><th>Description</th><th>Quota</th></tr></thead>
      <tbody>${pager.items.map((p) => html`<tr data-test="project-row" data-name=${p.name}>
        <td><a href=${href('clusters', cluster, 'projects', p.name)}>${p.displayName}</a></td><td>${p.description}</td>
        <td>${quotaText(p.quota)}</td></tr>`)}</tbody></table>
    <${Pager} pager=${pager} label="projects" />
    ${creating && html`<${CreateProject} cluster=${cluster} onClose=${() => setCreating(false)} />`}
  </div>`;
}

export function quotaText(quota) {
  if (!quota) {
    return '';
  }
  return Object.entries(quota).filter(([, v]) => v !== null && v !== '' && v !== 0).map(([k, v]) => `${k} ${v}`).join(', ');
}

function CreateProject({ cluster, onClose }) {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      await post(`/v1/clusters/${seg(cluster)}/projects`, { name, displayName: displayName || undefined, description: description || undefined });
      onClose();
      navigate(`/clusters/${encodeURIComponent(cluster)}/projects/${encodeURIComponent(name)}`);
    } catch (err) {
      setError(err);
    }
  };
  return html`<${Modal} title="Create a project" onClose=${onClose}>
    <form onSubmit=${submit} data-test="create-project-form">
      <div class="field"><label for="project-name">Name *</label><input id="project-name" name="name" required value=${name}
        onInput=${(e) => setName(e.target.value.trim())} /></div>
      <div class="field"><label for="project-display">Display name</label><input id="project-display" value=${displayName}
        onInput=${(e) => setDisplayName(e.target.value)} /></div>
      <div class="field"><label for="project-description">Description</label><textarea id="project-description" value=${description}
        onInput=${(e) => setDescription(e.target.value)}></textarea></div>
      <${ErrorBox} error=${error} />
      <div class="actions"><button type="button" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-test="submit-project">Create</button></div>
    </form>
  <//>`;
}
