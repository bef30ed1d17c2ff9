// i18n.js — the interface's words in French and English.  Corpus text is
// never translated; only the page's own labels.  Every string is plain text
// (inserted with textContent), never HTML.

export const STRINGS = {
  fr: {
    loading: 'Ouverture de l’index…',
    searchLabel: 'Rechercher dans les documents',
    searchPlaceholder: 'Rechercher (touche /)',
    sortLabel: 'Trier par',
    sortRelevance: 'pertinence',
    sortDate: 'date',
    help: 'Syntaxe',
    helpRows: [
      ['otan maroc', 'tous les mots'],
      ['"feuille de route"', 'l’expression exacte'],
      ['cyber*', 'les mots qui commencent par cyber'],
      ['sécurité -OTAN', 'sans le mot OTAN'],
      ['otan OR daech', 'l’un ou l’autre'],
    ],
    helpNote: 'Majuscules et accents sont ignorés. Recherche vide : tous les documents par date.',
    total: (n) => (n === 0 ? 'Aucun document' : n === 1 ? '1 document' : `${number(n, 'fr')} documents`),
    shown: (a, n) => `${a} affichés sur ${n}`,
    more: 'Afficher la suite',
    noResults: 'Aucun document ne correspond. Essayez moins de mots, ou retirez un filtre.',
    undated: 'sans date',
    timeline: 'Chronologie',
    written: 'Écrit le',
    mentioned: 'Parle de',
    timelineHelp: 'Faites glisser sur le graphique pour choisir une période.',
    period: 'Période',
    from: 'Du',
    to: 'au',
    any: '—',
    clearPeriod: 'Toute la période',
    undatedCount: (n) => `${n} sans date`,
    barLabel: (label, n) => `${label} : ${n} document${n > 1 ? 's' : ''}`,
    entities: 'Entités',
    entityTypes: { person: 'Personnes', organization: 'Organisations', organisation: 'Organisations', place: 'Lieux', location: 'Lieux', event: 'Événements', other: 'Autres' },
    filterBy: (name) => `Filtrer par ${name}`,
    removeFilter: (name) => `Retirer le filtre ${name}`,
    details: (name) => `Fiche de ${name}`,
    activeFilters: 'Filtres actifs',
    card: 'Fiche',
    aliases: 'Autres noms',
    role: 'Rôle',
    documents: 'Documents',
    firstDate: 'Première date',
    lastDate: 'Dernière date',
    cooccurring: 'Apparaît avec',
    addFilter: 'Filtrer les résultats',
    close: 'Fermer',
    closeHint: 'Fermer (Échap)',
    prevHit: 'Occurrence précédente',
    nextHit: 'Occurrence suivante',
    hitOf: (i, n) => (n === 0 ? 'Aucune occurrence' : `Occurrence ${i} sur ${n}`),
    date: 'Date',
    dateSource: {
      metadata: 'métadonnées du corpus',
      'date header': 'en-tête de date',
      dateline: 'lieu et date en tête',
      'letter date': 'date de la lettre',
      'publication line': 'ligne de publication',
      'date line': 'ligne de date',
    },
    dateFoundBy: (how) => `(${how})`,
    source: 'Source',
    link: 'Lien',
    classification: 'Classification',
    type: 'Type',
    language: 'Langue',
    path: 'Fichier',
    sha256: 'SHA-256 du texte',
    print: 'Imprimer',
    errorTitle: 'Cette page ne peut pas s’ouvrir',
    errorDamaged: 'L’index intégré à cette page est endommagé ou incomplet. Le fichier a peut-être été tronqué pendant la copie ou le téléchargement : récupérez-en une copie complète.',
    errorBrowser: 'Ce navigateur est trop ancien pour cette page (il faut WebAssembly). Essayez une version récente de Firefox, Chrome, Edge ou Safari.',
    errorDetail: 'Détail technique',
    docError: 'Ce document est introuvable.',
    corpusInfo: (n, first, last) => `${number(n, 'fr')} documents${first ? `, ${first} – ${last}` : ''}`,
    langSwitch: 'English',
    langSwitchLabel: 'Switch to English',
    offline: 'Hors ligne : rien ne quitte cet ordinateur.',
    skip: 'Aller aux résultats',
    results: 'Résultats',
    fullExplorer: 'Ouvrir l’explorateur complet',
    fullExplorerTitle: 'Ouvre cette vue dans l’explorateur complet, dans un nouvel onglet',
    docEntities: 'Dans ce document',
  },
  en: {
    loading: 'Opening the index…',
    searchLabel: 'Search the documents',
    searchPlaceholder: 'Search (press /)',
    sortLabel: 'Sort by',
    sortRelevance: 'relevance',
    sortDate: 'date',
    help: 'Syntax',
    helpRows: [
      ['nato morocco', 'all the words'],
      ['"road map"', 'the exact phrase'],
      ['cyber*', 'words starting with cyber'],
      ['security -NATO', 'without the word NATO'],
      ['nato OR daesh', 'either word'],
    ],
    helpNote: 'Case and accents are ignored. Empty search: every document, by date.',
    total: (n) => (n === 0 ? 'No document' : n === 1 ? '1 document' : `${number(n, 'en')} documents`),
    shown: (a, n) => `${a} shown of ${n}`,
    more: 'Show more',
    noResults: 'No document matches. Try fewer words, or remove a filter.',
    undated: 'undated',
    timeline: 'Timeline',
    written: 'Written on',
    mentioned: 'Speaks of',
    timelineHelp: 'Drag across the chart to choose a period.',
    period: 'Period',
    from: 'From',
    to: 'to',
    any: '—',
    clearPeriod: 'All dates',
    undatedCount: (n) => `${n} undated`,
    barLabel: (label, n) => `${label}: ${n} document${n > 1 ? 's' : ''}`,
    entities: 'Entities',
    entityTypes: { person: 'People', organization: 'Organisations', organisation: 'Organisations', place: 'Places', location: 'Places', event: 'Events', other: 'Other' },
    filterBy: (name) => `Filter by ${name}`,
    removeFilter: (name) => `Remove the filter ${name}`,
    details: (name) => `About ${name}`,
    activeFilters: 'Active filters',
    card: 'Card',
    aliases: 'Also known as',
    role: 'Role',
    documents: 'Documents',
    firstDate: 'First date',
    lastDate: 'Last date',
    cooccurring: 'Appears with',
    addFilter: 'Filter the results',
    close: 'Close',
    closeHint: 'Close (Esc)',
    prevHit: 'Previous hit',
    nextHit: 'Next hit',
    hitOf: (i, n) => (n === 0 ? 'No hit' : `Hit ${i} of ${n}`),
    date: 'Date',
    dateSource: {
      metadata: 'corpus metadata',
      'date header': 'date header',
      dateline: 'dateline',
      'letter date': 'date of the letter',
      'publication line': 'publication line',
      'date line': 'date line',
    },
    dateFoundBy: (how) => `(${how})`,
    source: 'Source',
    link: 'Link',
    classification: 'Classification',
    type: 'Type',
    language: 'Language',
    path: 'File',
    sha256: 'SHA-256 of the text',
    print: 'Print',
    errorTitle: 'This page cannot open',
    errorDamaged: 'The index inside this page is damaged or incomplete. The file may have been cut short while it was copied or downloaded: get a complete copy.',
    errorBrowser: 'This browser is too old for this page (it needs WebAssembly). Try a recent Firefox, Chrome, Edge or Safari.',
    errorDetail: 'Technical detail',
    docError: 'This document cannot be found.',
    corpusInfo: (n, first, last) => `${number(n, 'en')} documents${first ? `, ${first} – ${last}` : ''}`,
    langSwitch: 'Français',
    langSwitchLabel: 'Passer en français',
    offline: 'Offline: nothing leaves this computer.',
    skip: 'Skip to the results',
    results: 'Results',
    fullExplorer: 'Open the full explorer',
    fullExplorerTitle: 'Opens this view in the full explorer, in a new tab',
    docEntities: 'In this document',
  },
};

