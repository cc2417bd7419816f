// The public API (/api/v1) with the session's bearer token. Nothing else is ever fetched.

const TOKEN = 'dorastream.token';
const CALLER = 'dorastream.caller';

/**
 * The signed-in caller: with an API token (sent as a bearer token), or signed in with SSO (no token:
 * the gateway's session cookie goes with every call of this origin by itself).
 */
export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  caller: () => JSON.parse(sessionStorage.getItem(CALLER) || 'null'),
  isAdmin: () => session.caller()?.role === 'admin',
  isSso: () => session.caller() !== null && !session.token(),
  start(token, caller) {
    if (token) sessionStorage.setItem(TOKEN, token);
    else sessionStorage.removeItem(TOKEN);
    sessionStorage.setItem(CALLER, JSON.stringify(caller));
  },
  end() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(CALLER);
  },
};

/** The gateway's single sign-on: {enabled, loginPath, logoutPath} (GET /sso, no token needed). */
export async function ssoOptions() {
  try {
    const res = await fetch('/sso', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    return res.ok ? await res.json() : { enabled: false };
  } catch (e) {
    return { enabled: false };
  }
}

/** Ends an SSO session at the gateway (its cookie); the API token's session needs nothing there. */
export async function ssoLogout(options) {
  if (!options?.logoutPath) return;
  try {
    await fetch(options.logoutPath, { method: 'POST', cache: 'no-store' });
  } catch (e) {
    // the page forgets the caller anyway; the cookie expires by itself
  }
}

/** A refused call: its HTTP status (0 when the gateway could not be reached) and its problem document. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

/** Listeners told when the token is refused (401), so the page can ask for another. */
const refusedListeners = [];
export function onTokenRefused(fn) {
  refusedListeners.push(fn);
}

/** URLSearchParams from an object; arrays become repeated parameters; empty values are left out. */
export function queryString(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of [].concat(v ?? [])) {
      if (one !== '' && one !== null && one !== undefined) q.append(k, one);
    }
  }
  return q.toString();
}

export async function api(path, { method = 'GET', body, query, accept = 'application/json', token = session.token(), headers: extra = {} } = {}) {
  const qs = query ? queryString(query) : '';
  const headers = { ...extra, Accept: accept };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch('/api/v1' + path + (qs ? '?' + qs : ''), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, { title: 'Gateway unreachable', detail: 'The DoraStream gateway cannot be reached (' + e.message + ').' });
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  if (!res.ok) {
    const problem = type.includes('json') ? await res.json() : { title: res.statusText, detail: await res.text() };
    // the session's token (or SSO session) refused, not a token being tried at sign-in: ask for another
    const sessions = token ? token === session.token() : session.isSso();
    if (res.status === 401 && sessions) refusedListeners.forEach(fn => fn(problem));
    throw new ApiError(res.status, problem);
  }
  return accept === 'application/json' ? res.json() : res.text();
}

/** A refused call in words for the page. */
export function describeError(e) {
  if (!(e instanceof ApiError)) return String(e?.message || e);
  const p = e.problem || {};
  switch (e.status) {
    case 0: return p.detail;
    case 401: return 'Your token was refused or has expired: sign in again.';
    case 403: return 'Your token may not do this (' + (p.detail || 'forbidden') + ').';
    case 429: return 'Too many requests: ' + (p.detail || 'retry in a moment') + '.';
    case 503: return 'A part of DoraStream is unavailable: ' + (p.detail || p.title) + '. The page recovers by itself once it is back.';
    default: {
      const errors = p.errors ? ' ' + Object.entries(p.errors).map(([k, v]) => k + ': ' + v).join('; ') : '';
      return (p.detail || p.title || 'HTTP ' + e.status) + errors;
    }
  }
}
