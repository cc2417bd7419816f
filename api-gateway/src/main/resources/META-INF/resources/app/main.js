// The dashboard: a hash router over the pages, the sign-in, and the shell (navigation, states).
import { api, session, onTokenRefused, describeError, ssoOptions, ssoLogout } from './api.js';
import { h, mount, field } from './dom.js';
import { currentRoute, go, sharedParams } from './filters.js';
import { overview } from './pages/overview.js';
import { trends } from './pages/trends.js';
import { breakdown } from './pages/breakdown.js';
import { events } from './pages/events.js';
import { connections, connectionDetail, connectForm } from './pages/connections.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
// why the sign-in page is shown again, kept across a reload of the tab
const REFUSED = 'dorastream.refused';

const PAGES = [
  { path: '/overview', label: 'Overview', render: overview },
  { path: '/trends', label: 'Trends', render: trends },
  { path: '/breakdown', label: 'Breakdown', render: breakdown },
  { path: '/events', label: 'Events', render: events },
  { path: '/connections', label: 'Connections', render: connections },
];

// called once: ending the session makes the page's other calls with that token no longer the session's
onTokenRefused(() => {
  session.end();
  sessionStorage.setItem(REFUSED, 'Your token was refused or has expired: sign in again.');
  go('/signin', { next: location.hash.slice(1) });
});

function signIn(params) {
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false' });
  const refused = sessionStorage.getItem(REFUSED);
  const error = h('p', { class: 'problem', role: 'alert', hidden: !refused }, refused || '');
  const enter = (bearer, caller) => {
    session.start(bearer, caller);
    sessionStorage.removeItem(REFUSED);
    const next = params.get('next');
    location.hash = '#' + (next && !next.startsWith('/signin') ? next : '/overview');
  };
  const submit = async e => {
    e.preventDefault();
    error.hidden = true;
    try {
      enter(token.value.trim(), await api('/me', { token: token.value.trim() }));
    } catch (err) {
      error.textContent = err.status === 401 ? 'This token is not known to DoraStream.' : describeError(err);
      error.hidden = false;
    }
  };
  // where the gateway has an OIDC provider for the code flow: a second way in (GET /sso says so)
  const sso = h('div', { class: 'sso', id: 'sso', hidden: true });
  ssoOptions().then(async options => {
    if (!options.enabled) return;
    mount(sso, h('p', { class: 'or' }, 'or'),
      h('a', { class: 'button', id: 'sso-login', href: options.loginPath }, 'Sign in with SSO'));
    sso.hidden = false;
    if (params.get('sso')) {
      // back from the provider: the gateway's session cookie now signs the calls in
      try {
        enter(null, await api('/me', { token: null }));
      } catch (err) {
        error.textContent = err.status === 401 ? 'Single sign-on did not complete: try again.' : describeError(err);
        error.hidden = false;
      }
    }
  });
  return h('section', { class: 'signin card' },
    h('h1', {}, 'Sign in to DoraStream'),
    h('p', {}, 'Paste an API token (the run command prints one). It stays in this tab only and is sent as a bearer token.'),
    h('form', { onsubmit: submit }, field('API token', token), error, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
    sso);
}

async function signOut() {
  if (session.isSso()) await ssoLogout(await ssoOptions());
  session.end();
  go('/signin', {});
}

function renderNav(path, params) {
  const caller = session.caller();
  if (!caller) return mount(nav);
  const shared = sharedParams(params).toString();
  mount(nav,
    h('ul', {}, PAGES.map(p => h('li', {}, h('a', {
      href: '#' + p.path + (shared && p.path !== '/connections' ? '?' + shared : ''),
      'aria-current': path.startsWith(p.path) ? 'page' : false,
    }, p.label)))),
    h('div', { class: 'who' }, h('span', { class: 'badge role-' + caller.role }, caller.name + ' · ' + caller.role),
      h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out')));
}

let rendering = 0;
async function route() {
  const { path, params } = currentRoute();
  const mine = ++rendering;
  if (!session.caller() && path !== '/signin') {
    go('/signin', { next: location.hash.slice(1) });
    return;
  }
  renderNav(path, params);
  if (path === '/signin') {
    mount(main, signIn(params));
    main.querySelector('input')?.focus();
    return;
  }
  let render;
  if (path === '/connections/new') render = connectForm;
  else if (path.startsWith('/connections/')) render = (p, a) => connectionDetail(decodeURIComponent(path.split('/')[2]), p, a);
  else render = PAGES.find(p => p.path === path)?.render;
  if (!render) {
    mount(main, h('section', { class: 'card' }, h('h1', {}, 'Page not found'), h('a', { href: '#/overview' }, 'Go to the overview')));
    return;
  }
  main.setAttribute('aria-busy', 'true');
  mount(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    const content = await render(params, { isCurrent: () => mine === rendering });
    if (mine === rendering) mount(main, content);
  } catch (e) {
    if (mine === rendering) mount(main, errorState(e));
  } finally {
    if (mine === rendering) main.removeAttribute('aria-busy');
  }
  document.title = 'DoraStream · ' + (PAGES.find(p => path.startsWith(p.path))?.label || 'Dashboard');
}

/** A page that could not load: the API's problem in words. */
export function errorState(e) {
  return h('section', { class: 'card state-error', role: 'alert' },
    h('h1', {}, e.status === 503 ? 'Part of DoraStream is unavailable' : 'This page could not load'),
    h('p', { class: 'problem' }, describeError(e)),
    h('button', { type: 'button', onclick: () => route() }, 'Try again'));
}

// the skip link moves the focus to the page's content without touching the hash (the router's)
document.querySelector('a.skip').addEventListener('click', e => { e.preventDefault(); main.focus(); });

window.addEventListener('hashchange', route);
route();
