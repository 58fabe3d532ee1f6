// The console's shell: who is logged in, the login page, navigation and the hash router.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, onUnauthorized, post, seg, setCsrfToken } from './api.js';
import { ErrorBox, html, useInterval } from './ui.js';
import { ClusterList } from './clusters.js';
import { ClusterPage } from './cluster.js';
import { ProjectPage } from './project.js';
import { BindingsPage, GroupsPage, RolesPage, UsersPage } from './access.js';

/** The route from location.hash: #/clusters/prod/projects/shop?tab=pods */
function parseRoute() {
  const hash = decodeURI(location.hash.replace(/^#/, '')) || '/clusters';
  const [path, search] = hash.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search || '') };
}

function useRoute() {
  const [route, setRoute] = useState(parseRoute);
  useEffect(() => {
    const changed = () => setRoute(parseRoute());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

function LoginPage({ onLogin }) {
  const [providers, setProviders] = useState(null);
  const [error, setError] = useState(null);
  const [provider, setProvider] = useState('local');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () => get('/v1/auth/providers').then((r) => setProviders(r.items), setError);
  useEffect(load, []);
  // login methods come and go with their bundles: the page follows without a reload
  useInterval(load, 3000);
  const passwordProviders = (providers || []).filter((p) => p.login === 'password');
  const redirectProviders = (providers || []).filter((p) => p.login === 'redirect');
  const chosen = passwordProviders.some((p) => p.provider === provider) ? provider
    : passwordProviders.length ? passwordProviders[0].provider : null;
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await post('/v1/login', { provider: chosen, username, password });
      setCsrfToken(session.csrfToken);
      onLogin();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="login">
    <h1>Paddock</h1>
    ${providers === null && !error && html`<p class="muted">Loading login methods…</p>`}
    ${passwordProviders.length > 0 && html`<form onSubmit=${submit} data-test="login-form">
      ${passwordProviders.length > 1 && html`<div class="field"><label for="login-provider">Log in with</label>
        <select id="login-provider" value=${chosen} onChange=${(e) => setProvider(e.target.value)}>
          ${passwordProviders.map((p) => html`<option value=${p.provider}>${p.displayName}</option>`)}
        </select></div>`}
      <div class="field"><label for="login-username">User</label>
        <input id="login-username" name="username" autocomplete="username" value=${username}
          onInput=${(e) => setUsername(e.target.value)} required autofocus /></div>
      <div class="field"><label for="login-password">Password</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" value=${password}
          onInput=${(e) => setPassword(e.target.value)} required /></div>
      <button type="submit" class="primary" data-test="login" disabled=${busy}>Log in</button>
    </form>`}
    ${redirectProviders.length > 0 && html`<div class="redirect-logins" data-test="redirect-logins">
      ${redirectProviders.map((p) => html`<a class="button" data-test=${`login-${p.provider}`}
        href=${`/v1/auth/${seg(p.provider)}/start`}>Log in with ${p.displayName}</a>`)}
    </div>`}
    ${providers && providers.length === 0 && html`<p>No login method is installed. Install one in the shell, e.g.
      <code>feature:install paddock-auth-local</code>.</p>`}
    <${ErrorBox} error=${error} />
  </main>`;
}

function Banner() {
  const [text, setText] = useState('');
  useEffect(() => { get('/v1/settings/ui-banner').then((s) => setText(s.value || ''), () => setText('')); }, []);
  return text ? html`<div class="banner" data-test="banner">${text}</div>` : null;
}

function Layout({ me, route, onLogout }) {
  const [section] = route.parts;
  const link = (path, label, id) => html`<a href=${`#/${path}`} data-test=${`nav-${id}`}
    class=${section === id ? 'active' : ''}>${label}</a>`;
  const [error, setError] = useState(null);
  const logout = async () => {
    try {
      await post('/v1/logout');
      onLogout();
    } catch (err) {
      // a session that already ended is logged out; anything else leaves it valid, so say so
      if (err.status === 401) {
        onLogout();
      } else {
        setError(err);
      }
    }
  };
  return html`<div class="layout">
    <${Banner} />
    <header class="top">
      <a class="brand" href="#/clusters">Paddock</a>
      <nav>
        ${link('clusters', 'Clusters', 'clusters')}
        ${link('users', 'Users', 'users')}
        ${link('groups', 'Groups', 'groups')}
        ${link('roles', 'Roles', 'roles')}
        ${link('bindings', 'Bindings', 'bindings')}
      </nav>
      <span class="me" data-test="me">${me.displayName || me.user}${me.admin ? ' (administrator)' : ''}</span>
      <button type="button" data-test="logout" onClick=${logout}>Log out</button>
    </header>
    <${ErrorBox} error=${error} />
    <main class="content">${page(me, route)}</main>
  </div>`;
}

function page(me, { parts, params }) {
  const [section, cluster, sub, project] = parts;
  switch (section) {
    case 'clusters':
      if (cluster && sub === 'projects' && project) {
        return html`<${ProjectPage} key=${`${cluster}/${project}`} me=${me} cluster=${cluster} project=${project} params=${params} />`;
      }
      return cluster ? html`<${ClusterPage} key=${cluster} me=${me} cluster=${cluster} params=${params} />`
        : html`<${ClusterList} me=${me} />`;
    case 'users':
      return html`<${UsersPage} me=${me} />`;
    case 'groups':
      return html`<${GroupsPage} me=${me} />`;
    case 'roles':
      return html`<${RolesPage} me=${me} />`;
    case 'bindings':
      return html`<${BindingsPage} me=${me} params=${params} />`;
    default:
      return html`<p>Nothing here. <a href="#/clusters">Clusters</a></p>`;
  }
}

function App() {
  const [me, setMe] = useState(undefined);
  const [error, setError] = useState(null);
  const route = useRoute();
  const loadMe = () => get('/v1/me').then((m) => {
    // a session that started elsewhere (page reload, redirect login) gets its CSRF token here
    setCsrfToken(m.csrfToken || null);
    setError(null);
    setMe(m);
  }, (err) => {
    if (err instanceof ApiError && err.status === 401) {
      setMe(null);
    } else {
      setError(err);
    }
  });
  useEffect(() => {
    onUnauthorized(() => setMe(null));
    loadMe();
  }, []);
  if (error) {
    return html`<main class="login"><${ErrorBox} error=${error} /><button type="button" onClick=${loadMe}>Retry</button></main>`;
  }
  if (me === undefined) {
    return html`<p class="boot">Loading Paddock…</p>`;
  }
  if (me === null) {
    return html`<${LoginPage} onLogin=${loadMe} />`;
  }
  return html`<${Layout} me=${me} route=${route} onLogout=${() => { setCsrfToken(null); setMe(null); }} />`;
}

render(html`<${App} />`, document.getElementById('app'));
