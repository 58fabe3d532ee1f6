// Clusters: the list with live status (Paddock's change feed), adding one through any provider's form,
// upgrading and deleting.
import { useEffect, useState } from 'preact/hooks';
import { call, del, get, post, query, seg, watch } from './api.js';
import {
  ConfirmDelete, CopyButton, ErrorBox, Modal, Pager, SchemaFields, SortHeader, UsageBar, formatBytes, formatCores, href, html,
  navigate, usePager,
} from './ui.js';

export function clusterUsage(status) {
  const allocatable = status.allocatable || {};
  const used = (status.usage && status.usage.amounts) || status.requested || {};
  const source = status.usage && status.usage.source === 'metrics.k8s.io' ? 'measured' : 'requested';
  return { allocatable, used, source };
}

export function StateBadge({ status }) {
  const state = (status && status.state) || 'UNKNOWN';
  return html`<span class=${`state state-${state.toLowerCase()}`} data-test="state">${state}</span>`;
}

/** A provider operation (create, upgrade, ...) with its step; absent on Paddocks without provisioning. */
export function OperationProgress({ operation }) {
  if (!operation) {
    return null;
  }
  const { type, phase, step, stepNumber, stepCount, message } = operation;
  return html`<div class=${`operation operation-${(phase || '').toLowerCase()}`} data-test="operation">
    <span>${type} ${phase}</span>
    ${stepCount > 0 && html`<progress max=${stepCount} value=${phase === 'SUCCEEDED' ? stepCount : stepNumber}></progress>
      <span>${stepNumber}/${stepCount} ${step}</span>`}
    ${message && phase === 'FAILED' && html`<small class="error-text">${message}</small>`}
  </div>`;
}

