// app.js — the Lanterne explorer page: search as you type, timeline with a
// period brush, entities, a document reader, state in the URL hash.
//
// The same page is the embed of an article (web/embed.js puts it in an
// <iframe> with #embed=1 and the preset slice in the hash): compact chrome,
// the view the article asks for (results, timeline, entity, document),
// its height posted to the article, no history entries, no focus taken,
// and an "open the full explorer" link that carries the current state.
//
// Everything the corpus provides (text, titles, metadata, entity names,
// links) is put in the page with textContent and createElement (dom.js),
// never as HTML.  The index and the wasm core are inside the page (or, on
// a web server, beside it), so nothing is fetched from anywhere else.
import { loadCore, openIndexFromChunks } from '../wasm/lanterne.mjs';
import { setWasmModule } from './core-shim.mjs';
import { STRINGS, initialLanguage, saveLanguage, formatDate } from './i18n.js';
import { el, append, clear, markedText, highlightSpans, safeHttpUrl } from './dom.js';
import { renderTimeline } from './timeline.js';
import { applyTheme, parseAccent } from './theme.js';
import * as share from './share.js';
import { Unpacker, packedSize, unpack } from './packed.js';

// Results per page: every shown hit costs a snippet, and a reader reads the
// first screen; "more" adds as many again.
const PAGE = 20;
const DEBOUNCE_MS = 60;
const $ = (id) => document.getElementById(id);
const stats = { firstAnswerMs: null, openMs: null, heapBytes: null, searches: [], core: [], extras: [], phases: {}, shared: false, heights: 0, share: share.log };
window.__lanterne = stats;
/** The core's answer to a request, as the page's searches get it, for the
 *  benchmark (tests/bench/page.mjs) to time the search alone in Chromium. */
stats.search = (request) => (index ? index.search(request) : null);
/** Load phases, ms from navigation start (window.__lanterne.phases). */
const phase = (name) => { stats.phases[name] = Math.round(performance.now()); };
const VIEWS = ['results', 'timeline', 'entity', 'document'];
const EMBED_MSG = 'lanterne'; // the namespace of the messages to the article (web/embed.js)

let state = parseHash();
let lang = state.lang || initialLanguage();
let t = STRINGS[lang];
let index = null;
let info = null;
let limit = PAGE;
let lastAnswer = null;
let lastContext = null;
let lastFacets = null;
let lastSearchKey = null;
let readerDoc = null;
let hitIndex = 0;
let cardId = null;
let loading = true;
const entityNames = new Map();
/** While an embed loads it takes no focus (that would scroll the article to it). */
const quiet = () => loading && state.embed;

// ---------------------------------------------------------------- state ---

function parseHash() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  const s = {
    q: p.get('q') || '',
    sort: p.get('sort') === 'date' || p.get('sort') === 'relevance' ? p.get('sort') : '',
    from: validDate(p.get('from')),
    to: validDate(p.get('to')),
    dates: p.get('dates') === 'mentioned' ? 'mentioned' : 'written',
    ents: p.getAll('e').filter(Boolean).slice(0, 8),
    doc: p.get('doc') || '',
    // How the page looks; an article's embed sets them.
    view: VIEWS.includes(p.get('view')) ? p.get('view') : '',
    lang: p.get('lang') === 'fr' || p.get('lang') === 'en' ? p.get('lang') : '',
    theme: ['light', 'dark', 'auto'].includes(p.get('theme')) ? p.get('theme') : '',
    accent: parseAccent(p.get('accent')),
    embed: p.get('embed') === '1',
  };
  return s;
}

function validDate(v) {
  return v && /^\d{4}(-\d\d){0,2}$/.test(v) ? v : '';
}

/** The hash of state `s`; `full`: for the full explorer (no embed mode). */
function toHash(s, { full = false } = {}) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.sort) p.set('sort', s.sort);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.dates === 'mentioned') p.set('dates', 'mentioned');
  for (const e of s.ents) p.append('e', e);
  if (s.doc) p.set('doc', s.doc);
  if (s.view) p.set('view', s.view);
  if (s.lang) p.set('lang', s.lang);
  if (s.theme) p.set('theme', s.theme);
  if (s.accent) p.set('accent', s.accent.slice(1));
  if (s.embed && !full) p.set('embed', '1');
  const h = p.toString();
  return h ? `#${h}` : '#';
}

/** The address of the full explorer showing state `s` (a new tab). */
function fullUrl(s) {
  return location.href.split('#')[0] + toHash(s, { full: true });
}

const embedded = () => state.embed && window.parent !== window;

/** Moves to a new state: a new history entry (push) or the same one. */
function go(changes, { push = true, opened = false, typing = false } = {}) {
  state = { ...state, ...changes };
  const hash = toHash(state);
  if (hash !== location.hash && !(hash === '#' && location.hash === '')) {
    // An embed never adds history entries: the article's Back button
    // belongs to the article.
    if (push && !state.embed) history.pushState(opened ? { opened: true } : null, '', hash);
    else history.replaceState(history.state, '', hash);
  }
  render(typing);
}

// ----------------------------------------------------------- language ---

function localized(v) {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return String(v[lang] ?? v.fr ?? v.en ?? Object.values(v)[0] ?? '');
  return String(v);
}