/** The interface language: a saved choice, else the browser's, else French. */
export function initialLanguage() {
  try {
    const saved = localStorage.getItem('lanterne.lang');
    if (saved === 'fr' || saved === 'en') return saved;
  } catch { /* file:// storage may be refused */ }
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'fr'];
  for (const l of langs) {
    const p = String(l).slice(0, 2).toLowerCase();
    if (p === 'fr' || p === 'en') return p;
  }
  return 'en';
}

export function saveLanguage(lang) {
  try { localStorage.setItem('lanterne.lang', lang); } catch { /* ignore */ }
}

/** A date value "YYYY", "YYYY-MM" or "YYYY-MM-DD" in words, in `lang`. */
export function formatDate(value, precision, lang, short = false) {
  if (!value || typeof value !== 'string') return '';
  const m = /^(-?\d{1,4})(?:-(\d\d))?(?:-(\d\d))?/.exec(value);
  if (!m) return value;
  const p = precision || (m[3] ? 'day' : m[2] ? 'month' : 'year');
  const y = Number(m[1]);
  if (p === 'year' || !m[2]) return String(y);
  const d = new Date(0);
  d.setUTCFullYear(y, Number(m[2]) - 1, p === 'day' && m[3] ? Number(m[3]) : 1);
  try {
    return dateFormat(lang, short, p === 'day' && Boolean(m[3])).format(d);
  } catch {
    return value;
  }
}

// Intl formatters are costly to create (a fraction of a millisecond each:
// the results list and the timeline format hundreds of dates per search),
// and cheap to reuse: one per language and style.
const formats = new Map();
function dateFormat(lang, short, day) {
  const key = `${lang}|${short}|${day}`;
  let f = formats.get(key);
  if (!f) {
    const opts = { timeZone: 'UTC', year: 'numeric', month: short ? 'short' : 'long' };
    if (day) opts.day = 'numeric';
    f = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', opts);
    formats.set(key, f);
  }
  return f;
}

/** n.toLocaleString(locale), with the formatter kept. */
function number(n, locale) {
  let f = formats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    formats.set(locale, f);
  }
  return f.format(n);
}
