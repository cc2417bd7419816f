// Connections: the list with status badges, the Connect Datadog form with its live validation
// checklist, and a connection's detail (each stream's sync; pause, resume, rotate keys, re-sync, delete).
import { api, session, describeError, ApiError } from '../api.js';
import { h, mount, field, select } from '../dom.js';
import { dateTime, duration, round } from '../format.js';
import { go } from '../filters.js';

/**
 * The Datadog sites a connection may name, with their region labels. The connector's DatadogSite
 * decides (it refuses any other); this is the same list for the dropdown.
 */
export const SITES = [
  ['datadoghq.com', 'US1 — datadoghq.com'], ['us3.datadoghq.com', 'US3 — us3.datadoghq.com'],
  ['us5.datadoghq.com', 'US5 — us5.datadoghq.com'], ['datadoghq.eu', 'EU1 — datadoghq.eu'],
  ['ap1.datadoghq.com', 'AP1 — ap1.datadoghq.com'], ['ap2.datadoghq.com', 'AP2 — ap2.datadoghq.com'],
  ['uk1.datadoghq.com', 'UK1 — uk1.datadoghq.com'],
];
const MAX_BACKFILL_DAYS = 730;
const REFRESH_MS = 3000;
const CHECK_NAMES = { apiKey: 'API key', appKey: 'Application key', deployments: 'Deployments stream', failures: 'Failures (incidents) stream' };

const badge = (kind, text) => h('span', { class: 'badge state-' + kind }, text);

export async function connections() {
  const [list, status] = await Promise.all([api('/connections'), api('/status')]);
  const syncOf = id => (status.connections || []).find(c => c.connectionId === id)?.streams || {};
  return h('section', { class: 'connections' },
    h('h1', {}, 'Connections'),
    session.isAdmin() ? h('p', {}, h('a', { class: 'button primary', href: '#/connections/new', id: 'connect' }, 'Connect Datadog')) : null,
    list.items.length === 0 ? h('section', { class: 'card empty' }, h('h2', {}, 'No connection yet'),
      h('p', {}, session.isAdmin() ? 'Connect a Datadog account to start reading its deployments and incidents.'
        : 'Ask an admin of DoraStream to connect a Datadog account.'))
      : h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'connections-table' },
        h('caption', {}, 'Connected Datadog accounts'),
        h('thead', {}, h('tr', {}, ['Name', 'Site', 'Status', 'Deployments', 'Failures'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, list.items.map(c => h('tr', { 'data-connection': c.id },
          h('th', { scope: 'row' }, h('a', { href: '#/connections/' + encodeURIComponent(c.id) }, c.name)),
          h('td', {}, c.site), h('td', {}, badge(c.status, c.status)),
          ['deployments', 'failures'].map(s => h('td', {}, streamBadge(syncOf(c.id)[s]))))))))); 
}

function streamBadge(s) {
  if (!s) return '—';
  return s.state === 'backfilling' ? badge('backfilling', 'backfilling ' + Math.round(100 * (s.backfillProgress || 0)) + ' %') : badge(s.state, s.state);
}

/** The live validation as a checklist: one line per check, Datadog's own text (or what a read found) and what to fix under it. */
function checklist(checks) {
  return h('ul', { class: 'checklist', id: 'checklist', 'aria-label': 'Validation' }, checks.map(c => h('li', {
    class: c.ok ? 'ok' : 'failed', 'data-check': c.name,
  }, h('span', { 'aria-hidden': 'true' }, c.ok ? '✓ ' : '✗ '), CHECK_NAMES[c.name] || c.name, h('span', { class: 'sr-only' }, c.ok ? ' passed' : ' failed'),
  c.detail ? h('p', { class: 'detail' }, c.detail) : null, c.hint ? h('p', { class: 'hint' }, c.hint) : null)));
}

/** The checks of a created connection: its answer's checklist, else its sources (the keys passed, or it would not exist). */
function checksOf(connection) {
  if (Array.isArray(connection.checks)) return connection.checks;
  return [{ name: 'apiKey', ok: true }, ...Object.entries(connection.sources || {})
    .map(([name, s]) => ({ name, ok: s.available, detail: s.detail }))];
}

/** Shows a refused write in a form: the checklist of a 422, the field errors of a 400, the existing connection of a 409, else the problem. */
function showRefusal(box, e) {
  const p = e instanceof ApiError ? e.problem : {};
  mount(box, h('p', { class: 'problem', role: 'alert' }, describeError(e)), Array.isArray(p.checks) ? checklist(p.checks) : null,
    p.connection ? h('a', { class: 'button', id: 'existing-connection', href: '#/connections/' + encodeURIComponent(p.connection.id) },
      'Open “' + p.connection.name + '”') : null);
}