function applyLanguage() {
  t = STRINGS[lang];
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t[node.dataset.i18n];
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t[node.dataset.i18nPlaceholder];
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t[node.dataset.i18nLabel]);
  $('full-link').title = t.fullExplorerTitle;
  const sw = $('lang');
  sw.textContent = t.langSwitch;
  sw.setAttribute('aria-label', t.langSwitchLabel);
  sw.lang = lang === 'fr' ? 'en' : 'fr';
  const help = clear($('help-body'));
  help.append(el('table', {}, el('tbody', {}, t.helpRows.map(([q, what]) => el('tr', {}, el('td', {}, el('code', {}, q)), el('td', {}, what))))));
  help.append(el('p', { class: 'muted small' }, t.helpNote));
}

// -------------------------------------------------------------- search ---

function searchRequest(withPeriod) {
  const r = { query: state.q, as_you_type: true, limit, offset: 0 };
  if (state.sort) r.sort = state.sort;
  if (state.ents.length) r.entities = state.ents;
  if (withPeriod) {
    if (state.from) r.from = state.from;
    if (state.to) r.to = state.to;
    if ((state.from || state.to) && state.dates === 'mentioned') r.dates = 'mentioned';
  }
  return r;
}

function runSearch(typing) {
  const t0 = performance.now();
  // Typing: the results first, with neither timeline nor facets (the costly
  // parts of a search), so that they show at once; the chart and the entity
  // panel follow once typing pauses (runExtras).  Otherwise (a link, the
  // address, a filter, a period) one search brings all three: running the
  // reader's words once instead of twice.
  const wantsExtras = extrasKey() !== lastExtrasKey;
  const together = wantsExtras && !typing;
  const periodic = Boolean(state.from || state.to);
  const answer = index.search({ ...searchRequest(true), timeline: together && !periodic, facets: together });
  stats.core.push(performance.now() - t0);
  lastAnswer = answer;
  renderResults();
  renderChips();
  stats.searches.push(performance.now() - t0);
  if (stats.firstAnswerMs === null) stats.firstAnswerMs = performance.now();
  clearTimeout(extrasTimer);
  // More results, or another order: the timeline and the entities stay
  // what they are (no search, no drawing).
  if (!wantsExtras) {
    delete document.body.dataset.busy;
    return;
  }
  document.body.dataset.busy = 'true';
  if (together) runExtras(answer);
  else extrasTimer = setTimeout(() => runExtras(), EXTRAS_DELAY_MS);
}

let extrasTimer = 0;
let lastExtrasKey = null;
const EXTRAS_DELAY_MS = 150;

/** What the timeline and the entities depend on: not the order, nor how many results show. */
function extrasKey() {
  return JSON.stringify([state.q, state.from, state.to, state.dates, state.ents, lang]);
}

/** Draws the timeline and the entity facets of the current search: those
 *  of `answer` when the search brought them, else from a search with limit
 *  0 (no hit, so the core neither ranks the matches nor cuts a snippet). */
function runExtras(answer = null) {
  const t0 = performance.now();
  lastExtrasKey = extrasKey();
  const periodic = Boolean(state.from || state.to);
  const extras = !lastAnswer || lastAnswer.error ? null
    : answer && answer.facets ? answer
      : index.search({ ...searchRequest(true), limit: 0, timeline: !periodic, facets: true });
  // With a period, the chart keeps showing the whole span so that the
  // period can be changed: its histogram comes from the same search
  // without the period.
  lastContext = periodic && extras && !extras.error
    ? index.search({ ...searchRequest(false), limit: 0, timeline: true, facets: false })
    : extras;
  lastFacets = extras && !extras.error ? extras.facets : null;
  renderChart();
  renderFacets();
  renderChips();
  delete document.body.dataset.busy;
  stats.extras.push(performance.now() - t0);
}

function searchKey() {
  return JSON.stringify([state.q, state.sort, state.from, state.to, state.dates, state.ents, limit, lang]);
}

function render(typing = false) {
  const q = $('q');
  if (q.value !== state.q && document.activeElement !== q) q.value = state.q;
  $('sort').value = state.sort || (state.q.trim() ? 'relevance' : 'date');
  if (state.from || state.to) document.documentElement.dataset.period = 'true';
  else delete document.documentElement.dataset.period;
  $('tl-written').setAttribute('aria-pressed', String(state.dates !== 'mentioned'));
  $('tl-mentioned').setAttribute('aria-pressed', String(state.dates === 'mentioned'));
  const key = searchKey();
  if (key !== lastSearchKey) {
    lastSearchKey = key;
    runSearch(typing);
  }
  renderReader();
  if (state.embed) $('full-link').href = fullUrl(state);
}

function metaLine(hit) {
  const parts = [];
  if (hit.date) {
    parts.push(el('time', { datetime: hit.date }, formatDate(hit.date, hit.date_precision, lang)));
  } else {
    parts.push(el('span', { class: 'muted' }, t.undated));
  }
  if (hit.source) parts.push(el('span', { class: 'source' }, String(hit.source)));
  if (hit.classification) parts.push(el('span', { class: 'classif' }, String(hit.classification)));
  const out = [];
  parts.forEach((p, i) => {
    if (i) out.push(el('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '));
    out.push(p);
  });
  return el('p', { class: 'hit-meta' }, out);
}

function entityLabel(e) {
  if (typeof e === 'string') return { id: e, name: entityNames.get(e) || e, type: '' };
  if (e && typeof e === 'object') {
    const id = String(e.id ?? '');
    const name = localized(e.name) || entityNames.get(id) || id;
    if (id && name) entityNames.set(id, name);
    return { id, name, type: String(e.type || '') };
  }
  return null;
}

