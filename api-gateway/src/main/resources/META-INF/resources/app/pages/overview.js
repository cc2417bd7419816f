// Overview: the DORA keys as cards for the view's window and filters, against the previous period.
import { api, session } from '../api.js';
import { h } from '../dom.js';
import { KEYS, at, change, dateTime, groupLabel, percentile, round } from '../format.js';
import { apiQuery, filterBar, previousWindow, windowOf } from '../filters.js';

/** The comparison groups' families as the profile names them. */
const GROUP_FAMILIES = { industry: 'industry', orgSize: 'organisation size' };

/** Older than this, "data as of" turns into a warning. */
const STALE_AFTER_MS = 60 * 60 * 1000;

export async function overview(params) {
  const query = apiQuery(params);
  const w = windowOf(params);
  const prev = previousWindow(w);
  const [status, summary, before, bar] = await Promise.all([
    api('/status'),
    api('/metrics/dora', { query }),
    api('/metrics/dora', { query: { ...query, ...prev } }).catch(() => null),
    filterBar('/overview', params),
  ]);
  const days = Math.round(summary.window.days * 10) / 10;
  return h('section', { class: 'overview' },
    h('h1', {}, 'Overview'),
    statusBanners(status),
    bar,
    noConnection(status),
    freshness(summary.dataAsOf),
    summary.profile ? profile(summary.profile) : null,
    h('div', { class: 'cards' }, KEYS.map(k => card(k, summary, before, days))),
    h('p', { class: 'note' }, 'Window ', h('span', { 'data-figure': 'window' }, dateTime(summary.window.from) + ' – ' + dateTime(summary.window.to)),
      ' (', days, ' days), benchmark ', h('strong', { 'data-figure': 'benchmark' }, summary.benchmark),
      '. Changes compare with the ', days, ' days before.'));
}

/** A backend down, connections still backfilling: banners above everything. */
export function statusBanners(status) {
  const banners = [];
  for (const b of status.backends.filter(b => b.status !== 'up')) {
    banners.push(h('p', { class: 'banner warn', role: 'alert' }, b.name + ' is down: ' + (b.detail || 'not ready')
      + '. Figures may be missing or old until it is back.'));
  }
  const backfilling = (status.connections || []).filter(c => Object.values(c.streams || {}).some(s => s.state === 'backfilling'));
  if (backfilling.length) {
    const progress = backfilling.flatMap(c => Object.values(c.streams)).filter(s => s.state === 'backfilling')
      .map(s => s.backfillProgress || 0);
    const pct = Math.round(100 * progress.reduce((a, b) => a + b, 0) / progress.length);
    banners.push(h('p', { class: 'banner info', role: 'status', id: 'backfill-banner' },
      'Still reading history from Datadog for ', backfilling.map(c => c.name || c.connectionId).join(', '),
      ' (', pct, ' %): the figures grow until the backfill is done. ',
      h('a', { href: '#/connections/' + encodeURIComponent(backfilling[0].connectionId) }, 'See its progress')));
  }
  return banners;
}

function noConnection(status) {
  if (!status.connections || status.connections.length) return null;
  return h('section', { class: 'card empty', id: 'no-connection' },
    h('h2', {}, 'No Datadog account connected yet'),
    h('p', {}, 'DoraStream reads deployments and incidents from Datadog. Connect an account to see your DORA keys.'),
    session.isAdmin() ? h('a', { class: 'button primary', href: '#/connections/new' }, 'Connect Datadog')
      : h('p', {}, 'Ask an admin of DoraStream to connect one.'));
}

function freshness(dataAsOf) {
  if (!dataAsOf) return h('p', { class: 'freshness', id: 'freshness' }, 'No data yet for this view.');
  const age = Date.now() - Date.parse(dataAsOf);
  const stale = age > STALE_AFTER_MS;
  return h('p', { class: 'freshness' + (stale ? ' banner warn' : ''), id: 'freshness', role: stale ? 'alert' : null },
    (stale ? 'Data may be stale: as of ' : 'Data as of ') + dateTime(dataAsOf) + ' (' + ago(age) + ' ago).');
}

