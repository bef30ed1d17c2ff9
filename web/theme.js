// theme.js — light or dark theme and an accent colour, chosen by the page's
// address (#theme=light|dark|auto, #accent=RRGGBB; an article's embed sets
// them from data-theme and data-accent).
//
// Colours go in with the CSSOM (style.setProperty), which the page's
// Content-Security-Policy allows, never as a style attribute.  An accent
// that would be hard to read is moved towards black (light theme) or white
// (dark theme) until it reaches 4.5:1 against the card background and
// against the text drawn on it: a newsroom's brand yellow stays yellowish
// but readable.

const MIN_CONTRAST = 4.5;
let media = null;

/** '#rrggbb' (lower case) from 'rgb', 'rrggbb', '#rgb' or '#rrggbb', else ''. */
export function parseAccent(value) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value || '').trim());
  if (!m) return '';
  const h = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  return `#${h.toLowerCase()}`;
}

function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex([r, g, b]) {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

function luminance(c) {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two [r, g, b] colours. */
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

/**
 * The accent as the theme will use it: {accent, soft, onAccent}, all
 * '#rrggbb'.  `card` is the card background, `onAccent` the text colour on
 * accent-filled buttons.
 */
export function readableAccent(accentHex, dark) {
  const card = dark ? [30, 33, 38] : [255, 255, 255];
  const onAccent = dark ? [17, 20, 24] : [255, 255, 255];
  const toward = dark ? [255, 255, 255] : [0, 0, 0];
  let c = rgb(accentHex);
  for (let i = 0; i < 40 && (contrast(c, card) < MIN_CONTRAST || contrast(c, onAccent) < MIN_CONTRAST); i++) c = mix(c, toward, 0.06);
  return { accent: hex(c), soft: hex(mix(card, c, dark ? 0.22 : 0.12)), onAccent: hex(onAccent) };
}

/** Applies theme ('light', 'dark', 'auto' or '') and accent ('#rrggbb' or ''). */
export function applyTheme(theme, accent) {
  const root = document.documentElement;
  if (media) { media.onchange = null; media = null; }
  const set = (dark) => {
    if (dark) root.dataset.theme = 'dark';
    else delete root.dataset.theme;
    for (const p of ['--accent', '--accent-soft', '--on-accent']) root.style.removeProperty(p);
    if (accent) {
      const a = readableAccent(accent, dark);
      root.style.setProperty('--accent', a.accent);
      root.style.setProperty('--accent-soft', a.soft);
      root.style.setProperty('--on-accent', a.onAccent);
    }
  };
  if (theme === 'auto' && typeof matchMedia === 'function') {
    media = matchMedia('(prefers-color-scheme: dark)');
    media.onchange = () => set(media.matches);
    set(media.matches);
  } else {
    set(theme === 'dark');
  }
}
