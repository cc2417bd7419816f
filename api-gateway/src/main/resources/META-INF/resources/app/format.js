// Human units and the one list of the DORA keys the pages show (cards, charts, tables).

const MINUTE = 60, HOUR = 3600, DAY = 86400;

/** "45 s", "12 min", "3.2 h", "4.5 d" */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < MINUTE) return round(seconds, 0) + ' s';
  if (seconds < HOUR) return round(seconds / MINUTE, 0) + ' min';
  if (seconds < 2 * DAY) return round(seconds / HOUR, 1) + ' h';
  return round(seconds / DAY, 1) + ' d';
}

/** "14 per day", "3.5 per week", "2 per month" */
export function frequency(perDay) {
  if (perDay === null || perDay === undefined) return '—';
  if (perDay >= 1) return round(perDay, 1) + ' per day';
  if (perDay * 7 >= 1) return round(perDay * 7, 1) + ' per week';
  return round(perDay * 30, 1) + ' per month';
}

export function percent(rate, digits = 1) {
  return rate === null || rate === undefined ? '—' : round(rate * 100, digits) + ' %';
}

export function round(x, digits) {
  return Number(x).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A position's percentile (Φ(z), 0–1) as people read it: "percentile 66" (ahead of 66 % of the group). */
export function percentile(p) {
  return p === null || p === undefined ? '—' : 'percentile ' + round(p * 100, 0);
}

/** A comparison group's key as a label: "fewer_than_100" → "fewer than 100". */
export function groupLabel(key) {
  return String(key).replaceAll('_', ' ');
}

export function dateTime(iso) {
  return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '—';
}

/** The value at a dotted path ("changeFailureRate.ci95") of an object. */
export function at(obj, path) {
  return path.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

/**
 * The keys: where each figure is in an answer, how it reads, and which way is better.
 * value: the headline; sample: its sample size; interval: its 95 % interval; level: whether the
 * benchmark grades it.
 */
export const KEYS = [
  { id: 'deploymentFrequency', label: 'Deployment frequency', value: 'deploymentFrequency.perDay', format: frequency,
    sample: 'deploymentFrequency.count', sampleLabel: 'deployments', better: 'higher', graded: true },
  { id: 'changeLeadTime', label: 'Lead time for changes', value: 'changeLeadTime.medianSeconds', format: duration,
    sample: 'changeLeadTime.n', sampleLabel: 'deployments with commits', better: 'lower', graded: true, hint: 'median' },
  { id: 'changeFailureRate', label: 'Change failure rate', value: 'changeFailureRate.rate', format: percent,
    sample: 'changeFailureRate.evaluated', sampleLabel: 'deployments evaluated', better: 'lower', graded: true,
    interval: 'changeFailureRate.ci95' },
  { id: 'failedDeploymentRecoveryTime', label: 'Failed deployment recovery time', value: 'failedDeploymentRecoveryTime.medianSeconds',
    format: duration, sample: 'failedDeploymentRecoveryTime.n', sampleLabel: 'failed deployments', better: 'lower', graded: true, hint: 'median' },
  { id: 'reworkRate', label: 'Rework rate', value: 'reworkRate.rate', format: percent, sample: 'reworkRate.known',
    sampleLabel: 'deployments of known type', better: 'lower', graded: false, interval: 'reworkRate.ci95' },
  { id: 'timeToRestore', label: 'Time to restore service', value: 'timeToRestore.medianSeconds', format: duration,
    sample: 'timeToRestore.n', sampleLabel: 'incidents resolved', better: 'lower', graded: false, hint: 'median' },
];

/** The change of a key against the previous period: {text, direction: 'better'|'worse'|'same'} or null. */
export function change(key, now, before) {
  const a = at(now, key.value), b = at(before, key.value);
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const rate = key.format === percent;
  const diff = a - b;
  if (Math.abs(diff) < 1e-12) return { text: 'no change', arrow: '→', direction: 'same' };
  const better = (diff > 0) === (key.better === 'higher');
  const text = rate ? round(Math.abs(diff) * 100, 1) + ' pp' : (b === 0 ? 'new' : round(Math.abs(diff / b) * 100, 0) + ' %');
  return { text, arrow: diff > 0 ? '↑' : '↓', direction: better ? 'better' : 'worse' };
}