function ago(ms) {
  const min = Math.round(ms / 60000);
  if (min < 60) return Math.max(min, 0) + ' min';
  if (min < 2880) return Math.round(min / 60) + ' h';
  return Math.round(min / 1440) + ' days';
}

function profile(p) {
  const part = (name, label) => {
    const s = p[name];
    if (!s) return null;
    return h('div', { class: 'profile-part', 'data-profile': name },
      h('h3', {}, label),
      h('p', { class: 'value', 'data-figure': 'profile.' + name + '.score', 'data-value': JSON.stringify(s.score ?? null) },
        s.score === null || s.score === undefined ? '—' : round(s.score, 1)),
      s.position ? h('p', { 'data-figure': 'profile.' + name + '.position.percentile', 'data-value': JSON.stringify(s.position.percentile ?? null) },
        percentile(s.position.percentile), ' in ', GROUP_FAMILIES[s.position.family] || s.position.family, ' “', groupLabel(s.position.group), '”',
        ' (DORA ', s.position.edition, ')') : null,
      s.partial ? h('p', { class: 'note' }, 'partial: not every key has enough data') : null);
  };
  return h('section', { class: 'card profile', id: 'profile', 'aria-label': 'Performance profile' },
    h('h2', {}, 'Profile'),
    h('div', { class: 'profile-parts' }, part('throughput', 'Throughput'), part('stability', 'Stability'),
      part('performanceAverage', 'Average')));
}

function card(key, summary, before, days) {
  const value = at(summary, key.value);
  const interval = key.interval ? at(summary, key.interval) : null;
  const level = at(summary, key.id + '.level');
  // under a benchmark with scores (dora-2025) a scored key has the field, null without data
  const scored = summary[key.id] && 'score' in summary[key.id];
  const score = at(summary, key.id + '.score');
  const pct = at(summary, key.id + '.position.percentile');
  const delta = before ? change(key, summary, before) : null;
  const raw = (path, v) => ({ 'data-figure': path, 'data-value': JSON.stringify(v ?? null) });
  return h('article', { class: 'card key', 'data-key': key.id, tabindex: 0, 'aria-label': key.label },
    h('h2', {}, key.label, key.hint ? h('small', {}, ' (' + key.hint + ')') : null),
    h('p', { class: 'value', ...raw(key.value, value) }, key.format(value)),
    interval ? h('p', { class: 'interval', ...raw(key.interval, interval) },
      '95 % interval ', key.format(interval[0]), ' – ', key.format(interval[1])) : null,
    scored
      ? h('p', { class: 'score' }, score === null ? h('span', { class: 'badge', ...raw(key.id + '.score', score) }, 'no score: no data')
        : [h('span', { class: 'badge', ...raw(key.id + '.score', score) }, 'score ' + round(score, 1) + ' / 10'),
          pct === null || pct === undefined ? null
            : h('span', raw(key.id + '.position.percentile', pct), ' ' + percentile(pct))])
      : key.graded ? h('p', { ...raw(key.id + '.level', level) },
        level ? h('span', { class: 'badge level-' + level }, level) : h('span', { class: 'badge' }, 'no level: too little data')) : null,
    at(summary, key.id + '.lowSample') ? h('p', { class: 'note' }, 'small sample: read with care') : null,
    delta ? h('p', { class: 'change ' + delta.direction, title: delta.direction + ' than the previous period' },
      h('span', { 'aria-hidden': 'true' }, delta.arrow + ' '), delta.text,
      h('span', { class: 'sr-only' }, ' (' + delta.direction + ')'), ' vs previous ' + days + ' days') : null,
    h('p', { class: 'sample' }, 'n = ', h('span', raw(key.sample, at(summary, key.sample)), at(summary, key.sample)), ' ', key.sampleLabel,
      key.id === 'timeToRestore' ? ', ' + summary.timeToRestore.open + ' still open' : ''),
    h('a', { class: 'more', href: '#/trends' + (location.hash.includes('?') ? '?' + location.hash.split('?')[1] : '') },
      'Trend of ' + key.label.toLowerCase()));
}
