// timeline.js — the histogram of the current results over time, with a brush.
//
// Hand-written SVG rather than a charting library: the core's buckets are
// already counted and their keys mix precisions ("2014" next to "2014-08"
// when a document is dated only by its year, see src/timeline.h), so the
// chart is an ordinal row of bars, not a continuous time scale; what a
// library would add (scales, axis ticks, d3-brush with d3-selection,
// d3-drag, d3-transition...) weighs more than this file.  The brush is
// pointer events; the keyboard alternative is the pair of <select>s under
// the chart, which the brush also sets.
import { el, clear } from './dom.js';
import { formatDate } from './i18n.js';

const MAX_FILL = 400; // empty buckets are added between dated ones up to this many bars

function pad(value, end) {
  const [y, m, d] = value.split('-');
  const mm = m || (end ? '12' : '01');
  const dd = d || (end ? '31' : '01');
  return `${y.padStart(4, '0')}-${mm}-${dd}`;
}

/** Does bucket `key` overlap the period [from, to] (either may be empty)? */
export function keyInPeriod(key, from, to) {
  if (from && pad(key, true) < pad(from, false)) return false;
  if (to && pad(key, false) > pad(to, true)) return false;
  return true;
}

function nextKey(key, unit) {
  const [y, m, d] = key.split('-').map(Number);
  if (unit === 'year') return String(y + 1).padStart(4, '0');
  if (unit === 'month') return m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d + 1);
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

const UNIT_LEN = { year: 4, month: 7, day: 10 };

/** The bars: the core's buckets, with empty ones filled in between. */
export function bars(hist) {
  const buckets = (hist && Array.isArray(hist.buckets) ? hist.buckets : [])
    .filter((b) => b && typeof b.key === 'string' && /^\d{4}(-\d\d){0,2}$/.test(b.key));
  const counts = new Map(buckets.map((b) => [b.key, Number(b.count) || 0]));
  const unit = hist && hist.unit;
  const len = UNIT_LEN[unit];
  const unitKeys = buckets.map((b) => b.key).filter((k) => k.length === len).sort();
  if (len && unitKeys.length > 1) {
    let k = unitKeys[0];
    for (let i = 0; i < MAX_FILL && k < unitKeys[unitKeys.length - 1]; i++) {
      k = nextKey(k, unit);
      if (!counts.has(k)) counts.set(k, 0);
    }
  }
  return [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([key, count]) => ({ key, count }));
}

/**
 * Draws the timeline into `root`.
 * opts: {hist, from, to, lang, t (strings), onSelect(from, to), width (px;
 * measured when not given)}.  Returns the width it drew for.
 */
