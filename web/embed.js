// embed.js — the Lanterne explorer inside a news article, in one line:
//
//   <script src="embed.js" defer></script>
//   <div data-lanterne="lanterne.html" data-query="Hammouchi"></div>
//
// Every element with data-lanterne becomes an <iframe> of that explorer
// page with the preset slice in its address (#embed=1&q=...): the explorer
// runs in its own document, so the article's styles and scripts cannot
// reach it and its own cannot reach the article.  This script adds no
// stylesheet and one global, `Lanterne`; what it sets on the article's
// elements are inline !important declarations on the embed's own box
// (through the CSSOM, which an article's Content-Security-Policy allows),
// so that rules such as `* { all: unset }` or `div { display: none }` do
// not hide or squash it.
//
// Nothing heavy loads before an embed comes near the viewport
// (IntersectionObserver); until then it is an empty box of its reserved
// height.  The explorer posts its content height ({ns: 'lanterne', type:
// 'height'}), taken only from the embed's own frame and clamped between
// data-min-height and data-max-height (and 90 % of the window's height).
//
// Attributes (all optional but data-lanterne), checked here and again by
// the page: data-query, data-entity (an id or a name, several separated
// by "|"), data-from, data-to (YYYY, YYYY-MM or YYYY-MM-DD), data-dates
// (written|mentioned), data-sort (relevance|date), data-view
// (results|timeline|entity|document), data-doc, data-lang (fr|en),
// data-theme (light|dark|auto), data-accent (#rrggbb), data-height,
// data-min-height, data-max-height (CSS pixels), data-title (the frame's
// accessible name).
(() => {
  'use strict';
  const taken = window.Lanterne;
  if (taken && typeof taken.scan === 'function' && taken.version) return; // loaded twice: the first one works

  const NS = 'lanterne';
  const VIEWS = ['results', 'timeline', 'entity', 'document'];
  const LOAD_MARGIN = '600px 0px'; // start loading this far before the viewport
  const DEFAULT_HEIGHT = 480;
  const LIMITS = { min: 240, max: 900 };
  const DATE = /^\d{4}(-\d\d){0,2}$/;
  // Captured now, so that an article script replacing them later does not
  // break the embeds.
  const IO = window.IntersectionObserver;
  const URL_ = window.URL;
  const Params = window.URLSearchParams;
  const records = []; // {host, frame, options, state}
  let observer = null;

  const WORDS = {
    fr: { waiting: 'Explorateur de documents (Lanterne) : il se charge quand vous arrivez ici.', title: 'Explorateur de documents Lanterne', bad: 'Lanterne : adresse de l’explorateur refusée (seules les adresses relatives, http(s) et file sont acceptées).' },
    en: { waiting: 'Document explorer (Lanterne): it loads when you get here.', title: 'Lanterne document explorer', bad: 'Lanterne: explorer address refused (only relative, http(s) and file addresses are accepted).' },
  };

  function important(node, styles) {
    for (const k in styles) node.style.setProperty(k, styles[k], 'important');
  }

  // What a hostile article stylesheet could use to hide, squash or move the
  // embed's box, held at sane values.
  const BOX = {
    display: 'block', visibility: 'visible', opacity: '1', position: 'relative', float: 'none',
    'box-sizing': 'border-box', width: '100%', 'max-width': '100%', 'min-width': '0',
    height: 'auto', 'min-height': '0', 'max-height': 'none', overflow: 'visible',
    transform: 'none', filter: 'none', 'clip-path': 'none', mask: 'none', 'content-visibility': 'visible',
    contain: 'none', columns: 'auto', 'pointer-events': 'auto', 'font-size': '16px', 'line-height': '1.4',
    'text-align': 'left', 'text-indent': '0', padding: '0', zoom: '1',
  };

  /** The explorer's address: relative, http(s) or file only; else null. */
  function explorerUrl(value) {
    if (typeof value !== 'string' || !value.trim() || value.length > 2048) return null;
    let u;
    try {
      u = new URL_(value.trim(), document.baseURI);
    } catch {
      return null;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') return null;
    if (u.username || u.password) return null;
    return u;
  }

  const text = (v, max) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : '');
  const oneOf = (v, list) => (list.indexOf(v) >= 0 ? v : '');
  function pixels(v, fallback) {
    const n = Math.round(Number(v));
    return Number.isFinite(n) && n >= 100 && n <= 5000 ? n : fallback;
  }

  /** The embed's options from its attributes, each checked. */
  function options(host) {
    const a = (name) => host.getAttribute(`data-${name}`);
    const lang = oneOf(a('lang'), ['fr', 'en']);
    const accent = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.test(text(a('accent'), 7)) ? text(a('accent'), 7).replace('#', '') : '';
    const height = pixels(a('height'), DEFAULT_HEIGHT);
    let min = pixels(a('min-height'), Math.min(LIMITS.min, height));
    let max = pixels(a('max-height'), Math.max(LIMITS.max, height));
    if (max < min) max = min;
    return {
      query: text(a('query'), 500),
      entities: text(a('entity'), 500).split('|').map((x) => x.trim()).filter(Boolean).slice(0, 8),
      from: DATE.test(text(a('from'), 10)) ? text(a('from'), 10) : '',
      to: DATE.test(text(a('to'), 10)) ? text(a('to'), 10) : '',
      dates: oneOf(a('dates'), ['written', 'mentioned']),
      sort: oneOf(a('sort'), ['relevance', 'date']),
      view: oneOf(a('view'), VIEWS),
      doc: text(a('doc'), 300),
      lang,
      theme: oneOf(a('theme'), ['light', 'dark', 'auto']),
      accent,
      height, min, max,
      title: text(a('title'), 200) || WORDS[lang || 'fr'].title,
    };
  }

  /** The iframe's address: the explorer's, with the options in its hash. */
  function frameSrc(url, o) {
    const u = new URL_(url.href);
    // A link copied from the full explorer keeps its state; attributes win.
    const p = new Params(u.hash.slice(1));
    const set = (k, v) => { if (v) p.set(k, v); };
    set('q', o.query);
    if (o.entities.length) { p.delete('e'); for (const e of o.entities) p.append('e', e); }
    set('from', o.from); set('to', o.to); set('dates', o.dates); set('sort', o.sort);
    set('view', o.view); set('doc', o.doc); set('lang', o.lang); set('theme', o.theme); set('accent', o.accent);
    p.set('embed', '1');
    u.hash = p.toString();
    return u.href;
  }

  function clamp(r, h) {
    const o = r.options;
    const cap = Math.max(o.min, Math.min(o.max, Math.round((window.innerHeight || o.max) * 0.9)));
    return Math.max(o.min, Math.min(cap, h));
  }

  function setHeight(r, h) {
    const px = `${clamp(r, h) + 2}px`; // + the 1 px border above and below
    if (r.frame.style.getPropertyValue('height') !== px) important(r.frame, { height: px });
  }

  function load(r) {
    if (r.state !== 'waiting') return;
    if (observer) observer.unobserve(r.host);
    r.state = 'loading';
    r.host.setAttribute('data-lanterne-state', 'loading');
    const f = document.createElement('iframe');
    f.setAttribute('title', r.options.title);
    f.setAttribute('referrerpolicy', 'no-referrer');
    // Scripts and its own origin (so embeds of one page can share the wasm
    // module); new tabs for the full explorer and the documents' links; no
    // navigation of the article, no forms, no modals, no downloads.
    f.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
    f.setAttribute('allow', '');
    if (r.options.lang) f.setAttribute('lang', r.options.lang);
    const dark = r.options.theme === 'dark';
    important(f, {
      display: 'block', visibility: 'visible', opacity: '1', position: 'static', float: 'none',
      'box-sizing': 'border-box', width: '100%', 'max-width': '100%', 'min-width': '0',
      height: `${r.options.height}px`, 'min-height': '0', 'max-height': 'none',
      margin: '0', padding: '0', border: `1px solid ${dark ? '#3a3e46' : '#d9d5cc'}`, 'border-radius': '6px',
      background: dark ? '#15171b' : '#f7f5f0', transform: 'none', filter: 'none', 'clip-path': 'none', 'pointer-events': 'auto',
    });
    f.src = r.src;
    if (r.placeholder) r.placeholder.remove();
    r.placeholder = null;
    r.frame = f;
    r.host.appendChild(f);
  }

  function placeholder(r) {
    const p = document.createElement('div');
    p.textContent = WORDS[r.options.lang || 'fr'].waiting;
    const dark = r.options.theme === 'dark';
    important(p, {
      display: 'flex', 'align-items': 'center', 'justify-content': 'center', 'box-sizing': 'border-box',
      width: '100%', height: `${r.options.height}px`, margin: '0', padding: '1rem',
      border: `1px dashed ${dark ? '#80796e' : '#8a857a'}`, 'border-radius': '6px',
      background: dark ? '#15171b' : '#f7f5f0', color: dark ? '#ebe8e2' : '#595959',
      font: '15px/1.4 system-ui, sans-serif', 'text-align': 'center', visibility: 'visible', opacity: '1',
    });
    return p;
  }

  function refuse(host, lang) {
    host.setAttribute('data-lanterne-state', 'error');
    const p = document.createElement('p');
    p.setAttribute('role', 'note');
    p.textContent = WORDS[lang || 'fr'].bad;
    important(p, { display: 'block', visibility: 'visible', margin: '0', padding: '.75rem', border: '1px solid #a12a14', color: '#7a1d0c', background: '#fff4f2', font: '15px/1.4 system-ui, sans-serif' });
    host.appendChild(p);
    if (window.console) console.warn('Lanterne: refused data-lanterne address', host.getAttribute('data-lanterne'));
  }

  /** Turns the element into an embed (once). */
  function embed(host) {
    if (!host || host.nodeType !== 1 || host.hasAttribute('data-lanterne-state')) return null;
    const o = options(host);
    important(host, BOX);
    // The element's own content is the fallback for readers without
    // JavaScript (a link to the explorer, say): hidden once the embed runs.
    for (const c of Array.from(host.children)) important(c, { display: 'none' });
    const url = explorerUrl(host.getAttribute('data-lanterne'));
    if (!url) { refuse(host, o.lang); return null; }
    const r = { host, options: o, src: frameSrc(url, o), state: 'waiting', frame: null, placeholder: null, ready: false, height: 0 };
    r.placeholder = placeholder(r);
    host.setAttribute('data-lanterne-state', 'waiting');
    host.appendChild(r.placeholder);
    records.push(r);
    if (IO) {
      if (!observer) {
        observer = new IO((entries) => {
          for (const e of entries) if (e.isIntersecting) { const rec = records.find((x) => x.host === e.target); if (rec) load(rec); }
        }, { rootMargin: LOAD_MARGIN });
      }
      observer.observe(host);
    } else {
      load(r);
    }
    return r;
  }

  function onMessage(ev) {
    const d = ev.data;
    if (!d || typeof d !== 'object' || d.ns !== NS) return;
    const r = records.find((x) => x.frame && x.frame.contentWindow === ev.source);
    if (!r) return; // only an embed's own frame may resize it
    if (d.type === 'height' && Number.isFinite(d.height) && d.height >= 0) {
      r.height = d.height;
      if (r.ready) setHeight(r, r.height); // keep the reserved height while it loads: one jump, not two
    } else if (d.type === 'ready' && !r.ready) {
      r.ready = true; // (or failed: the explorer then shows why, at its height)
      r.state = d.error ? 'error' : 'ready';
      r.host.setAttribute('data-lanterne-state', r.state);
      if (r.height) setHeight(r, r.height);
    }
  }

  /** Embeds every [data-lanterne] element under root (default: the document). */
  function scan(root) {
    const found = [];
    for (const host of Array.from((root || document).querySelectorAll('[data-lanterne]'))) {
      const r = embed(host);
      if (r) found.push(r.host);
    }
    return found;
  }

  window.addEventListener('message', onMessage);
  window.addEventListener('resize', () => { for (const r of records) if (r.ready && r.height) setHeight(r, r.height); });
  // The one global.  A page that already has another `Lanterne` keeps it:
  // the embeds work all the same, only the API is not exposed.
  if (taken !== undefined) {
    if (window.console) console.warn('Lanterne: window.Lanterne is already taken; embeds run without the Lanterne API');
  } else Object.defineProperty(window, 'Lanterne', {
    value: Object.freeze({
      version: '__VERSION__',
      scan,
      /** Loads an embed now, near the viewport or not. */
      load: (host) => { const r = records.find((x) => x.host === host); if (r) load(r); },
    }),
    configurable: false, enumerable: false, writable: false,
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => scan());
  else scan();
})();