function renderResults() {
  const list = clear($('results'));
  const a = lastAnswer;
  if (!a || a.error) {
    $('total').textContent = a && a.error ? String(a.error) : '';
    $('more').hidden = true;
    return;
  }
  const hits = Array.isArray(a.hits) ? a.hits : [];
  $('total').textContent = hits.length < a.total ? `${t.total(a.total)} — ${t.shown(hits.length, a.total)}` : t.total(a.total);
  if (!hits.length) list.append(el('li', { class: 'empty' }, t.noResults));
  for (const hit of hits) {
    const id = String(hit.id);
    // In an embed, a click opens the document inside; a middle or Ctrl
    // click opens it in the full explorer.
    const link = el('a', { class: 'hit-link', href: state.embed ? fullUrl({ ...state, doc: id }) : toHash({ ...state, doc: id }) }, String(hit.title || id));
    link.addEventListener('click', (ev) => {
      if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      go({ doc: id }, { push: true, opened: true });
    });
    const li = el('li', { class: 'result', 'data-doc-id': id },
      el('h3', { class: 'hit-title' }, link),
      metaLine(hit),
      hit.snippet ? el('p', { class: 'snippet' }, markedText(hit.snippet, highlightSpans(hit.highlights))) : null);
    if (Array.isArray(hit.entities) && hit.entities.length) {
      const ents = hit.entities.map(entityLabel).filter(Boolean).slice(0, 12);
      li.append(el('p', { class: 'hit-entities' }, ents.map((e) => el('span', { class: `tag type-${cssType(e.type)}` }, e.name))));
    }
    list.append(li);
  }
  const more = $('more');
  more.hidden = hits.length >= a.total;
  more.textContent = t.more;
}

function cssType(type) {
  return /^[a-z]+$/.test(type) ? type : 'other';
}

function renderChart() {
  const ctx = lastContext && !lastContext.error ? lastContext : null;
  const hist = ctx && ctx.timeline ? ctx.timeline[state.dates === 'mentioned' ? 'mentioned' : 'written'] : null;
  $('timeline').hidden = !(ctx && ctx.timeline);
  if (!hist) return;
  drawnWidth = renderTimeline($('tl-body'), {
    hist, from: state.from, to: state.to, lang, t, width: chartWidth,
    onSelect: (from, to) => go({ from: from || '', to: to || '' }),
  });
}

// The chart's width, kept up to date by a ResizeObserver so that drawing
// it after a search never asks the layout for it; the chart is drawn again
// when the width changes (the window's, or the entity panel coming).
let chartWidth = 0;
let drawnWidth = 0;
function watchChartWidth() {
  if (typeof ResizeObserver !== 'function') {
    let resizeTimer = 0;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(renderChart, 100);
    });
    return;
  }
  new ResizeObserver((entries) => {
    chartWidth = Math.round(entries[entries.length - 1].contentRect.width);
    if (chartWidth && drawnWidth && chartWidth !== drawnWidth) renderChart();
  }).observe($('tl-body'));
}

// ------------------------------------------------------------ entities ---

function renderFacets() {
  const facets = lastFacets;
  const aside = $('entities');
  const root = clear($('facets'));
  const groups = facets && typeof facets === 'object' ? Object.entries(facets).filter(([, v]) => Array.isArray(v) && v.length) : [];
  aside.hidden = groups.length === 0 && !cardId;
  document.body.classList.toggle('has-entities', !aside.hidden);
  for (const [type, items] of groups) {
    const title = t.entityTypes[type] || type;
    const list = el('ul', { class: 'facet-list' });
    for (const item of items.slice(0, 30)) {
      const e = entityLabel(item);
      if (!e || !e.id) continue;
      const active = state.ents.includes(e.id);
      const row = el('li', { class: 'facet' },
        el('button', {
          type: 'button', class: `facet-button type-${cssType(type)}`, 'aria-pressed': String(active),
          'data-entity-id': e.id, title: t.filterBy(e.name),
          onclick: () => toggleEntity(e.id),
        }, el('span', { class: 'facet-name' }, e.name), el('span', { class: 'count' }, String(item.count ?? ''))));
      if (typeof index.entity === 'function') {
        row.append(el('button', { type: 'button', class: 'info-button', 'aria-label': t.details(e.name), title: t.details(e.name), onclick: () => openCard(e.id) }, 'i'));
      }
      list.append(row);
    }
    root.append(el('section', { class: 'facet-group' }, el('h3', {}, title), list));
  }
}

function toggleEntity(id) {
  const ents = state.ents.includes(id) ? state.ents.filter((x) => x !== id) : [...state.ents, id];
  go({ ents });
}

function renderChips() {
  const chips = clear($('chips'));
  chips.hidden = state.ents.length === 0;
  if (!state.ents.length) return;
  chips.append(el('span', { class: 'muted small' }, `${t.activeFilters}${lang === 'fr' ? '\u00a0:' : ':'}`));
  for (const id of state.ents) {
    const name = entityNames.get(id) || id;
    chips.append(el('button', { type: 'button', class: 'chip', 'data-entity-id': id, 'aria-label': t.removeFilter(name), onclick: () => toggleEntity(id) },
      el('span', {}, name), el('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×')));
  }
}

