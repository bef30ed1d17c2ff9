#!/usr/bin/env node
// gen-gazetteer.mjs — writes the C source of Lanterne's built-in place
// gazetteer (src/gazetteer.h) from two registry packages, at build time
// (CMakeLists.txt runs it for the native and the WebAssembly builds alike):
//   - world-countries: one record per country with its English and French
//     common and official names, its capital(s) and its region/subregion;
//   - i18n-iso-countries: the English and French names again, with the
//     usual variants ("USA", "U.S.", "États-Unis d'Amérique").
// world-countries is the backbone because it is the only one of the two with
// capitals and regions; i18n-iso-countries adds spelling variants.
// Usage: node scripts/gen-gazetteer.mjs <output.c>
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (path) => {
  try { return JSON.parse(readFileSync(join(root, 'node_modules', path), 'utf8')); }
  catch (error) {
    console.error(`gen-gazetteer: cannot read node_modules/${path} (${error.message}): run \`npm ci\` first`);
    process.exit(1);
  }
};
const countries = load('world-countries/countries.json');
const isoEnglish = load('i18n-iso-countries/langs/en.json').countries;
const isoFrench = load('i18n-iso-countries/langs/fr.json').countries;

// French names of the registry's region and subregion keys (the registry
// gives them in English only); the keys themselves come from the data.
const regionFrench = {
  'Africa': 'Afrique', 'Americas': 'Amériques', 'Asia': 'Asie', 'Europe': 'Europe',
  'Oceania': 'Océanie', 'Antarctic': 'Antarctique',
  'Northern Africa': 'Afrique du Nord', 'Western Africa': "Afrique de l'Ouest",
  'Eastern Africa': "Afrique de l'Est", 'Middle Africa': 'Afrique centrale',
  'Southern Africa': 'Afrique australe', 'Western Asia': 'Asie occidentale',
  'Southern Asia': 'Asie du Sud', 'Central Asia': 'Asie centrale', 'Eastern Asia': "Asie de l'Est",
  'South-Eastern Asia': 'Asie du Sud-Est', 'Northern Europe': "Europe du Nord",
  'Southern Europe': 'Europe du Sud', 'Western Europe': "Europe de l'Ouest",
  'Eastern Europe': "Europe de l'Est", 'Central Europe': 'Europe centrale',
  'Southeast Europe': 'Europe du Sud-Est', 'North America': 'Amérique du Nord',
  'South America': 'Amérique du Sud', 'Central America': 'Amérique centrale',
  'Caribbean': 'Caraïbes', 'Polynesia': 'Polynésie', 'Melanesia': 'Mélanésie',
  'Micronesia': 'Micronésie', 'Australia and New Zealand': 'Australie et Nouvelle-Zélande',
};

// Names that are also common words once their article is dropped ("la
// réunion" is a meeting): they keep the article.
const commonWords = new Set(['reunion']);
const folded = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// An alias must be a name, not a code: at least three characters, and a
// leading French article is dropped ("Les états-unis d'Amérique").
const cleanAlias = (name) => {
  if (typeof name !== 'string') return null;
  let s = name.trim().replace(/^(les|le|la) /i, '').replace(/^l['’]/i, '');
  if (commonWords.has(folded(s))) {
    if (s === name.trim()) return null;  // no article to keep it apart
    s = name.trim();
  }
  if (s.length < 3 || !/\p{L}/u.test(s)) return null;
  s = s.charAt(0).toUpperCase() + s.slice(1);
  return s;
};
const names = (value) => (Array.isArray(value) ? value : [value]);

const entries = [];
const countryAliases = new Set();
const sorted = [...countries].sort((a, b) => a.cca2.localeCompare(b.cca2));
for (const c of sorted) {
  const fra = c.translations?.fra ?? {};
  const aliases = new Set();
  for (const n of [c.name.common, c.name.official, fra.common, fra.official,
                   ...names(isoEnglish[c.cca2] ?? []), ...names(isoFrench[c.cca2] ?? [])]) {
    const a = cleanAlias(n);
    if (a) aliases.add(a);
  }
  for (const a of aliases) countryAliases.add(a.toLowerCase());
  entries.push({ id: `country_${c.cca2.toLowerCase()}`, type: 'place',
                 fr: fra.common ?? c.name.common, en: c.name.common, aliases: [...aliases] });
}
// Capitals after countries: a capital named like its country ("Djibouti",
// "Singapore") stays the country, so no alias is shared by two entries.
for (const c of sorted) {
  for (const [i, capital] of (c.capital ?? []).entries()) {
    const aliases = new Set();
    for (const n of [capital, capital.replace(/,? D\.C\.$/, '')]) {
      const a = cleanAlias(n);
      if (a && !countryAliases.has(a.toLowerCase())) aliases.add(a);
    }
    if (!aliases.size) continue;
    entries.push({ id: `capital_${c.cca2.toLowerCase()}${i ? `_${i + 1}` : ''}`, type: 'place',
                   fr: capital, en: capital, aliases: [...aliases] });
  }
}
const regions = new Set(countries.flatMap((c) => [c.region, c.subregion]).filter(Boolean));
for (const region of [...regions].sort()) {
  const aliases = [region, regionFrench[region]].filter(Boolean);
  entries.push({ id: `region_${region.toLowerCase().replace(/[^a-z]+/g, '_')}`, type: 'place',
                 fr: regionFrench[region] ?? region, en: region, aliases });
}

const c = (s) => JSON.stringify(s).replace(/\?/g, '\\?');  // JSON escapes are valid C; no trigraphs
let out = `/* Generated by scripts/gen-gazetteer.mjs from world-countries and i18n-iso-countries: do not edit. */\n`;
out += `#include "gazetteer.h"\n\nconst lt_gazetteer_entry lt_gazetteer[] = {\n`;
for (const e of entries)
  out += `  { ${c(e.id)}, ${c(e.type)}, ${c(e.fr)}, ${c(e.en)}, ${c(e.aliases.join('|'))} },\n`;
out += `};\nconst unsigned lt_gazetteer_count = ${entries.length};\n`;
const output = process.argv[2];
if (!output) { console.error('usage: gen-gazetteer.mjs <output.c>'); process.exit(2); }
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, out);