export function renderTimeline(root, { hist, from, to, lang, t, onSelect, width: known }) {
  // The caller gives the width when it knows it (app.js watches it with a
  // ResizeObserver): reading clientWidth right after the results list was
  // rebuilt forces a layout of the whole page, tens of ms at 50 results.
  const width = Math.max(240, Math.floor(known || root.clientWidth || 600));
  clear(root);
  const data = bars(hist);
  const height = 132;
  const top = 18;
  const axis = 22;
  const chartH = height - top - axis;
  const n = Math.max(data.length, 1);
  const step = width / n;
  const max = Math.max(1, ...data.map((d) => d.count));
  // Each bar's label is used up to five times (bar title, axis, both lists).
  const labels = new Map();
  const label = (key) => {
    let l = labels.get(key);
    if (l === undefined) {
      l = formatDate(key, null, lang, true);
      labels.set(key, l);
    }
    return l;
  };

  const summary = data.length
    ? `${t.timeline}: ${label(data[0].key)} – ${label(data[data.length - 1].key)}`
    : `${t.timeline}: ${t.total(0)}`;
  const svg = el('svg', {
    class: 'tl-chart', width, height, viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': summary,
  });
  svg.append(el('text', { x: 0, y: 11, class: 'tl-max' }, String(max)));
  svg.append(el('line', { x1: 0, x2: width, y1: top, y2: top, class: 'tl-grid' }));
  svg.append(el('line', { x1: 0, x2: width, y1: top + chartH, y2: top + chartH, class: 'tl-base' }));
  const hasPeriod = Boolean(from || to);
  data.forEach((d, i) => {
    const h = d.count ? Math.max(2, (d.count / max) * chartH) : 0;
    const inside = keyInPeriod(d.key, from, to);
    const bw = Math.min(56, Math.max(1, step * (step > 6 ? 0.78 : 1)));
    const rect = el('rect', {
      x: (i * step + (step - bw) / 2).toFixed(2), y: (top + chartH - h).toFixed(2),
      width: bw.toFixed(2), height: h.toFixed(2),
      class: `tl-bar${hasPeriod ? (inside ? ' in' : ' out') : ''}`,
      'data-key': d.key,
    });
    rect.append(el('title', {}, t.barLabel(label(d.key), d.count)));
    svg.append(rect);
  });
  // Axis labels, thinned so that they never overlap.
  const approx = data.length ? Math.max(...data.map((d) => label(d.key).length)) * 6.5 + 10 : 40;
  const every = Math.max(1, Math.ceil(approx / step));
  data.forEach((d, i) => {
    if (i % every !== 0) return;
    const x = i * step + step / 2;
    if (x - approx / 2 < -4 && i !== 0) return;
    const anchor = x < approx / 2 ? 'start' : x > width - approx / 2 ? 'end' : 'middle';
    svg.append(el('text', { x: anchor === 'start' ? 0 : anchor === 'end' ? width : x, y: height - 5, class: 'tl-label', 'text-anchor': anchor }, label(d.key)));
  });
  const brush = el('rect', { class: 'tl-brush', x: 0, y: top, width: 0, height: chartH, visibility: 'hidden' });
  svg.append(brush);

  // Pointer brush: press, drag across bars, release.
  const indexAt = (ev) => {
    const r = svg.getBoundingClientRect();
    const x = ((ev.clientX - r.left) / r.width) * width;
    return Math.min(data.length - 1, Math.max(0, Math.floor(x / step)));
  };
  let start = null;
  const show = (a, b) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    brush.setAttribute('x', String(lo * step));
    brush.setAttribute('width', String((hi - lo + 1) * step));
    brush.setAttribute('visibility', 'visible');
  };
  if (data.length) {
    svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      start = indexAt(ev);
      try { svg.setPointerCapture(ev.pointerId); } catch { /* synthetic events */ }
      show(start, start);
      ev.preventDefault();
    });
    svg.addEventListener('pointermove', (ev) => {
      if (start !== null) show(start, indexAt(ev));
    });
    const finish = (ev) => {
      if (start === null) return;
      const end = indexAt(ev);
      const lo = Math.min(start, end);
      const hi = Math.max(start, end);
      start = null;
      onSelect(data[lo].key, data[hi].key);
    };
    svg.addEventListener('pointerup', finish);
    svg.addEventListener('pointercancel', () => { start = null; brush.setAttribute('visibility', 'hidden'); });
  }
  root.append(svg);

  // The keyboard (and screen reader) way to set the same period.
  const keys = data.map((d) => d.key);
  const options = (value) => {
    const list = [...keys];
    if (value && !list.includes(value)) list.push(value);
    list.sort();
    return [el('option', { value: '' }, t.any), ...list.map((k) => el('option', { value: k, selected: k === value }, label(k)))];
  };
  const fromSel = el('select', { id: 'tl-from', 'aria-label': `${t.period}: ${t.from}` }, options(from));
  const toSel = el('select', { id: 'tl-to', 'aria-label': `${t.period}: ${t.to}` }, options(to));
  fromSel.value = from || '';
  toSel.value = to || '';
  const changed = () => {
    let a = fromSel.value;
    let b = toSel.value;
    if (a && b && a > b) [a, b] = [b, a];
    onSelect(a, b);
  };
  fromSel.addEventListener('change', changed);
  toSel.addEventListener('change', changed);
  const row = el('div', { class: 'tl-period' },
    el('label', { for: 'tl-from' }, t.from), fromSel,
    el('label', { for: 'tl-to' }, t.to), toSel,
    hasPeriod ? el('button', { type: 'button', class: 'link-button', id: 'tl-clear', onclick: () => onSelect('', '') }, t.clearPeriod) : null,
    hist && hist.undated ? el('span', { class: 'tl-undated' }, t.undatedCount(hist.undated)) : null);
  root.append(row);
  return width;
}
