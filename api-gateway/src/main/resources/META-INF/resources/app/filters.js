// The view's filters, kept in the URL's hash (#/overview?days=30&service=checkout&benchmark=dora-2023)
// so that a view can be shared as a link; and the filter bar that edits them.
import { api, ApiError } from './api.js';
import { h, field, select } from './dom.js';
import { groupLabel } from './format.js';

export const PRESETS = [7, 30, 90, 180, 365];
export const DEFAULT_DAYS = 30;
export const LISTS = ['service', 'team', 'env', 'connection'];
const DAY_MS = 86400000;

export function currentRoute() {
  const [path, qs] = location.hash.replace(/^#/, '').split('?');
  return { path: path || '/overview', params: new URLSearchParams(qs || '') };
}

/** Navigates to path with params (URLSearchParams or object), adding a history entry. */
export function go(path, params) {
  const qs = new URLSearchParams(params).toString();
  location.hash = '#' + path + (qs ? '?' + qs : '');
}

function isoDate(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The window [from, to) of the params: explicit from/to dates, else the last `days` days up to today included. */
export function windowOf(params) {
  if (params.get('from') && params.get('to')) return { from: params.get('from'), to: params.get('to'), days: null };
  const days = Number(params.get('days')) || DEFAULT_DAYS;
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return { from: isoDate(today + DAY_MS - days * DAY_MS), to: isoDate(today + DAY_MS), days };
}

/** The previous period of equal length, right before the window. */
export function previousWindow(w) {
  const from = Date.parse(w.from + (w.from.length === 10 ? 'T00:00:00Z' : ''));
  const to = Date.parse(w.to + (w.to.length === 10 ? 'T00:00:00Z' : ''));
  return { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() };
}

/** The API query of the view: window, filters and benchmark (with its comparison group). */
export function apiQuery(params) {
  const w = windowOf(params);
  const q = { from: w.from, to: w.to };
  for (const k of LISTS) q[k] = params.getAll(k);
  for (const k of ['benchmark', 'industry', 'orgSize']) if (params.get(k)) q[k] = params.get(k);
  return q;
}

/** The params of the view that the pages share (others, like a page's sort, are left out). */
export function sharedParams(params) {
  const out = new URLSearchParams();
  for (const k of ['days', 'from', 'to', ...LISTS, 'benchmark', 'industry', 'orgSize']) {
    for (const v of params.getAll(k)) out.append(k, v);
  }
  return out;
}

let benchmarksCache;
/** GET /metrics/benchmarks; null where the gateway does not have the endpoint. */
export async function benchmarks() {
  if (benchmarksCache === undefined) {
    try {
      benchmarksCache = await api('/metrics/benchmarks');
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) benchmarksCache = null;
      else throw e;
    }
  }
  return benchmarksCache;
}

const optionsCache = new Map();
/** The values of a filter that occur in the window (the breakdown's keys), and the connections. */
async function optionsOf(kind, w) {
  const cacheKey = kind + w.from + w.to;
  if (!optionsCache.has(cacheKey)) {
    optionsCache.set(cacheKey, (kind === 'connection'
      ? api('/connections').then(r => r.items.map(c => [c.id, c.name]))
      : api('/metrics/dora/breakdown', { query: { from: w.from, to: w.to, by: kind, limit: 1000 } })
        .then(r => r.items.filter(i => i.key !== null).map(i => [i.key, i.key]).sort((a, b) => a[1].localeCompare(b[1]))))
      .catch(e => { optionsCache.delete(cacheKey); throw e; }));
  }
  return optionsCache.get(cacheKey);
}

const LABELS = { service: 'Service', team: 'Team', env: 'Environment', connection: 'Connection' };

/** The filter bar of a page at path; a change navigates to the same page with the new params. */
export async function filterBar(path, params, { benchmark = true } = {}) {
  const w = windowOf(params);
  const change = mutate => {
    const next = new URLSearchParams(params);
    mutate(next);
    go(path, next);
  };
  const custom = !w.days;
  const windowSelect = select('window', [...PRESETS.map(d => [String(d), 'Last ' + d + ' days']), ['custom', 'Custom…']],
    custom ? 'custom' : String(w.days), {
      onchange: e => change(p => {
        if (e.target.value === 'custom') { p.set('from', w.from); p.set('to', w.to); p.delete('days'); }
        else { p.set('days', e.target.value); p.delete('from'); p.delete('to'); }
      }),
    });
  const controls = [field('Window', windowSelect)];
  if (custom) {
    const dateInput = (name, label) => field(label, h('input', { type: 'date', name, value: w[name].slice(0, 10),
      onchange: e => e.target.value && change(p => p.set(name, e.target.value)) }));
    controls.push(dateInput('from', 'From'), dateInput('to', 'To (exclusive)'));
  }
  const lists = await Promise.all(LISTS.map(k => optionsOf(k, w).catch(() => [])));
  LISTS.forEach((k, i) => {
    const chosen = params.get(k) || '';
    const options = lists[i].some(([v]) => v === chosen) || !chosen ? lists[i] : [[chosen, chosen], ...lists[i]];
    controls.push(field(LABELS[k], select(k, [['', 'All'], ...options], chosen, {
      onchange: e => change(p => { p.delete(k); if (e.target.value) p.set(k, e.target.value); }),
    })));
  });
  if (benchmark) controls.push(...await benchmarkControls(params, change));
  return h('form', { class: 'filters', 'aria-label': 'Filters', onsubmit: e => e.preventDefault() }, controls);
}

async function benchmarkControls(params, change) {
  const list = await benchmarks().catch(() => null);
  if (!list) return [];
  const chosen = params.get('benchmark') || list.default;
  const controls = [field('Benchmark', select('benchmark', list.benchmarks.map(b => [b.name, b.name + (b.name === list.default ? ' (default)' : '')]),
    chosen, { onchange: e => change(p => { p.set('benchmark', e.target.value); p.delete('industry'); p.delete('orgSize'); }) }))];
  const groups = list.benchmarks.find(b => b.name === chosen)?.groups || {};
  const families = Object.keys(groups);
  if (families.length) {
    const family = families.find(f => params.get(f)) || families[0];
    const names = { industry: 'Industry', orgSize: 'Organisation size' };
    controls.push(field('Compare with', select('family', families.map(f => [f, names[f] || f]), family, {
      onchange: e => change(p => { families.forEach(f => p.delete(f)); p.set(e.target.value, groups[e.target.value][0]); }),
    })), field(names[family] || family, select(family, groups[family].map(g => [g, groupLabel(g)]), params.get(family) || groups[family][0], {
      onchange: e => change(p => { families.forEach(f => p.delete(f)); p.set(family, e.target.value); }),
    })));
  }
  return controls;
}
