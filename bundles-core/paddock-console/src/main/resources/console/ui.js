// Shared pieces of the console. Everything renders through Preact, which puts data into text nodes and
// attribute values, never into markup parsed from strings, so names and descriptions stay text.
import { h } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';

export const html = htm.bind(h);

/** Loads data with load() whenever deps change; answers {data, error, loading, reload, setData}. */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    Promise.resolve().then(load).then(
      (data) => mine === generation.current && setState({ data, error: null, loading: false }),
      (error) => mine === generation.current && setState({ data: null, error, loading: false }));
  }, deps);
  useEffect(reload, [reload]);
  const setData = (update) => setState((s) => ({ ...s, data: typeof update === 'function' ? update(s.data) : update }));
  return { ...state, reload, setData };
}

/** Runs fn every ms while the component is shown and the tab is visible. */
export function useInterval(fn, ms) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    const id = setInterval(() => document.visibilityState === 'visible' && saved.current(), ms);
    return () => clearInterval(id);
  }, [ms]);
}

/**
 * Server-side paging: fetchPage({limit, continue}) answers {items, continue}. Keeps the continue tokens
 * of the pages seen so "previous" works without the server keeping anything. Changing deps (filter,
 * sort) starts again from the first page.
 */
export function usePager(fetchPage, deps, initialLimit = 50) {
  const [limit, setLimit] = useState(initialLimit);
  const [tokens, setTokens] = useState(['']); // tokens[i] opens page i
  const [index, setIndex] = useState(0);
  useEffect(() => { setTokens(['']); setIndex(0); }, [...deps, limit]);
  const page = useLoad(() => fetchPage({ limit, continue: tokens[index] || undefined }), [...deps, limit, index, tokens[index]]);
  const next = page.data && page.data.continue;
  return {
    ...page,
    items: (page.data && page.data.items) || [],
    index,
    limit,
    setLimit,
    hasNext: !!next,
    next: () => { if (next) { setTokens((t) => [...t.slice(0, index + 1), next]); setIndex(index + 1); } },
    previous: () => index > 0 && setIndex(index - 1),
    first: () => setIndex(0),
  };
}

export function Pager({ pager, label = 'items' }) {
  return html`<div class="pager">
    <button type="button" data-test="first-page" disabled=${pager.index === 0} onClick=${pager.first}>First</button>
    <button type="button" data-test="previous-page" disabled=${pager.index === 0} onClick=${pager.previous}>Previous</button>
    <span data-test="page-number">Page ${pager.index + 1}</span>
    <button type="button" data-test="next-page" disabled=${!pager.hasNext || pager.loading} onClick=${pager.next}>Next</button>
    <label>${label} per page <select value=${pager.limit} onChange=${(e) => pager.setLimit(Number(e.target.value))}>
      ${[20, 50, 100, 500].map((n) => html`<option value=${n}>${n}</option>`)}
    </select></label>
    ${pager.loading && html`<span class="muted">loading…</span>`}
  </div>`;
}

/** A sortable column header for Paddock lists (sort=name, -name, createdAt, ...). */
export function SortHeader({ field, sort, setSort, children }) {
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  return html`<th><button type="button" class="link" onClick=${() => setSort(active && !descending ? `-${field}` : field)}>
    ${children}${active ? (descending ? ' ▼' : ' ▲') : ''}</button></th>`;
}

export function ErrorBox({ error }) {
  if (!error) {
    return null;
  }
  return html`<div class="error" role="alert">${error.status ? `${error.status} ${error.reason || ''}: ` : ''}${error.message}</div>`;
}

export function Loading({ what }) {
  return html`<p class="muted">Loading ${what}…</p>`;
}

/** A share of a total as a bar with its figures. */
export function UsageBar({ label, used, total, format }) {
  if (!total) {
    return html`<span class="muted">–</span>`;
  }
  const share = Math.min(1, used / total);
  const level = share > 0.9 ? 'high' : share > 0.7 ? 'mid' : 'low';
  return html`<div class="usage" title=${`${label}: ${format(used)} of ${format(total)}`}>
    <meter class=${level} min="0" max="1" value=${share}></meter>
    <span>${format(used)} / ${format(total)}</span>
  </div>`;
}