/** Warnings of a created connection (e.g. its first events already exist under another one), each linking the other. */
function warningList(warnings) {
  if (!Array.isArray(warnings) || warnings.length === 0) return null;
  return h('ul', { class: 'warnings', id: 'connect-warnings', role: 'alert', 'aria-label': 'Warnings' }, warnings.map(w => h('li', {
    class: 'warning', 'data-warning': w.code,
  }, h('span', { 'aria-hidden': 'true' }, '⚠ '), w.message, ' ',
  w.connectionId ? h('a', { href: '#/connections/' + encodeURIComponent(w.connectionId) }, 'Open “' + w.name + '”') : null)));
}

/** A fresh Idempotency-Key: random, also where crypto.randomUUID is missing (plain http off localhost). */
function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'connect-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export async function connectForm() {
  if (!session.isAdmin()) {
    return h('section', { class: 'card' }, h('h1', {}, 'Connect Datadog'), h('p', {}, 'Only an admin token may connect accounts.'));
  }
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  // the same form sent again (after a timeout, a lost answer) keeps its key: the gateway answers the first create
  // again instead of making a second connection; any change of the form is a new request with a new key
  let attempt = { body: null, key: null };
  const input = (name, attrs = {}) => h('input', { name, id: 'connect-' + name, ...attrs });
  const form = h('form', { class: 'card form', id: 'connect-form' },
    field('Name', input('name', { required: true, maxlength: 200 })),
    field('Datadog site', select('site', SITES, SITES[0][0], { id: 'connect-site' }), 'where your organisation lives: the domain you log in to'),
    field('API key', input('apiKey', { type: 'password', required: true, autocomplete: 'off' })),
    field('Application key', input('appKey', { type: 'password', required: true, autocomplete: 'off' })),
    field('Query (optional)', input('query', { placeholder: 'env:production' }), 'a Datadog event query narrowing what is read'),
    field('Backfill (days)', input('backfillDays', { type: 'number', min: 1, max: MAX_BACKFILL_DAYS, value: 90 }), 'how much history to read at first, up to ' + MAX_BACKFILL_DAYS + ' days'),
    field('Poll interval (seconds)', input('pollIntervalSeconds', { type: 'number', min: 1, value: 60 })),
    h('button', { type: 'submit', class: 'primary' }, 'Connect and validate'),
    result);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const v = Object.fromEntries(new FormData(form));
    const body = { name: v.name, site: v.site, apiKey: v.apiKey, appKey: v.appKey, query: v.query || undefined,
      backfillDays: Number(v.backfillDays), pollIntervalSeconds: Number(v.pollIntervalSeconds) };
    const sent = JSON.stringify(body);
    if (attempt.body !== sent) attempt = { body: sent, key: newIdempotencyKey() };
    mount(result, h('p', { class: 'loading' }, 'Validating the keys with Datadog…'));
    form.querySelector('button[type=submit]').disabled = true;
    try {
      const c = await api('/connections', { method: 'POST', body, headers: { 'Idempotency-Key': attempt.key } });
      mount(result, h('p', { class: 'success', role: 'status' }, 'Connected “' + c.name + '”. Datadog answered:'), checklist(checksOf(c)),
        warningList(c.warnings),
        h('a', { class: 'button', href: '#/connections/' + encodeURIComponent(c.id), id: 'open-connection' }, 'See its sync'));
      form.querySelectorAll('input[type=password]').forEach(i => { i.value = ''; });
    } catch (err) {
      showRefusal(result, err);
    } finally {
      form.querySelector('button[type=submit]').disabled = false;
    }
  });
  return h('section', {}, h('h1', {}, 'Connect Datadog'),
    h('p', {}, 'The keys are checked live against Datadog, then stored encrypted; only their last characters are ever shown again.'), form);
}

export async function connectionDetail(id, params, { isCurrent }) {
  const [c, sync] = await Promise.all([api('/connections/' + encodeURIComponent(id)), api('/connections/' + encodeURIComponent(id) + '/sync')]);
  const streamsBox = h('div', { id: 'streams' }, streams(sync));
  const refresh = async () => {
    if (!isCurrent() || !document.contains(streamsBox)) return;
    try {
      const s = await api('/connections/' + encodeURIComponent(id) + '/sync');
      mount(streamsBox, streams(s));
    } catch (e) {
      mount(streamsBox, h('p', { class: 'problem', role: 'alert' }, describeError(e)));
    }
    setTimeout(refresh, REFRESH_MS);
  };
  setTimeout(refresh, REFRESH_MS);
  return h('section', { class: 'connection' },
    h('p', {}, h('a', { href: '#/connections' }, '← Connections')),
    h('h1', {}, c.name, ' ', badge(c.status, c.status)),
    h('dl', { class: 'card' },
      h('dt', {}, 'Site'), h('dd', {}, c.site), h('dt', {}, 'Query'), h('dd', {}, c.query || '(everything)'),
      h('dt', {}, 'Keys'), h('dd', {}, 'API ', c.apiKeyHint || '—', ', application ', c.appKeyHint || '—'),
      h('dt', {}, 'Backfill'), h('dd', {}, c.backfillDays, ' days'), h('dt', {}, 'Poll interval'), h('dd', {}, duration(c.pollIntervalSeconds)),
      h('dt', {}, 'Created'), h('dd', {}, dateTime(c.createdAt))),
    h('h2', {}, 'Sync'), streamsBox,
    session.isAdmin() ? manage(c) : null);
}

