// Events: the deployments and incidents behind the view (the API's events endpoints), a page at a time,
// each opening its details.
import { api } from '../api.js';
import { h, field, select } from '../dom.js';
import { dateTime, duration } from '../format.js';
import { apiQuery, filterBar, go } from '../filters.js';

const PAGE = 25;
const KINDS = { deployments: 'Deployments', incidents: 'Incidents' };

export async function events(params) {
  const kind = KINDS[params.get('kind')] ? params.get('kind') : 'deployments';
  const failed = kind === 'deployments' && params.get('failed') === 'true';
  const query = { ...apiQuery(params), limit: PAGE, cursor: params.get('cursor') || undefined, failed: failed ? 'true' : undefined };
  delete query.benchmark; delete query.industry; delete query.orgSize;
  const [page, bar] = await Promise.all([api('/' + kind, { query }), filterBar('/events', params, { benchmark: false })]);
  const nav = mutate => { const p = new URLSearchParams(params); mutate(p); go('/events', p); };
  const dialog = h('dialog', { id: 'event-details', 'aria-labelledby': 'event-title' });
  const open = e => { dialog.replaceChildren(...details(kind, e, () => dialog.close())); dialog.showModal(); };
  const columns = kind === 'deployments'
    ? [['Finished', e => dateTime(e.finishedAt || e.startedAt)], ['Service', e => e.service ?? '—'], ['Env', e => e.env ?? '—'],
      ['Version', e => e.serviceVersion ?? '—'], ['Lead time', e => duration(e.changeLeadTimeSec)], ['Change failure', e => verdict(e.changeFailure)]]
    : [['Started', e => dateTime(e.startedAt)], ['Resolved', e => dateTime(e.finishedAt)], ['Services', e => (e.services || [e.service]).filter(Boolean).join(', ') || '—'],
      ['Name', e => e.name ?? e.title ?? e.eventId]];
  return h('section', { class: 'events' },
    h('h1', {}, 'Events'),
    bar,
    h('form', { class: 'filters', onsubmit: e => e.preventDefault() },
      field('Show', select('kind', Object.entries(KINDS), kind, { onchange: e => nav(p => { p.set('kind', e.target.value); p.delete('cursor'); p.delete('failed'); }) })),
      kind === 'deployments' ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'failed', checked: failed,
        onchange: e => nav(p => { p.delete('cursor'); if (e.target.checked) p.set('failed', 'true'); else p.delete('failed'); }) }), ' failed only') : null),
    page.items.length === 0 ? h('p', { class: 'card empty' }, 'No ' + kind + ' in this view.') : h('div', { class: 'table-wrap' },
      h('table', { class: 'data', id: 'events-table' },
        h('caption', {}, KINDS[kind] + ', newest first — select one for its details'),
        h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', { scope: 'col' }, label)))),
        h('tbody', {}, page.items.map(e => h('tr', { class: 'clickable', tabindex: 0, 'data-event': e.eventId,
          onclick: () => open(e), onkeydown: k => { if (k.key === 'Enter') open(e); } },
        columns.map(([, text]) => h('td', {}, text(e)))))))),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      params.get('cursor') ? h('button', { type: 'button', onclick: () => history.back() }, '← Newer') : null,
      page.nextCursor ? h('button', { type: 'button', id: 'older', onclick: () => nav(p => p.set('cursor', page.nextCursor)) }, 'Older →') : null),
    dialog);
}

function verdict(v) {
  return { failed: 'failed', ok: 'ok', pending: 'pending' }[v] || '—';
}

const SHOWN = new Set(['raw', 'commits', 'connectionId', 'eventId', 'version', 'startedAt', 'finishedAt', 'changeFailure',
  'changeLeadTimeSec', 'service', 'env', 'team', 'remediation', 'serviceVersion']);

/** The details of one event: the known fields first, then every other field the API gives (verdict explanations, links). */
function details(kind, e, close) {
  const row = (k, v) => [h('dt', {}, k), h('dd', {}, v)];
  const commits = e.commits || [];
  return [
    h('header', {}, h('h2', { id: 'event-title' }, (kind === 'deployments' ? 'Deployment ' : 'Incident ') + (e.service ? e.service + ' ' : '') + (e.serviceVersion || e.name || e.eventId)),
      h('button', { type: 'button', class: 'close', onclick: close, 'aria-label': 'Close' }, '×')),
    h('dl', {},
      row('Event id', e.eventId), row('Connection', e.connectionId), row('Published version', e.version),
      kind === 'deployments' ? row('Service / env / team / version', [e.service, e.env, e.team, e.serviceVersion].map(x => x ?? '—').join(' / ')) : null,
      row('Started', dateTime(e.startedAt)), row('Finished', dateTime(e.finishedAt)),
      kind === 'deployments' ? row('Change failure', verdict(e.changeFailure)) : null,
      kind === 'deployments' ? row('Lead time', duration(e.changeLeadTimeSec)) : null,
      e.remediation ? row('Remediation', [e.remediation.type, e.remediation.version, e.remediation.id].filter(Boolean).join(' · ')) : null,
      Object.entries(e).filter(([k, v]) => !SHOWN.has(k) && v !== null && v !== undefined)
        .map(([k, v]) => row(k, typeof v === 'object' ? h('pre', {}, JSON.stringify(v, null, 2)) : String(v)))),
    commits.length ? h('section', {}, h('h3', {}, 'Commits (' + commits.length + ')'), h('ul', { class: 'commits' },
      commits.map(c => h('li', {}, h('code', {}, (c.sha || '').slice(0, 10)), ' ', c.message || '', ' — lead time ', duration(c.changeLeadTimeSec))))) : null,
    h('details', {}, h('summary', {}, 'Raw attributes from Datadog'), h('pre', { class: 'raw' }, JSON.stringify(e.raw, null, 2))),
  ];
}
