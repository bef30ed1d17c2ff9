// french.mjs — French term processing for MiniSearch, which ships no
// language support and whose documentation says to plug a stemmer and a
// stop-word list into processTerm: we use lunr-languages' French Snowball
// stemmer and stop words (the same as the Lunr peer), then fold accents.
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import fr from 'lunr-languages/lunr.fr.js';

stemmerSupport(lunr);
fr(lunr);

export { lunr };

const cache = new Map();

/** A word as indexed and searched: null for a stop word. */
export function frenchTerm(term) {
  const lower = term.toLowerCase();
  let out = cache.get(lower);
  if (out !== undefined) return out;
  const tok = new lunr.Token(lower.replace(/^[ldjmnstc]['’]/, ''));
  if (!lunr.fr.stopWordFilter(tok)) out = null;
  else out = lunr.fr.stemmer(tok).toString().normalize('NFD').replace(/\p{M}/gu, '');
  if (cache.size < 500000) cache.set(lower, out);
  return out;
}

/** A prefix as typed: folded, not stemmed (a stem of a prefix is meaningless). */
export const frenchPrefix = (term) => term.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