function openCard(id, { focus = true } = {}) {
  cardId = id;
  const card = clear($('entity-card'));
  $('entities').hidden = false;
  card.hidden = false;
  let e;
  try {
    e = index.entity({ id });
  } catch (err) {
    e = { error: err.message };
  }
  const close = el('button', { type: 'button', class: 'icon-button card-close', 'aria-label': t.close, onclick: closeCard }, '×');
  if (!e || e.error) {
    card.append(close, el('p', { role: 'alert' }, String((e && e.error) || t.docError)));
    return;
  }
  const name = localized(e.name) || id;
  entityNames.set(id, name);
  const dl = el('dl', { class: 'meta' });
  const row = (k, v) => { if (v !== '' && v != null) dl.append(el('dt', {}, k), el('dd', {}, v)); };
  const aliases = Array.isArray(e.aliases) ? e.aliases.map(localized).filter(Boolean) : [];
  if (aliases.length) row(t.aliases, aliases.slice(0, 20).join(', '));
  row(t.role, localized(e.role));
  const docs = e.documents ?? e.docs ?? e.count;
  row(t.documents, Array.isArray(docs) ? String(docs.length) : docs != null ? String(docs) : '');
  row(t.firstDate, formatDate(e.first_date, null, lang));
  row(t.lastDate, formatDate(e.last_date, null, lang));
  const cooc = e.cooccurring ?? e.co_occurring ?? e.related ?? [];
  append(card, [close,
    el('h3', { id: 'card-title', tabindex: '-1' }, name),
    e.type ? el('p', { class: 'muted small' }, t.entityTypes[e.type] || String(e.type)) : null,
    e.description ? el('p', { class: 'desc' }, localized(e.description)) : null,
    dl,
    state.ents.includes(id) ? null : el('button', { type: 'button', class: 'button', onclick: () => toggleEntity(id) }, t.addFilter)]);
  if (Array.isArray(cooc) && cooc.length) {
    card.append(el('h4', {}, t.cooccurring), el('ul', { class: 'cooc' }, cooc.slice(0, 15).map((c) => {
      const x = entityLabel(c);
      return x && x.id ? el('li', {}, el('button', { type: 'button', class: 'link-button', onclick: () => openCard(x.id) }, x.name), c.count != null ? el('span', { class: 'count' }, ` ${c.count}`) : null) : null;
    })));
  }
  if (focus) $('card-title').focus();
}

function closeCard() {
  cardId = null;
  $('entity-card').hidden = true;
  renderFacets();
}

// -------------------------------------------------------------- reader ---

