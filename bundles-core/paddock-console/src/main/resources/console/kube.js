// Kubernetes objects through Paddock's proxy, as the logged-in user: the cluster's RBAC decides what
// they see. Lists page on the API server (limit and continue) and filter there (field and label
// selectors), so a namespace with 10,000 pods costs one page at a time.
import { useEffect, useState } from 'preact/hooks';
import { call, get, kube, query, seg } from './api.js';
import { ErrorBox, Modal, Pager, age, html, useInterval, usePager } from './ui.js';

/** The API path of a kind, optionally in a namespace. */
export function kindPath(kind, namespace) {
  const ns = namespace ? `/namespaces/${seg(namespace)}` : '';
  return kind.group ? `/apis/${kind.group}/${kind.version}${ns}/${kind.plural}` : `/api/v1${ns}/${kind.plural}`;
}

export const KINDS = {
  pods: { plural: 'pods', label: 'Pods' },
  namespaces: { plural: 'namespaces', label: 'Namespaces' },
  events: { plural: 'events', label: 'Events' },
  nodes: { plural: 'nodes', label: 'Nodes' },
  deployments: { group: 'apps', version: 'v1', plural: 'deployments', label: 'Deployments' },
  statefulsets: { group: 'apps', version: 'v1', plural: 'statefulsets', label: 'StatefulSets' },
  daemonsets: { group: 'apps', version: 'v1', plural: 'daemonsets', label: 'DaemonSets' },
};

/**
 * A paged list of one kind through the proxy, with server-side field and label selectors. columns:
 * [[title, item => cell]]; refresh: poll the current page every so many ms (pods following a scale).
 */
export function KubeList({ cluster, kind, namespace, columns, refresh, actions, fieldSelectorHint, testName }) {
  const [fieldSelector, setFieldSelector] = useState('');
  const [labelSelector, setLabelSelector] = useState('');
  const [yaml, setYaml] = useState(null);
  const pager = usePager((page) => get(kube(cluster, kindPath(kind, namespace) + query({
    limit: page.limit, continue: page.continue, fieldSelector, labelSelector,
  }))).then((list) => ({ items: list.items, continue: list.metadata && list.metadata.continue })),
  [cluster, namespace, kind.plural, fieldSelector, labelSelector], 50);
  useInterval(() => refresh && !pager.loading && pager.reload(), refresh || 60000);
  return html`<div data-test=${testName || `list-${kind.plural}`}>
    <div class="toolbar">
      <input type="search" class="wide" data-test="field-selector" placeholder=${fieldSelectorHint || 'Field selector, e.g. metadata.name=web'}
        onChange=${(e) => setFieldSelector(e.target.value.trim())} />
      <input type="search" class="wide" data-test="label-selector" placeholder="Label selector, e.g. app=web"
        onChange=${(e) => setLabelSelector(e.target.value.trim())} />
    </div>
    <${ErrorBox} error=${pager.error} />
    <table class="list">
      <thead><tr><th>Name</th>${!namespace && kind.plural !== 'namespaces' && kind.plural !== 'nodes' && html`<th>Namespace</th>`}
        ${columns.map(([title]) => html`<th>${title}</th>`)}<th>Age</th><th></th></tr></thead>
      <tbody>${pager.items.map((item) => html`<tr data-test="row" data-name=${item.metadata.name}>
        <td>${item.metadata.name}</td>
        ${!namespace && kind.plural !== 'namespaces' && kind.plural !== 'nodes' && html`<td>${item.metadata.namespace}</td>`}
        ${columns.map(([, cell]) => html`<td>${cell(item)}</td>`)}
        <td>${age(item.metadata.creationTimestamp)}</td>
        <td class="row-actions">${actions && actions(item, pager.reload)}
          <button type="button" data-test="yaml" onClick=${() => setYaml(item)}>YAML</button></td>
      </tr>`)}</tbody>
    </table>
    <${Pager} pager=${pager} label=${kind.label.toLowerCase()} />
    ${yaml && html`<${YamlEditor} cluster=${cluster} kind=${kind} item=${yaml} onClose=${() => { setYaml(null); pager.reload(); }} />`}
  </div>`;
}

