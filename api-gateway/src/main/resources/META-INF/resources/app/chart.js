// A hand-written SVG line chart with an optional interval band, a readout of the point under the
// pointer or keyboard focus, and the same figures as a table (the chart's text alternative).
import { h } from './dom.js';

const W = 640, H = 220, PAD = { left: 92, right: 12, top: 12, bottom: 28 };

/**
 * points: [{label, value, low?, high?, n}] in time order; format: value → text.
 * Returns a <figure> with the chart, its readout and a table of the figures.
 */
export function lineChart({ id, title, points, format, sampleLabel }) {
  const values = points.flatMap(p => [p.value, p.low, p.high]).filter(v => v !== null && v !== undefined);
  const max = values.length ? Math.max(...values) : 1;
  const top = max > 0 ? max * 1.1 : 1;
  const x = i => PAD.left + (points.length <= 1 ? (W - PAD.left - PAD.right) / 2
    : i * (W - PAD.left - PAD.right) / (points.length - 1));
  const y = v => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);

  const readout = h('p', { class: 'readout', 'aria-live': 'polite' }, 'Hover or focus a point to see its figures.');
  const describe = p => p.label + ': ' + (p.value === null ? 'no data' : format(p.value))
    + (p.low !== undefined && p.low !== null ? ' (95 % interval ' + format(p.low) + ' – ' + format(p.high) + ')' : '')
    + ', n = ' + p.n + ' ' + sampleLabel;

  const svg = h('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-labelledby': id + '-title' },
    h('title', { id: id + '-title' }, title + ' — the table below lists the same figures'));
  // axes: baseline, top gridline with its value
  svg.append(h('line', { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), class: 'axis' }),
    h('line', { x1: PAD.left, x2: W - PAD.right, y1: y(max), y2: y(max), class: 'grid' }),
    h('text', { x: PAD.left - 6, y: y(max) + 4, class: 'tick', 'text-anchor': 'end' }, format(max)),
    h('text', { x: PAD.left - 6, y: y(0) + 4, class: 'tick', 'text-anchor': 'end' }, format(0)));
  if (points.length) {
    svg.append(h('text', { x: x(0), y: H - 8, class: 'tick', 'text-anchor': 'start' }, points[0].label),
      h('text', { x: x(points.length - 1), y: H - 8, class: 'tick', 'text-anchor': 'end' }, points[points.length - 1].label));
  }
  // interval band: upper edge forward, lower edge back, over runs of points that have one
  const banded = points.map((p, i) => ({ p, i })).filter(({ p }) => p.low !== null && p.low !== undefined);
  if (banded.length > 1) {
    const d = banded.map(({ p, i }, k) => (k ? 'L' : 'M') + x(i) + ',' + y(p.high)).join('')
      + banded.slice().reverse().map(({ p, i }) => 'L' + x(i) + ',' + y(p.low)).join('') + 'Z';
    svg.append(h('path', { d, class: 'band' }));
  }
  // the line, broken where a point has no value
  let d = '', pen = false;
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) { pen = false; return; }
    d += (pen ? 'L' : 'M') + x(i) + ',' + y(p.value);
    pen = true;
  });
  svg.append(h('path', { d, class: 'line' }));
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) return;
    const show = () => { readout.textContent = describe(p); };
    svg.append(h('circle', { cx: x(i), cy: y(p.value), r: 4, class: 'point', tabindex: 0, 'aria-label': describe(p),
      onmouseenter: show, onfocus: show }, h('title', {}, describe(p))));
  });

  const table = h('table', { class: 'data' },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Period'), h('th', { scope: 'col' }, 'Value'),
      h('th', { scope: 'col' }, '95 % interval'), h('th', { scope: 'col' }, 'n'))),
    h('tbody', {}, points.map(p => h('tr', {}, h('th', { scope: 'row' }, p.label),
      h('td', {}, p.value === null ? '—' : format(p.value)),
      h('td', {}, p.low === undefined || p.low === null ? '—' : format(p.low) + ' – ' + format(p.high)),
      h('td', {}, p.n)))));
  return h('figure', { class: 'chart-box', id },
    h('figcaption', {}, h('h3', {}, title)), svg, readout,
    h('details', {}, h('summary', {}, 'Figures as a table'), table));
}