function renderReader() {
  const reader = $('reader');
  if (!state.doc) {
    if (!reader.hidden) {
      reader.hidden = true;
      $('app').inert = false;
      document.body.classList.remove('reading');
      document.title = `${info.title || 'Lanterne'} — Lanterne`;
      const back = document.querySelector(`.result[data-doc-id="${CSS.escape(readerDoc ? readerDoc.id : '')}"] .hit-link`);
      if (!quiet()) (back || $('q')).focus({ preventScroll: state.embed });
    }
    readerDoc = null;
    return;
  }
  if (readerDoc && readerDoc.id === state.doc && readerDoc.q === state.q && readerDoc.lang === lang) return;
  const doc = index.document({ id: state.doc, query: state.q });
  readerDoc = { id: state.doc, q: state.q, lang };
  hitIndex = 0;
  const body = clear($('reader-body'));
  reader.hidden = false;
  $('app').inert = true;
  document.body.classList.add('reading');
  if (!doc || doc.error) {
    body.append(el('h2', { id: 'reader-title', tabindex: '-1' }, t.docError), el('p', { class: 'muted' }, String(state.doc)));
    updateHitNav(0);
    if (!quiet()) $('reader-title').focus({ preventScroll: state.embed });
    return;
  }
  document.title = `${doc.title || doc.id} — Lanterne`;
  const dl = el('dl', { class: 'meta' });
  const row = (k, ...v) => dl.append(el('dt', {}, k), el('dd', {}, ...v));
  if (doc.date) {
    const how = doc.date_source ? (t.dateSource[doc.date_source] || String(doc.date_source)) : '';
    row(t.date, el('time', { datetime: doc.date }, formatDate(doc.date, doc.date_precision, lang)), how ? ` ${t.dateFoundBy(how)}` : '');
  } else {
    row(t.date, t.undated);
  }
  if (doc.source) row(t.source, String(doc.source));
  if (doc.url) {
    const href = safeHttpUrl(doc.url);
    row(t.link, href ? el('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, href) : el('span', { class: 'unsafe-url' }, String(doc.url)));
  }
  if (doc.classification) row(t.classification, el('span', { class: 'classif' }, String(doc.classification)));
  if (doc.type) row(t.type, String(doc.type));
  if (doc.language) row(t.language, String(doc.language));
  if (doc.path) row(t.path, el('code', {}, String(doc.path)));
  if (doc.sha256) row(t.sha256, el('code', { class: 'sha' }, String(doc.sha256)));

  // Hits first (they win where spans overlap), then entity mentions and
  // dates when the core gives them.
  const spans = highlightSpans(doc.highlights);
  const mentions = Array.isArray(doc.mentions) ? doc.mentions : Array.isArray(doc.entities) ? doc.entities.filter((m) => m && Number.isInteger(m.start)) : [];
  for (const m of mentions) {
    const id = String(m.id ?? m.entity ?? '');
    spans.push({
      start: m.start, end: m.end,
      make: (txt) => (id
        ? el('button', { type: 'button', class: `mention type-${cssType(String(m.type || ''))}`, 'data-entity-id': id, onclick: () => mentionClicked(id) }, txt)
        : el('span', { class: `mention type-${cssType(String(m.type || ''))}` }, txt)),
    });
  }
  if (Array.isArray(doc.dates)) {
    for (const d of doc.dates) {
      if (d && Number.isInteger(d.start)) spans.push({ start: d.start, end: d.end, make: (txt) => el('time', { class: 'date-mark', datetime: validDate(String(d.value || '')) || null }, txt) });
    }
  }
  const text = el('div', { class: 'doc-text', id: 'doc-text' }, markedText(doc.text || '', spans));
  if (text.firstChild && text.firstChild.nodeType === Node.TEXT_NODE) text.firstChild.data = text.firstChild.data.trimStart();
  text.querySelectorAll('mark.hit').forEach((m, i) => { m.id = `hit-${i}`; });
  body.append(
    el('h2', { id: 'reader-title', tabindex: '-1' }, String(doc.title || doc.id)),
    dl, docEntities(mentions), text);
  const n = text.querySelectorAll('mark.hit').length;
  updateHitNav(n);
  if (n) showHit(0, false);
  // An embed takes no focus on its own: that would pull the article.
  if (!quiet()) $('reader-title').focus({ preventScroll: true });
  $('reader').scrollTop = 0;
  if (state.embed) document.scrollingElement.scrollTop = 0;
}

/** The entities a document names, most mentioned first, as buttons. */
function docEntities(mentions) {
  const byId = new Map();
  for (const m of mentions) {
    const id = String(m.id ?? m.entity ?? '');
    if (!id) continue;
    const e = byId.get(id) || { id, name: localized(m.name) || entityNames.get(id) || id, type: String(m.type || ''), count: 0 };
    e.count++;
    byId.set(id, e);
  }
  if (!byId.size) return null;
  const list = [...byId.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, lang));
  for (const e of list) entityNames.set(e.id, e.name);
  return el('section', { class: 'doc-entities', 'aria-labelledby': 'doc-ent-title' },
    el('h3', { id: 'doc-ent-title' }, t.docEntities),
    el('ul', {}, list.slice(0, 40).map((e) => el('li', {},
      el('button', { type: 'button', class: `type-${cssType(e.type)}`, 'data-entity-id': e.id, title: t.details(e.name), onclick: () => mentionClicked(e.id) },
        e.name, el('span', { class: 'count' }, ` ${e.count}`))))));
}

function mentionClicked(id) {
  if (typeof index.entity === 'function') {
    closeReader();
    openCard(id);
  } else {
    go({ doc: '', ents: state.ents.includes(id) ? state.ents : [...state.ents, id] });
  }
}

function updateHitNav(n) {
  $('hit-pos').textContent = t.hitOf(n ? hitIndex + 1 : 0, n);
  $('hit-prev').disabled = n === 0;
  $('hit-next').disabled = n === 0;
  $('reader').dataset.hits = String(n);
}

function showHit(i, scroll = true) {
  const marks = $('doc-text') ? $('doc-text').querySelectorAll('mark.hit') : [];
  if (!marks.length) return;
  hitIndex = (i + marks.length) % marks.length;
  marks.forEach((m, k) => m.classList.toggle('current', k === hitIndex));
  updateHitNav(marks.length);
  if (!scroll) return;
  if (state.embed) {
    // scrollIntoView would also scroll the article around the embed.
    const r = marks[hitIndex].getBoundingClientRect();
    window.scrollBy(0, r.top - window.innerHeight / 2);
  } else {
    marks[hitIndex].scrollIntoView({ block: 'center' });
  }
}

function closeReader() {
  if (!state.doc) return;
  if (history.state && history.state.opened) history.back();
  else go({ doc: '' }, { push: false });
}

// ------------------------------------------------------------ keyboard ---

function resultLinks() {
  return [...document.querySelectorAll('#results .hit-link')];
}

function onKey(ev) {
  const tag = ev.target && ev.target.tagName;
  const typing = tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
  if (ev.key === 'Escape') {
    if (state.doc) { ev.preventDefault(); closeReader(); return; }
    if (cardId) { ev.preventDefault(); closeCard(); return; }
    return;
  }
  if (state.doc) {
    if (!typing && (ev.key === 'n' || ev.key === 'j')) { showHit(hitIndex + 1); ev.preventDefault(); }
    if (!typing && (ev.key === 'p' || ev.key === 'k')) { showHit(hitIndex - 1); ev.preventDefault(); }
    return;
  }
  if (ev.key === '/' && !typing) {
    ev.preventDefault();
    $('q').focus();
    $('q').select();
    return;
  }
  if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
    const links = resultLinks();
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    if (ev.target === $('q')) {
      if (ev.key === 'ArrowDown') { ev.preventDefault(); links[0].focus(); }
      return;
    }
    if (at < 0) return;
    ev.preventDefault();
    if (ev.key === 'ArrowDown') links[Math.min(at + 1, links.length - 1)].focus();
    else if (at === 0) $('q').focus();
    else links[at - 1].focus();
  }
}

// ------------------------------------------------------- preparation ---

/*
 * A page carries its index packed (`lanterne pack`, src/index_pack.h):
 * without its full-text index, which the core rebuilds from the text after
 * opening (about half a second at 10,000 documents).  What needs no word
 * search (the documents by date, the timeline, the entities, a document)
 * is answered at once; the rebuild goes on here, a step of about
 * PREPARE_STEP_BYTES of text per idle period, so that the page stays
 * responsive; a word search before it is done finishes it at once.  Then
 * the warm-up below.
 */
const PREPARE_STEP_BYTES = 1 << 20;

/*
 * Runs f in the next idle period (at the latest after `timeout` ms when
 * given), or after `fallbackMs` where the browser has no idle callbacks.
 * Returns what cancelIdle() takes.
 */
const whenIdle = (f, { timeout, fallbackMs }) => (typeof requestIdleCallback === 'function'
  ? requestIdleCallback(f, timeout ? { timeout } : undefined) : setTimeout(f, fallbackMs));
