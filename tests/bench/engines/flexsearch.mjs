// flexsearch.mjs — the FlexSearch peer (0.8): a Document index over title
// and text with the French language pack (stop words + stemmer) on the
// LatinBalance charset, "forward" tokenizing for as-you-type prefixes, date,
// entities and title stored; serialized with export() and loaded with
// import().  FlexSearch intersects the words within each field and unions
// the fields, so "two words" finds documents with both in the text or both
// in the title.
import { Document, Encoder, Charset } from 'flexsearch';
import FR from 'flexsearch/lang/fr';
import { pageAnswer, plainWords } from '../stats.mjs';

function make() {
  return new Document({
    encoder: new Encoder(Charset.LatinBalance, FR),
    tokenize: 'forward',
    document: { id: 'id', index: ['title', 'text'], store: ['date', 'entities', 'title'] },
  });
}

export const name = 'FlexSearch';
export const pkg = 'flexsearch';

export function build(docs) {
  const index = make();
  for (const d of docs) index.add(d);
  return index;
}

export async function serialize(index) {
  const parts = {};
  await index.export((key, data) => { parts[key] = data; });
  return JSON.stringify(parts);
}

export async function load(json) {
  const index = make();
  const parts = JSON.parse(json);
  for (const key of Object.keys(parts)) await index.import(key, parts[key]);
  return index;
}

export function search(index, request) {
  const { words } = plainWords(request);
  if (!words.length) return pageAnswer(request, []);
  const res = index.search({ query: words.join(' '), limit: 1e6, enrich: true, merge: true });
  return pageAnswer(request, res.map((r) => r.doc));
}