export function Modal({ title, onClose, children }) {
  useEffect(() => {
    const key = (e) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [onClose]);
  return html`<div class="backdrop" onClick=${(e) => e.target === e.currentTarget && onClose()}>
    <div class="modal" role="dialog" aria-modal="true" aria-label=${title}>
      <header><h2>${title}</h2><button type="button" class="link" aria-label="Close" onClick=${onClose}>✕</button></header>
      ${children}
    </div>
  </div>`;
}

/** Asks before something that cannot be undone; the name must be typed again. */
export function ConfirmDelete({ what, name, onConfirm, onClose }) {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const confirm = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<${Modal} title=${`Delete ${what}`} onClose=${onClose}>
    <form onSubmit=${confirm}>
      <p>Delete ${what} <strong>${name}</strong>? Type its name to confirm.</p>
      <input data-test="confirm-name" value=${typed} onInput=${(e) => setTyped(e.target.value)} autofocus />
      <${ErrorBox} error=${error} />
      <div class="actions">
        <button type="button" onClick=${onClose}>Cancel</button>
        <button type="submit" class="danger" data-test="confirm-delete" disabled=${typed !== name || busy}>Delete</button>
      </div>
    </form>
  <//>`;
}

/**
 * A form generated from a provider's schema: fields {name, label, type STRING|TEXT|SECRET_TEXT|INTEGER|BOOLEAN,
 * required, description}. Unknown types fall back to a text field.
 */
export function SchemaFields({ schema, values, setValue }) {
  return (schema || []).map((field) => {
    const id = `field-${field.name}`;
    const value = values[field.name] ?? '';
    const set = (v) => setValue(field.name, v);
    let input;
    switch (field.type) {
      case 'TEXT':
      case 'SECRET_TEXT':
        input = html`<textarea id=${id} name=${field.name} rows=${field.type === 'SECRET_TEXT' ? 8 : 3} required=${field.required}
          spellcheck="false" autocomplete="off" value=${value} onInput=${(e) => set(e.target.value)}></textarea>`;
        break;
      case 'INTEGER':
        input = html`<input id=${id} name=${field.name} type="number" step="1" required=${field.required} value=${value}
          onInput=${(e) => set(e.target.value)} />`;
        break;
      case 'BOOLEAN':
        input = html`<input id=${id} name=${field.name} type="checkbox" checked=${value === 'true'}
          onChange=${(e) => set(e.target.checked ? 'true' : 'false')} />`;
        break;
      default:
        input = html`<input id=${id} name=${field.name} required=${field.required} value=${value} autocomplete="off"
          onInput=${(e) => set(e.target.value)} />`;
    }
    return html`<div class="field">
      <label for=${id}>${field.label || field.name}${field.required ? ' *' : ''}</label>
      ${input}
      ${field.description && html`<small>${field.description}</small>`}
    </div>`;
  });
}

export function CopyButton({ text }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 2000);
    } catch (e) {
      setDone(false);
    }
  };
  return html`<button type="button" data-test="copy" onClick=${copy}>${done ? 'Copied' : 'Copy'}</button>`;
}

/** Tabs whose choice lives in the URL's hash query (?tab=), so reload and back keep it. */
export function Tabs({ tabs, active, onSelect }) {
  return html`<nav class="tabs">${tabs.map(([id, label]) => html`<button type="button" data-test=${`tab-${id}`}
    class=${id === active ? 'active' : ''} onClick=${() => onSelect(id)}>${label}</button>`)}</nav>`;
}

export function age(timestamp) {
  if (!timestamp) {
    return '';
  }
  const seconds = Math.max(0, (Date.now() - new Date(timestamp).getTime()) / 1000);
  if (seconds < 120) return `${Math.floor(seconds)}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/** Kubernetes quantities into numbers: CPU in cores, memory in bytes. */
export function cpuCores(quantity) {
  if (quantity === undefined || quantity === null || quantity === '') return 0;
  const text = String(quantity);
  if (text.endsWith('m')) return Number(text.slice(0, -1)) / 1000;
  if (text.endsWith('n')) return Number(text.slice(0, -1)) / 1e9;
  return Number(text);
}

const UNITS = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
export function bytes(quantity) {
  if (quantity === undefined || quantity === null || quantity === '') return 0;
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(String(quantity));
  return m ? Number(m[1]) * (UNITS[m[2]] || 1) : 0;
}

export const formatCores = (n) => (n < 1 ? `${Math.round(n * 1000)}m` : `${Math.round(n * 10) / 10}`);
export function formatBytes(n) {
  if (n >= 2 ** 30) return `${Math.round((n / 2 ** 30) * 10) / 10}Gi`;
  if (n >= 2 ** 20) return `${Math.round(n / 2 ** 20)}Mi`;
  return `${Math.round(n / 2 ** 10)}Ki`;
}

export function navigate(path) {
  location.hash = `#${path}`;
}

/** A link to a console route; each part is encoded. */
export const href = (...parts) => `#/${parts.map((p) => encodeURIComponent(p)).join('/')}`;