const cancelIdle = (handle) => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback : clearTimeout)(handle);

function prepareThenWarmUp() {
  if (!index) return;
  const step = () => {
    let answer;
    try {
      answer = index.prepare({ bytes: PREPARE_STEP_BYTES });
    } catch {
      return; // closed: nothing to prepare
    }
    if (answer.error) return; // a word search will say what is wrong
    if (!answer.ready) { whenIdle(step, { timeout: 100, fallbackMs: 0 }); return; }
    phase('prepared');
    loadCore().then((core) => { stats.preparedHeapBytes = core.HEAPU8.length; }, () => {});
    warmUp();
  };
  whenIdle(step, { timeout: 100, fallbackMs: 0 });
}

// ------------------------------------------------------------- warm-up ---

/*
 * V8 first runs the wasm core as its baseline compiler (Liftoff) made it,
 * and optimises (TurboFan, in the background) the functions that turn out
 * to be hot: the first searches after the page opens are several times
 * slower than the same searches later.  So, once the first answer is
 * shown, the page runs a few searches like a reader's (a common word of
 * this corpus, taken from the first answer, a prefix of it, two words, a
 * phrase; each with the timeline and the entities) on the open index, one
 * per idle period, and drops their answers: nothing on screen, in the
 * address or the focus changes.  It stops at the reader's first key press,
 * click or change of address.  Not in an article's embeds: readers mostly
 * read there, and an article may hold several.
 */
const WARM_UP_ROUNDS = 4;

