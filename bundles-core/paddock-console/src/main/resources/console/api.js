// Every call the console makes: the REST API (/v1) and the Kubernetes proxy (/k8s/clusters/...), with the
// session cookie and, on state-changing calls, the session's CSRF token. Nothing else is reached.

let csrfToken = null;
let unauthorized = () => {};

export function setCsrfToken(token) {
  csrfToken = token;
}

/** Called when a call answers 401: the session ended (logout elsewhere, expiry, provider removed). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

export class ApiError extends Error {
  constructor(status, reason, message) {
    super(message || reason || `HTTP ${status}`);
    this.status = status;
    this.reason = reason;
  }
}

/**
 * One call. body: an object (sent as JSON) or a string (sent as is, with contentType).
 * Answers the parsed JSON, the text for non-JSON answers, or null for 204.
 */
export async function call(method, path, body, { contentType = 'application/json', accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    headers['X-Paddock-CSRF'] = csrfToken;
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const type = response.headers.get('Content-Type') || '';
  const payload = response.status === 204 ? null : type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401 && path !== '/v1/login') {
      unauthorized();
    }
    const error = payload && typeof payload === 'object' ? payload : {};
    throw new ApiError(response.status, error.reason, error.message || (typeof payload === 'string' ? payload.slice(0, 300) : ''));
  }
  return payload;
}

export const get = (path, options) => call('GET', path, undefined, options);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

/** A query string from the parameters that have a value. */
export function query(parameters) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') {
      q.set(key, value);
    }
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** A path segment, encoded. */
export const seg = (value) => encodeURIComponent(value);

/** The proxy path of a cluster's Kubernetes API. */
export const kube = (cluster, path) => `/k8s/clusters/${seg(cluster)}${path}`;

/**
 * Follows Paddock's change feed (server-sent events) for the given kinds from resourceVersion.
 * onEvent gets {type, kind, name, resourceVersion, object}; onGone is called when the server says the
 * client fell too far behind, after which the caller lists again. The browser reconnects by itself
 * (with Last-Event-ID) after network errors. Answers a function that stops the watch.
 */
export function watch(kinds, resourceVersion, onEvent, onGone) {
  const source = new EventSource(`/v1/watch${query({ kinds: kinds.join(','), resourceVersion })}`);
  for (const kind of kinds) {
    source.addEventListener(kind, (event) => onEvent(JSON.parse(event.data)));
  }
  source.addEventListener('error', (event) => {
    if (event.data) { // an error event sent by the server, not a broken connection
      source.close();
      onGone(JSON.parse(event.data));
    }
  });
  return () => source.close();
}