/** One object as YAML (the API server's own serialization), editable and saved with PUT. */
export function YamlEditor({ cluster, kind, item, onClose }) {
  const path = kube(cluster, `${kindPath(kind, item.metadata.namespace)}/${seg(item.metadata.name)}`);
  const [text, setText] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    get(path, { accept: 'application/yaml' }).then(setText, setError);
  }, [path]);
  const save = async () => {
    setError(null);
    try {
      const updated = await call('PUT', path, text, { contentType: 'application/yaml', accept: 'application/yaml' });
      setText(updated);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  return html`<${Modal} title=${`${kind.label}: ${item.metadata.name}`} onClose=${onClose}>
    ${text === null && !error && html`<p class="muted">Loading…</p>`}
    ${text !== null && html`<textarea class="yaml" data-test="yaml-text" spellcheck="false" rows="24" value=${text}
      onInput=${(e) => { setText(e.target.value); setSaved(false); }}></textarea>`}
    <${ErrorBox} error=${error} />
    <div class="actions">
      ${saved && html`<span class="ok">Saved</span>`}
      <button type="button" onClick=${onClose}>Close</button>
      <button type="button" class="primary" data-test="yaml-save" disabled=${text === null} onClick=${save}>Save</button>
    </div>
  <//>`;
}

export function podStatus(pod) {
  const waiting = (pod.status.containerStatuses || []).map((c) => c.state && c.state.waiting && c.state.waiting.reason)
    .find(Boolean);
  if (pod.metadata.deletionTimestamp) {
    return 'Terminating';
  }
  return waiting || pod.status.phase || 'Unknown';
}

export const podColumns = [
  ['Status', (p) => html`<span class=${`phase phase-${podStatus(p).toLowerCase()}`} data-test="pod-status">${podStatus(p)}</span>`],
  ['Ready', (p) => {
    const statuses = p.status.containerStatuses || [];
    return `${statuses.filter((c) => c.ready).length}/${(p.spec.containers || []).length}`;
  }],
  ['Restarts', (p) => (p.status.containerStatuses || []).reduce((n, c) => n + (c.restartCount || 0), 0)],
  ['Node', (p) => p.spec.nodeName || ''],
];

/** Workloads of one namespace with their replicas and a +/- that scales through the scale subresource. */
export function Workloads({ cluster, namespace }) {
  const scale = async (kind, item, replicas, reload) => {
    await call('PATCH', kube(cluster, `${kindPath(kind, namespace)}/${seg(item.metadata.name)}/scale`),
      JSON.stringify({ spec: { replicas } }), { contentType: 'application/merge-patch+json' });
    reload();
  };
  const replicas = (kind) => [['Replicas', (w) => {
    const ready = kind.plural === 'daemonsets' ? w.status.numberReady : w.status.readyReplicas || 0;
    const wanted = kind.plural === 'daemonsets' ? w.status.desiredNumberScheduled : w.spec.replicas;
    return html`<span data-test="replicas">${ready || 0}/${wanted || 0}</span>`;
  }]];
  const scaler = (kind) => (kind.plural === 'daemonsets' ? null : (item, reload) => html`
    <button type="button" data-test="scale-down" aria-label="Scale down" disabled=${!item.spec.replicas}
      onClick=${() => scale(kind, item, item.spec.replicas - 1, reload)}>−</button>
    <button type="button" data-test="scale-up" aria-label="Scale up"
      onClick=${() => scale(kind, item, (item.spec.replicas || 0) + 1, reload)}>+</button>`);
  return html`${['deployments', 'statefulsets', 'daemonsets'].map((name) => html`<h3>${KINDS[name].label}</h3>
    <${KubeList} cluster=${cluster} namespace=${namespace} kind=${KINDS[name]} columns=${replicas(KINDS[name])}
      actions=${scaler(KINDS[name])} refresh=${3000} />`)}`;
}