export function ClusterList({ me }) {
  const [sort, setSort] = useState('name');
  const [prefix, setPrefix] = useState('');
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(null);
  const [upgrading, setUpgrading] = useState(null);
  const [providers, setProviders] = useState([]);
  const pager = usePager((page) => get(`/v1/clusters${query({ ...page, sort, prefix })}`), [sort, prefix], 20);

  useEffect(() => {
    // may fail with 403 for users who cannot add clusters: then there is simply no "Add" button
    get('/v1/clusterproviders').then((r) => setProviders(r.items), () => setProviders([]));
  }, []);

  // live status: apply the change feed to the rows shown; new or removed clusters refresh the page. A watch
  // that fell behind (410) lists again and follows from then on.
  const [restarts, setRestarts] = useState(0);
  useEffect(() => {
    if (!pager.data) {
      return undefined;
    }
    return watch(['cluster'], pager.data.resourceVersion, (event) => {
      if (event.type === 'MODIFIED' && event.object) {
        pager.setData((d) => d && ({ ...d, items: d.items.map((c) => (c.name === event.name ? event.object : c)) }));
      } else {
        pager.reload();
      }
    }, () => { pager.reload(); setRestarts((n) => n + 1); });
  }, [pager.data && pager.data.resourceVersion, restarts]);

  const providerOf = (id) => providers.find((p) => p.id === id);
  return html`<section data-test="cluster-list">
    <div class="toolbar">
      <h1>Clusters</h1>
      <input type="search" placeholder="Name starts with…" data-test="cluster-filter" value=${prefix}
        onInput=${(e) => setPrefix(e.target.value.trim())} />
      ${providers.length > 0 && html`<button type="button" class="primary" data-test="add-cluster"
        onClick=${() => setAdding(true)}>Add cluster</button>`}
    </div>
    <${ErrorBox} error=${pager.error} />
    <table class="list">
      <thead><tr>
        <${SortHeader} field="name" sort=${sort} setSort=${setSort}>Name<//>
        <th>State</th><th>Version</th><th>Provider</th><th>Nodes</th><th>CPU</th><th>Memory</th>
        <${SortHeader} field="createdAt" sort=${sort} setSort=${setSort}>Created<//>
        <th></th>
      </tr></thead>
      <tbody>
        ${pager.items.map((c) => {
          const { allocatable, used, source } = clusterUsage(c.status);
          const provider = providerOf(c.spec.provider);
          const canUpgrade = provider && (provider.capabilities || []).includes('UPGRADE');
          // the server would refuse a second operation with 409: say so before the user tries
          const busy = !!c.status.operation && c.status.operation.phase === 'RUNNING';
          return html`<tr data-test="cluster-row" data-name=${c.name}>
            <td><a href=${href('clusters', c.name)} data-test="cluster-link">${c.spec.displayName || c.name}</a>
              ${c.spec.displayName && c.spec.displayName !== c.name && html`<small class="muted"> ${c.name}</small>`}
              ${c.spec.description && html`<div class="description" data-test="cluster-description">${c.spec.description}</div>`}</td>
            <td><${StateBadge} status=${c.status} />${c.status.operation && c.status.operation.phase !== 'SUCCEEDED'
              && html`<${OperationProgress} operation=${c.status.operation} />`}</td>
            <td data-test="version">${c.status.kubernetesVersion || ''}</td>
            <td>${provider ? provider.displayName : c.spec.provider}</td>
            <td data-test="nodes">${c.status.readyNodeCount}/${c.status.nodeCount}</td>
            <td><${UsageBar} label=${`CPU ${source}`} used=${used.cpuMillis / 1000} total=${allocatable.cpuMillis / 1000}
              format=${formatCores} /></td>
            <td><${UsageBar} label=${`Memory ${source}`} used=${used.memoryBytes} total=${allocatable.memoryBytes}
              format=${formatBytes} /></td>
            <td>${new Date(c.createdAt).toLocaleString()}</td>
            <td class="row-actions">
              ${canUpgrade && html`<button type="button" data-test="upgrade-cluster" disabled=${busy}
                title=${busy ? `${c.status.operation.type} runs` : ''}
                onClick=${() => setUpgrading({ cluster: c, provider })}>Upgrade</button>`}
              <button type="button" class="danger" data-test="delete-cluster" onClick=${() => setDeleting(c.name)}>Delete</button>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${pager.items.length === 0 && !pager.loading && html`<p class="muted" data-test="no-clusters">No clusters${prefix
      ? ` starting with “${prefix}”` : ''}.</p>`}
    <${Pager} pager=${pager} label="clusters" />
    ${adding && html`<${AddCluster} providers=${providers} onClose=${() => setAdding(false)} onAdded=${pager.reload} />`}
    ${deleting && html`<${ConfirmDelete} what="cluster" name=${deleting} onClose=${() => setDeleting(null)}
      onConfirm=${async () => { await del(`/v1/clusters/${seg(deleting)}`); pager.reload(); }} />`}
    ${upgrading && html`<${UpgradeCluster} ...${upgrading} onClose=${() => setUpgrading(null)} />`}
  </section>`;
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Adding a cluster: choose a provider, fill in the form its schema describes. */
export function AddCluster({ providers, onClose, onAdded }) {
  // providers without capabilities (older Paddocks) can all add clusters; otherwise those that register or create
  const usable = providers.filter((p) => !p.capabilities || p.capabilities.includes('REGISTER') || p.capabilities.includes('CREATE'));
  const [providerId, setProviderId] = useState(usable.some((p) => p.id === 'import') ? 'import' : (usable[0] || {}).id);
  const [name, setName] = useState('');
  const [values, setValues] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [agentCommand, setAgentCommand] = useState(null);
  const provider = usable.find((p) => p.id === providerId);
  const submit = async (e) => {
    e.preventDefault();
    if (!NAME.test(name)) {
      setError({ message: 'the name must be a DNS label: lower-case letters, digits and -, at most 63' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const config = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
      await post('/v1/clusters', { name, provider: providerId, config });
      onAdded();
      if (providerId === 'agent') {
        setAgentCommand(await get(`/v1/clusters/${seg(name)}/agent-command`));
      } else {
        onClose();
        navigate(`/clusters/${encodeURIComponent(name)}`);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (agentCommand) {
    return html`<${Modal} title="Install the agent" onClose=${onClose}>
      <p>Run this where kubectl reaches the cluster (with Paddock's CA saved as <code>paddock-ca.pem</code>). The cluster turns
        active once its agent dialed in.</p>
      <pre class="command" data-test="agent-command">${agentCommand.command}</pre>
      <div class="actions"><${CopyButton} text=${agentCommand.command} /><button type="button" onClick=${onClose}>Done</button></div>
    <//>`;
  }
  return html`<${Modal} title="Add a cluster" onClose=${onClose}>
    <form onSubmit=${submit} data-test="add-cluster-form">
      <div class="field"><label for="cluster-provider">How</label>
        <select id="cluster-provider" data-test="cluster-provider" value=${providerId} onChange=${(e) => { setProviderId(e.target.value); setValues({}); }}>
          ${usable.map((p) => html`<option value=${p.id}>${p.displayName}</option>`)}
        </select></div>
      <div class="field"><label for="cluster-name">Name *</label>
        <input id="cluster-name" name="name" required value=${name} onInput=${(e) => setName(e.target.value.trim())} />
        <small>A DNS label: lower-case letters, digits and -</small></div>
      ${provider && provider.kubernetesVersions && provider.kubernetesVersions.length > 0
        && !provider.configSchema.some((f) => f.name === 'kubernetesVersion')
        && html`<div class="field"><label for="cluster-version">Kubernetes version</label>
          <select id="cluster-version" value=${values.kubernetesVersion || ''}
            onChange=${(e) => setValues({ ...values, kubernetesVersion: e.target.value })}>
            <option value="">default</option>
            ${provider.kubernetesVersions.map((v) => html`<option value=${v}>${v}</option>`)}
          </select></div>`}
      ${provider && html`<${SchemaFields} schema=${provider.configSchema} values=${values}
        setValue=${(k, v) => setValues((old) => ({ ...old, [k]: v }))} />`}
      <${ErrorBox} error=${error} />
      <div class="actions">
        <button type="button" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-test="submit-cluster" disabled=${busy}>${busy ? 'Adding…' : 'Add'}</button>
      </div>
    </form>
  <//>`;
}

function UpgradeCluster({ cluster, provider, onClose }) {
  const versions = (provider.kubernetesVersions || []).filter((v) => v !== cluster.status.kubernetesVersion);
  const [version, setVersion] = useState(versions[0] || '');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    try {
      await call('POST', `/v1/clusters/${seg(cluster.name)}/upgrade`, { kubernetesVersion: version });
      onClose();
    } catch (err) {
      setError(err);
    }
  };
  return html`<${Modal} title=${`Upgrade ${cluster.name}`} onClose=${onClose}>
    <form onSubmit=${submit}>
      <p>Now: ${cluster.status.kubernetesVersion || 'unknown'}. The cluster's status shows each step.</p>
      <select value=${version} data-test="upgrade-version" onChange=${(e) => setVersion(e.target.value)}>
        ${versions.map((v) => html`<option value=${v}>${v}</option>`)}
      </select>
      <${ErrorBox} error=${error} />
      <div class="actions"><button type="button" onClick=${onClose}>Cancel</button>
        <button type="submit" class="primary" data-test="submit-upgrade" disabled=${!version}>Upgrade</button></div>
    </form>
  <//>`;
}
