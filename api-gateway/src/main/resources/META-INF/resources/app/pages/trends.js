// Trends: a chart per key over the window by day, week or month; the interval band where a key has one.
import { api } from '../api.js';
import { lineChart } from '../chart.js';
import { h, field, select } from '../dom.js';
import { KEYS, at } from '../format.js';
import { apiQuery, filterBar, go } from '../filters.js';

export const INTERVALS = ['day', 'week', 'month'];

export async function trends(params) {
  const interval = INTERVALS.includes(params.get('interval')) ? params.get('interval') : 'week';
  const [series, bar] = await Promise.all([
    api('/metrics/dora/timeseries', { query: { ...apiQuery(params), interval } }),
    filterBar('/trends', params),
  ]);
  const intervalSelect = field('By', select('interval', INTERVALS.map(i => [i, i]), interval, {
    onchange: e => { const p = new URLSearchParams(params); p.set('interval', e.target.value); go('/trends', p); },
  }));
  const label = p => p.start.slice(0, 10);
  return h('section', { class: 'trends' },
    h('h1', {}, 'Trends'),
    bar,
    h('form', { class: 'filters', onsubmit: e => e.preventDefault() }, intervalSelect),
    series.points.length === 0 ? h('p', { class: 'card empty' }, 'No data in this window.') : null,
    h('div', { class: 'charts' }, KEYS.map(k => lineChartOf(k, series.points, label))));
}

function lineChartOf(key, points, label) {
  return lineChart({
    id: 'chart-' + key.id,
    title: key.label,
    format: key.format,
    sampleLabel: key.sampleLabel,
    points: points.map(p => {
      const ci = key.interval ? at(p, key.interval) : null;
      return { label: label(p), value: at(p, key.value) ?? null, low: ci ? ci[0] : undefined, high: ci ? ci[1] : undefined, n: at(p, key.sample) };
    }),
  });
}