function streams(sync) {
  return h('div', { class: 'cards' }, Object.entries(sync.streams).map(([name, s]) => h('article', { class: 'card stream', 'data-stream': name },
    h('h3', {}, name, ' ', badge(s.state, s.state)),
    s.state === 'backfilling'
      ? h('p', {}, h('label', { for: 'progress-' + name }, 'Backfill '),
        h('progress', { id: 'progress-' + name, max: 1, value: s.backfillProgress || 0 }), ' ', Math.round((s.backfillProgress || 0) * 100) + ' %')
      : s.backfillProgress >= 1 ? h('p', { class: 'done' }, 'Backfill done') : null,
    h('dl', {},
      h('dt', {}, 'Lag'), h('dd', {}, s.lagSeconds === null || s.lagSeconds === undefined ? '—' : duration(s.lagSeconds)),
      h('dt', {}, 'Read up to'), h('dd', {}, dateTime(s.position)),
      h('dt', {}, 'Last success'), h('dd', {}, dateTime(s.lastSuccessAt)),
      h('dt', {}, 'Events published'), h('dd', {}, s.eventsPublished ?? '—'),
      h('dt', {}, 'Events rejected'), h('dd', {}, s.eventsRejected ?? '—'),
      h('dt', {}, 'Rate-limit headroom'), h('dd', {}, s.rateLimitRemaining === null || s.rateLimitRemaining === undefined ? '—' : round(s.rateLimitRemaining, 0) + ' calls'),
      h('dt', {}, 'Next reconciliation'), h('dd', {}, dateTime(s.nextReconcileAt)),
      s.nextProbeAt ? [h('dt', {}, 'Keys tried again'), h('dd', {}, dateTime(s.nextProbeAt))] : null),
    s.lastError ? h('p', { class: 'problem' }, lastErrorLabel(s.lastError), s.lastError.message) : null)));
}

/** Whose failure the last error is: Datadog's, or DoraStream's own (its database, Kafka…). */
function lastErrorLabel(e) {
  return e.source === 'dorastream' ? 'Last error (DoraStream, ' + (e.kind || 'internal') + '): ' : 'Last error (Datadog): ';
}

function manage(c) {
  const path = '/connections/' + encodeURIComponent(c.id);
  const out = h('div', { class: 'result', 'aria-live': 'polite' });
  const act = async (fn, done) => {
    mount(out, h('p', { class: 'loading' }, 'Working…'));
    try { await fn(); mount(out, h('p', { class: 'success', role: 'status' }, done)); } catch (e) { showRefusal(out, e); }
  };
  const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  const paused = c.status === 'paused';
  const keys = h('form', { class: 'inline', 'aria-label': 'Rotate keys' },
    field('New API key', h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', required: true })),
    field('New application key', h('input', { type: 'password', name: 'appKey', autocomplete: 'off', required: true })),
    h('button', { type: 'submit' }, 'Rotate keys'));
  keys.addEventListener('submit', e => { e.preventDefault(); const v = Object.fromEntries(new FormData(keys));
    act(() => api(path, { method: 'PATCH', body: v }), 'Keys rotated: Datadog accepted the new ones.'); });
  const range = h('form', { class: 'inline', 'aria-label': 'Re-sync a range' },
    field('From', h('input', { type: 'date', name: 'from' })), field('To', h('input', { type: 'date', name: 'to' })),
    h('button', { type: 'submit' }, 'Re-sync range'));
  range.addEventListener('submit', e => { e.preventDefault(); const v = Object.fromEntries(new FormData(range));
    act(() => api(path + '/sync', { method: 'POST', body: { from: v.from || undefined, to: v.to || undefined } }),
      'The range is being read again: changes are published, vanished events forgotten.'); });
  const purge = h('input', { type: 'checkbox', name: 'purge', id: 'purge' });
  return h('section', { class: 'card manage', id: 'manage' },
    h('h2', {}, 'Manage'),
    h('p', {}, h('button', { type: 'button', id: paused ? 'resume' : 'pause',
      onclick: () => act(() => api(path, { method: 'PATCH', body: { paused: !paused } }), paused ? 'Resumed.' : 'Paused.').then(reload) },
    paused ? 'Resume polling' : 'Pause polling')),
    keys, range,
    h('div', { class: 'danger' },
      h('label', { class: 'check', for: 'purge' }, purge, ' also forget its events'),
      h('p', { class: 'hint' }, 'Deleting stops polling and keeps the events published so far; with “forget” each of them is also withdrawn downstream (a tombstone per event).'),
      h('button', { type: 'button', class: 'danger', onclick: () => {
        if (!confirm('Delete the connection “' + c.name + '”' + (purge.checked ? ' and forget its events' : '') + '?')) return;
        act(() => api(path, { method: 'DELETE', query: { purge: purge.checked ? 'true' : undefined } }), 'Deleted.').then(() => go('/connections', {}));
      } }, 'Delete connection')),
    out);
}
