// lunr.mjs — the Lunr peer: lunr-languages' French (trimmer, stop words,
// Snowball stemmer) as its README shows (`this.use(lunr.fr)`), title and
// text fields, every word required, a trailing wildcard on the last word as
// you type.  Lunr stores no fields, so the serialized index ships with a
// small store (title, date, entities) as a site would.
import { lunr } from './french.mjs';
import { pageAnswer, plainWords } from '../stats.mjs';

export const name = 'Lunr';
export const pkg = 'lunr';

export function build(docs) {
  const idx = lunr(function () {
    this.use(lunr.fr);
    this.ref('id');
    this.field('title', { boost: 2 });
    this.field('text');
    for (const d of docs) this.add(d);
  });
  const store = {};
  for (const d of docs) store[d.id] = { title: d.title, date: d.date, entities: d.entities };
  return { idx, store };
}

export const serialize = ({ idx, store }) => JSON.stringify({ index: idx, store });

export function load(json) {
  const data = JSON.parse(json);
  return { idx: lunr.Index.load(data.index), store: data.store };
}

export function search({ idx, store }, request) {
  const { words, prefixLast } = plainWords(request);
  const terms = words.map((w) => w.toLowerCase())
    .filter((w, i) => (prefixLast && i === words.length - 1) || lunr.fr.stopWordFilter(new lunr.Token(w)));
  if (!terms.length) return pageAnswer(request, []);
  const results = idx.query((q) => {
    terms.forEach((t, i) => {
      const prefix = prefixLast && i === terms.length - 1;
      q.term(t, {
        presence: lunr.Query.presence.REQUIRED,
        wildcard: prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
        usePipeline: !prefix,
      });
    });
  });
  return pageAnswer(request, results.map((r) => store[r.ref]));
}
