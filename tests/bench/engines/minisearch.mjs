// minisearch.mjs — the MiniSearch peer: one index over title and text,
// title, date and entities stored, French via processTerm (engines/
// french.mjs), AND of the words, prefix search on the last word as you type,
// serialized with JSON.stringify and loaded with MiniSearch.loadJSON.
import MiniSearch from 'minisearch';
import { frenchTerm, frenchPrefix } from './french.mjs';
import { pageAnswer, plainWords } from '../stats.mjs';

const OPTIONS = {
  fields: ['title', 'text'],
  storeFields: ['date', 'entities', 'title'],
  processTerm: (t) => frenchTerm(t),
  searchOptions: { combineWith: 'AND', boost: { title: 2 } },
};

export const name = 'MiniSearch';
export const pkg = 'minisearch';

export function build(docs) {
  const ms = new MiniSearch(OPTIONS);
  ms.addAll(docs);
  return ms;
}

export const serialize = (ms) => JSON.stringify(ms);

export const load = (json) => MiniSearch.loadJSON(json, OPTIONS);

export function search(ms, request) {
  const { words, prefixLast } = plainWords(request);
  if (!words.length) return pageAnswer(request, []);
  const last = words.length - 1;
  const results = ms.search(words.join(' '), {
    prefix: (term, i) => prefixLast && i === last,
    processTerm: (t, i) => (prefixLast && i === last ? frenchPrefix(t) : frenchTerm(t)),
  });
  return pageAnswer(request, results);
}
