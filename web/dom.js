// dom.js — building the page's elements.  Corpus data (text, titles,
// metadata, entity names, links) only ever enters the page as text nodes
// and attribute values set here: never as HTML.

/** Creates an element: el('p', {class: 'x', 'aria-label': 'y'}, child, ...).
 * Children are nodes or strings (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = tag === 'svg' || SVG_TAGS.has(tag)
    ? document.createElementNS('http://www.w3.org/2000/svg', tag)
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}
const SVG_TAGS = new Set(['g', 'rect', 'text', 'line', 'title', 'path']);

export function append(node, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * `text` with spans marked.  spans: [{start, end, make(textOfSpan) -> Node}]
 * with UTF-8 byte offsets into `text` (as the core gives them).  Overlapping
 * spans: the earlier-starting one wins, the other is dropped.  Returns a
 * DocumentFragment of text nodes and the nodes the spans made.
 */
export function markedText(text, spans) {
  const frag = document.createDocumentFragment();
  const str = String(text ?? '');
  if (!spans || spans.length === 0) {
    frag.append(document.createTextNode(str));
    return frag;
  }
  const bytes = encoder.encode(str);
  // Earlier spans win: a span overlapping one already kept is dropped, so
  // callers list search hits before entity mentions and dates.
  // `sorted` stays ordered by start and free of overlaps, so one binary
  // search per span finds its neighbour (long documents have thousands).
  const sorted = [];
  for (const s of spans) {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end && s.start >= 0 && s.end <= bytes.length)) continue;
    let lo = 0, hi = sorted.length; // first kept span starting at or after s.end
    while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid].start < s.end) lo = mid + 1; else hi = mid; }
    if (lo > 0 && sorted[lo - 1].end > s.start) continue;
    sorted.splice(lo, 0, s);
  }
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue;
    if (s.start > pos) frag.append(document.createTextNode(decoder.decode(bytes.subarray(pos, s.start))));
    frag.append(s.make(decoder.decode(bytes.subarray(s.start, s.end))));
    pos = s.end;
  }
  if (pos < bytes.length) frag.append(document.createTextNode(decoder.decode(bytes.subarray(pos))));
  return frag;
}

/** Highlights [[start, end], ...] as <mark> spans for markedText(). */
export function highlightSpans(highlights, cls = 'hit') {
  return (Array.isArray(highlights) ? highlights : [])
    .filter((h) => Array.isArray(h) && h.length >= 2)
    .map(([start, end]) => ({ start, end, make: (t) => el('mark', { class: cls }, t) }));
}

/** Only http(s) URLs become links; anything else (javascript:, data:,
 * relative paths...) is shown as text. */
export function safeHttpUrl(url) {
  if (typeof url !== 'string') return null;
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const u = new URL(trimmed);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
