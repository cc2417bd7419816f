// Breakdown: the keys per service, team or env, sortable; the API's CSV; a row filters the overview.
import { api } from '../api.js';
import { h, field, select } from '../dom.js';
import { KEYS, at, round } from '../format.js';
import { apiQuery, filterBar, go, sharedParams } from '../filters.js';

export const BY = ['service', 'team', 'env'];
const LIMIT = 1000;

export async function breakdown(params) {
  const by = BY.includes(params.get('by')) ? params.get('by') : 'service';
  const query = { ...apiQuery(params), by, limit: LIMIT };
  const [answer, bar] = await Promise.all([api('/metrics/dora/breakdown', { query }), filterBar('/breakdown', params)]);
  const [sortKey, sortDir] = (params.get('sort') || 'deployments:desc').split(':');
  const columns = [
    { id: 'key', label: by, value: i => i.key, text: i => i.key ?? '(none)' },
    { id: 'deployments', label: 'Deployments', value: i => i.deploymentFrequency.count, text: i => i.deploymentFrequency.count },
    ...KEYS.map(k => ({
      id: k.id, label: k.label, value: i => at(i, k.value),
      text: i => k.format(at(i, k.value)),
      // the key's level, or its score under a benchmark with scores (dora-2025)
      level: i => at(i, k.id + '.level') ?? null,
      score: i => at(i, k.id + '.score') ?? null,
    })),
  ];
  const col = columns.find(c => c.id === sortKey) || columns[1];
  const dir = sortDir === 'asc' ? 1 : -1;
  const items = answer.items.slice().sort((a, b) => {
    const x = col.value(a), y = col.value(b);
    if (x === y) return 0;
    if (x === null || x === undefined) return 1; // no value: always last
    if (y === null || y === undefined) return -1;
    return (typeof x === 'string' ? x.localeCompare(y) : x - y) * dir;
  });
  const sortBy = c => {
    const p = new URLSearchParams(params);
    p.set('sort', c.id + ':' + (c.id === col.id && dir === -1 ? 'asc' : 'desc'));
    go('/breakdown', p);
  };
  const openRow = item => {
    if (item.key === null) return;
    const p = sharedParams(params);
    p.delete(by);
    p.set(by, item.key);
    go('/overview', p);
  };
  const bySelect = field('By', select('by', BY.map(b => [b, b]), by, {
    onchange: e => { const p = new URLSearchParams(params); p.set('by', e.target.value); p.delete('sort'); go('/breakdown', p); },
  }));
  const download = h('button', { type: 'button', id: 'csv', onclick: () => downloadCsv(query, by) }, 'Download CSV');
  return h('section', { class: 'breakdown' },
    h('h1', {}, 'Breakdown'),
    bar,
    h('form', { class: 'filters', onsubmit: e => e.preventDefault() }, bySelect, download),
    items.length === 0 ? h('p', { class: 'card empty' }, 'No deployments in this view.') : h('div', { class: 'table-wrap' },
      h('table', { class: 'data sortable', id: 'breakdown-table' },
        h('caption', {}, 'DORA keys by ' + by + ' — select a row to see its overview'),
        h('thead', {}, h('tr', {}, columns.map(c => h('th', {
          scope: 'col', 'aria-sort': c.id === col.id ? (dir === 1 ? 'ascending' : 'descending') : 'none',
        }, h('button', { type: 'button', class: 'sort', 'data-column': c.id, onclick: () => sortBy(c) }, c.label))))),
        h('tbody', {}, items.map(i => h('tr', {
          tabindex: i.key === null ? null : 0, class: i.key === null ? null : 'clickable', 'data-key': i.key ?? '',
          onclick: () => openRow(i), onkeydown: e => { if (e.key === 'Enter') openRow(i); },
        }, columns.map((c, n) => h(n === 0 ? 'th' : 'td', { scope: n === 0 ? 'row' : null, 'data-column': c.id, 'data-value': JSON.stringify(c.value(i) ?? null) },
          c.text(i), c.level && c.level(i) ? h('span', { class: 'badge level-' + c.level(i) }, c.level(i))
            : c.score && c.score(i) !== null ? h('span', { class: 'badge', title: 'score out of 10' }, 'score ' + round(c.score(i), 1)) : null))))))));
}

/** The API's own CSV (Accept: text/csv) saved as a file. */
async function downloadCsv(query, by) {
  const csv = await api('/metrics/dora/breakdown', { query, accept: 'text/csv' });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = h('a', { href: url, download: 'dora-by-' + by + '-' + query.from + '-' + query.to + '.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