function warmUpRequests(answer) {
  const hits = answer && Array.isArray(answer.hits) ? answer.hits : [];
  const counts = new Map();
  let phrase = '';
  for (const hit of hits) {
    const text = `${hit.title || ''} ${hit.snippet || ''}`.toLowerCase();
    for (const w of text.match(/\p{L}{5,}/gu) || []) counts.set(w, (counts.get(w) || 0) + 1);
    if (!phrase) {
      const m = /(\p{L}{4,})\s+(\p{L}{4,})/u.exec(String(hit.snippet || ''));
      if (m) phrase = `"${m[1]} ${m[2]}"`;
    }
  }
  const words = [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  if (!words.length) return [];
  const [w1, w2 = w1] = words;
  const queries = [w1, w1.slice(0, 3), `${w1} ${w2}`];
  if (phrase) queries.push(phrase);
  const out = [];
  for (let r = 0; r < WARM_UP_ROUNDS; r++) {
    for (const query of queries) {
      out.push({ query, as_you_type: true, limit: PAGE, offset: 0, timeline: false, facets: false });
      out.push({ query, as_you_type: true, limit: 0, offset: 0, timeline: true, facets: true });
    }
  }
  return out;
}

function warmUp() {
  if (state.embed || !index) return;
  const steps = warmUpRequests(lastAnswer);
  const w = { steps: steps.length, done: 0, ms: 0, stopped: false };
  stats.warmUp = w;
  if (!steps.length) return;
  const later = (f) => whenIdle(f, { fallbackMs: 50 });
  const inputs = ['keydown', 'pointerdown', 'input'];
  let pending = 0;
  const stop = () => {
    if (w.done < steps.length) w.stopped = true;
    cancelIdle(pending);
    for (const type of inputs) document.removeEventListener(type, stop, true);
    window.removeEventListener('hashchange', stop);
  };
  for (const type of inputs) document.addEventListener(type, stop, true);
  window.addEventListener('hashchange', stop);
  const step = () => {
    if (w.stopped) return;
    const t0 = performance.now();
    try {
      index.search(steps[w.done]);
    } catch {
      stop(); // nothing to warm
      return;
    }
    w.ms += performance.now() - t0;
    w.done++;
    if (w.done < steps.length) pending = later(step);
    else stop();
  };
  pending = later(step);
}

// ------------------------------------------------------------- loading ---

class LoadError extends Error {}

const reason = (err) => String(err && err.message ? err.message : err);

async function fetched(name) {
  const res = await fetch(name);
  if (!res.ok) throw new LoadError(`${name}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * The decoder of the page's data (lanterne-unpack.wasm, web/packed.js),
 * compiled: the one web/boot.js carries, or on a web server (--site) the
 * file beside the page.
 */
let decoder = null;
function decoderModule() {
  if (!decoder) {
    const parts = window.__lanterneIndexParts;
    decoder = (parts ? parts.decoder() : fetched('lanterne-unpack.wasm').then((bytes) => WebAssembly.compile(bytes)))
      .catch((err) => { throw err instanceof LoadError ? err : new LoadError(`lanterne-unpack.wasm: ${reason(err)}`); });
  }
  return decoder;
}

/** The bytes packed inside the page's element #id (web/packed.js). */
async function embeddedBytes(id) {
  const node = document.getElementById(id);
  if (!node) throw new LoadError(`the element #${id} is missing`);
  const module = await decoderModule();
  try {
    return await unpack(module, node.textContent, Number(node.dataset.size));
  } catch (err) {
    throw new LoadError(`#${id}: ${reason(err)}`);
  }
}

/**
 * The index as web/boot.js reads it while the page loads.  With its
 * worker: at once {size, unpacking}, where `unpacking` resolves with the
 * unpacked index when the worker has it (or with null if the worker turned
 * out not to run), so that meanwhile the core is compiled and instantiated
 * and the index's memory reserved.  Without: {data, size}, data being the
 * index's text7 parts, unpacked here.
 */
async function embeddedIndex() {
  const parts = window.__lanterneIndexParts;
  if (!parts) throw new LoadError('the index parts are missing (web/boot.js did not run)');
  if (!parts.complete()) throw new LoadError('#lanterne-index: the page ends before the last part of the index');
  const size = parts.size();
  if (parts.hasWorker() && size) {
    const unpacking = workerIndex(parts);
    // awaited later, unless loading failed before: not an unhandled rejection then
    unpacking.catch(() => {});
    return { size, unpacking };
  }
  return { data: parts.parts(), size };
}

/** The index once boot.js's worker has unpacked it, or null if there is no worker after all. */
async function workerIndex(parts) {
  const got = await parts.unpacked();
  if (got.error) throw new LoadError(`#lanterne-index: ${got.error}`);
  if (got.noWorker) return null;
  stats.decodedMs = performance.now();
  phase('unpacked');
  // when the worker had the last part, and had unpacked it
  stats.phases.workerLastPart = Math.round(got.lastPartAt - performance.timeOrigin);
  stats.phases.workerDone = Math.round(got.doneAt - performance.timeOrigin);
  return got.index;
}

/**
 * Opens the index boot.js's worker is unpacking: the core is instantiated
 * and the index's memory reserved and faulted in now, while the worker is
 * still at work (the first write to that memory took a quarter of a second
 * at 10,000 documents, when it was the copy); the bytes are copied in when
 * they come.  Resolves with null when the worker did not run after all.
 */
async function openWhenUnpacked(size, unpacking) {
  let noWorker = false;
  async function* pieces() {
    const bytes = await unpacking;
    if (!bytes) {
      noWorker = true;
      throw new Error('no worker');
    }
    yield bytes;
  }
  try {
    return await openIndexFromChunks(pieces(), size, { name: 'index', prefault: true, onRead: () => phase('copied') });
  } catch (err) {
    if (noWorker) return null;
    throw err;
  }
}

/**
 * Opens the index from its text7 parts (an array of strings) or its
 * compressed bytes (index.db.zst), `size` bytes once unpacked: the
 * decoder's output goes into the core's memory a part at a time, so the
 * index is never also assembled in a JavaScript buffer.
 */
async function openPackedIndex(data, size) {
  const name = Array.isArray(data) ? '#lanterne-index' : 'index.db.zst';
  const module = await decoderModule();
  let u = null;
  const pending = [];
  async function* blocks() {
    u = await Unpacker.create(module, size, (bytes) => pending.push(bytes.slice()));
    for (const piece of Array.isArray(data) ? data : [data]) {
      if (typeof piece === 'string') u.pushText(piece);
      else u.pushBytes(piece);
      yield* pending.splice(0);
    }
    u.finish();
    yield* pending.splice(0);
  }
  const onRead = () => { stats.decodedMs = performance.now(); phase('unpacked'); };
  try {
    return await openIndexFromChunks(blocks(), size, { name: 'index', onRead });
  } catch (err) {
    throw err instanceof LoadError || stats.decodedMs ? err : new LoadError(`${name}: ${reason(err)}`);
  } finally {
    if (u) u.close();
  }
}

/** On a web server (--site): the wasm and index.db.zst beside the page. */
async function siteCoreAndIndex() {
  const [wasm, packed] = await Promise.all([fetched('lanterne.wasm'), fetched('index.db.zst')]);
  const size = await packedSize(await decoderModule(), packed);
  if (!size) throw new LoadError('index.db.zst: not a zstd file that says its size');
  return [wasm, { data: packed, size }];
}

/**
 * The compiled wasm module and the index: from a sibling embed of the same
 * page when the browser lets it give them (share.js), else unpacked from
 * this page (or fetched beside it on a web server).  Resolves with
 * {module, size} and either `unpacking` (boot.js's worker is unpacking the
 * index: see embeddedIndex()) or `data` (the index's text7 parts, or its
 * compressed bytes, for openPackedIndex()).
 */
async function loadCoreAndIndex() {
  const t0 = performance.now();
  const got = await share.ask();
  if (got) {
    stats.shared = true;
    stats.coreMs = performance.now() - t0;
    return got;
  }
  share.loadingOwn();
  const site = document.documentElement.dataset.assets === 'site';
  const [wasm, found] = site ? await siteCoreAndIndex() : await Promise.all([embeddedBytes('lanterne-wasm'), embeddedIndex()]);
  phase('read');
  let module;
  try {
    module = await WebAssembly.compile(wasm);
  } catch (err) {
    throw new LoadError(`lanterne.wasm: ${reason(err)}`);
  }
  phase('compiled');
  stats.coreMs = performance.now() - t0;
  return { module, ...found };
}

function showError(err) {
  if (embedded()) window.parent.postMessage({ ns: EMBED_MSG, type: 'ready', error: true }, '*');
  $('status').hidden = true;
  $('app').hidden = true;
  $('lang').hidden = true;
  const box = clear($('error'));
  box.hidden = false;
  const old = typeof WebAssembly !== 'object';
  box.append(
    el('h2', {}, t.errorTitle),
    el('p', {}, old ? t.errorBrowser : t.errorDamaged),
    el('details', {}, el('summary', {}, t.errorDetail), el('pre', {}, reason(err))));
}

/** Embed mode, view, theme: how the page looks for the current state. */
function applyLook() {
  const root = document.documentElement;
  root.classList.toggle('embed', state.embed);
  const view = state.view === 'document' && !state.doc ? 'results' : state.view || (state.doc ? 'document' : 'results');
  root.dataset.view = view;
  applyTheme(state.theme, state.accent);
  $('full-link').hidden = !state.embed;
}

/** The content height, posted to the article when embedded (web/embed.js clamps it). */
function watchHeight() {
  if (!embedded() || typeof ResizeObserver !== 'function') return;
  let last = -1;
  const post = () => {
    const root = document.documentElement.getBoundingClientRect().height;
    const help = $('help').open ? $('help-body').getBoundingClientRect().bottom + window.scrollY + 8 : 0;
    const height = Math.ceil(Math.max(root, help));
    if (height === last) return;
    last = height;
    stats.heights++;
    window.parent.postMessage({ ns: EMBED_MSG, type: 'height', height }, '*');
  };
  const ro = new ResizeObserver(post);
  ro.observe(document.documentElement);
  ro.observe($('help-body'));
  post();
}

/**
 * Entities named in the address by name or alias (an article's
 * data-entity="OTAN") become their ids; ids stay as they are.
 */
function resolveEntities(names) {
  if (!names.length || typeof index.entities !== 'function') return names;
  let all = null;
  const fold = (x) => String(x).normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’`]/g, "'").toLowerCase().trim();
  return names.map((name) => {
    if (!all) {
      const r = index.entities({});
      all = r && Array.isArray(r.entities) ? r.entities : [];
    }
    if (all.some((e) => e && e.id === name)) return name;
    const want = fold(name);
    const found = all.filter((e) => e && (fold(localized(e.name)) === want || (Array.isArray(e.aliases) && e.aliases.some((a) => fold(a) === want))));
    found.sort((a, b) => (Number(b.docs) || 0) - (Number(a.docs) || 0));
    return found.length ? String(found[0].id) : name;
  });
}

async function main() {
  phase('start');
  applyLook();
  applyLanguage();
  $('status-text').textContent = t.loading;
  watchHeight();
  try {
    if (typeof WebAssembly !== 'object') throw new LoadError('unsupported browser');
    const { module, size, unpacking, data = null } = await loadCoreAndIndex();
    setWasmModule(module);
    if (unpacking) index = await openWhenUnpacked(size, unpacking);
    // what to unpack here, and to give to sibling embeds (share.js)
    const own = index ? null : data || window.__lanterneIndexParts.parts();
    if (!index) index = await openPackedIndex(own, size);
    phase('opened');
    info = index.info();
    if (!info || info.error) throw new LoadError(info ? info.error : 'no corpus information');
    // Without the packed index there is nothing to give: siblings load their own.
    if (own) share.offer(module, own, size);
    else share.failed();
  } catch (err) {
    share.failed();
    showError(err);
    return;
  }
  stats.openMs = performance.now();
  loadCore().then((core) => { stats.heapBytes = core.HEAPU8.length; }, () => {});
  const resolved = resolveEntities(state.ents);
  if (resolved.join('\n') !== state.ents.join('\n')) {
    state = { ...state, ents: [...new Set(resolved)] };
    history.replaceState(history.state, '', toHash(state));
  }
  $('corpus-title').textContent = String(info.title || 'Lanterne');
  document.title = `${info.title || 'Lanterne'} — Lanterne`;
  const corpusInfo = () => {
    $('corpus-info').textContent = t.corpusInfo(Number(info.documents) || 0,
      info.first_date ? formatDate(info.first_date, null, lang, true) : '', info.last_date ? formatDate(info.last_date, null, lang, true) : '');
  };
  corpusInfo();

  let timer = 0;
  $('q').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      limit = PAGE;
      go({ q: $('q').value }, { push: false, typing: true });
    }, DEBOUNCE_MS);
  });
  $('q').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { clearTimeout(timer); limit = PAGE; go({ q: $('q').value }, { push: false }); }
  });
  $('sort').addEventListener('change', () => go({ sort: $('sort').value }));
  $('tl-written').addEventListener('click', () => go({ dates: 'written' }));
  $('tl-mentioned').addEventListener('click', () => go({ dates: 'mentioned' }));
  $('more').addEventListener('click', () => { limit += PAGE; lastSearchKey = null; render(); });
  $('reader-close').addEventListener('click', closeReader);
  $('hit-prev').addEventListener('click', () => showHit(hitIndex - 1));
  $('hit-next').addEventListener('click', () => showHit(hitIndex + 1));
  $('print').addEventListener('click', () => window.print());
  $('lang').addEventListener('click', () => {
    lang = lang === 'fr' ? 'en' : 'fr';
    if (!state.embed) saveLanguage(lang);
    if (state.lang || state.embed) { // the address, and so the full explorer link, carries it
      state = { ...state, lang };
      history.replaceState(history.state, '', toHash(state));
    }
    applyLanguage();
    corpusInfo();
    lastSearchKey = null;
    readerDoc = null;
    render();
    if (cardId) openCard(cardId);
    $('lang').focus();
  });
  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', () => {
    const next = parseHash();
    if (toHash(next) !== toHash(state)) {
      const relang = next.lang && next.lang !== lang;
      state = next;
      applyLook();
      if (relang) { lang = next.lang; applyLanguage(); corpusInfo(); lastSearchKey = null; readerDoc = null; }
      render();
    }
  });
  watchChartWidth();

  $('status').hidden = true;
  $('app').hidden = false;
  render();
  if (state.view === 'entity' && state.ents.length && typeof index.entity === 'function') openCard(state.ents[0], { focus: !state.embed });
  loading = false;
  document.body.dataset.ready = 'true';
  if (embedded()) window.parent.postMessage({ ns: EMBED_MSG, type: 'ready' }, '*');
  if (!state.doc && !state.embed) $('q').focus({ preventScroll: true });
  prepareThenWarmUp();
}

main();
