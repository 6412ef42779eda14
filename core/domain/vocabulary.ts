import type { Facet } from './features.js';
import { vocabularyTerms as terms } from './vocabulary-terms.js';

/**
 * Atelier's one feature vocabulary. Every reasoner (rules, llama, openai) passes its feature phrases through
 * `normalizeFeature`, so "Colours: Navy-Blue", "navy blue" and "navy" become one feature and the engine sees
 * one column, not three. Spelling is British (colour, jewellery, grey), as the boutique writes.
 *
 * The pipeline: lower case, accents folded, punctuation to spaces, each word singularised, British spellings,
 * then the longest matching synonym n-grams replaced by their canonical phrase.
 */

/** Longest phrase the reasoner schemas accept. */
export const maxFeatureLength = 48;

/** Words whose trailing "s" is not a plural (or whose plural is the usual name of the thing). */
// prettier-ignore
const invariantWords = new Set([
  'always', 'arpels', 'bus', 'canvas', 'chanel', 'chassis', 'class', 'cross', 'dress', 'glass', 'glasses',
  'goods', 'hermes', 'jeans', 'lapis', 'leggings', 'lens', 'les', 'louis', 'news', 'overalls', 'pants',
  'paris', 'plus', 'series', 'shorts', 'species', 'sunglasses', 'swiss', 'this', 'tights', 'trousers', 'vans',
  'yes', 'whereas', 'christmas', 'as', 'is', 'us', 'its', 'has', 'was', 'does', 'boss', 'moss', 'gloss',
]);

/** Irregular plurals worth knowing in a boutique. */
const irregularPlurals = new Map([
  ['scarves', 'scarf'],
  ['halves', 'half'],
  ['knives', 'knife'],
  ['women', 'women'],
  ['men', 'men'],
  ['children', 'children'],
  ['accessories', 'accessory'],
  ['jewelries', 'jewellery'],
]);

/** Word-level spelling variants: American and common misspellings to British. */
const spellings = new Map([
  ['color', 'colour'],
  ['colored', 'coloured'],
  ['colorful', 'colourful'],
  ['colorblock', 'colourblock'],
  ['gray', 'grey'],
  ['jewelry', 'jewellery'],
  ['jewelery', 'jewellery'],
  ['center', 'centre'],
  ['aluminum', 'aluminium'],
  ['favorite', 'favourite'],
  ['fuschia', 'fuchsia'],
  ['monogrammed', 'monogram'],
  ['embroidery', 'embroidered'],
]);

/** Lower case, accents folded, apostrophes dropped, punctuation to spaces, whitespace collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]s\b/g, '')
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9/]+/g, ' ')
    .replace(/\//g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** English plural to singular for one folded word; conservative (unknown shapes are left alone). */
export function singularize(word: string): string {
  const irregular = irregularPlurals.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length <= 3 || invariantWords.has(word) || !word.endsWith('s')) return word;
  if (/(ss|us|is|ous|less|ness)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(ch|sh|ss|x|zz)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

function normalizeWords(text: string, singular: boolean): string[] {
  const words = foldText(text)
    .split(' ')
    .filter((w) => w !== '');
  return words.map((w) => {
    const one = singular ? singularize(w) : w;
    return spellings.get(one) ?? one;
  });
}

interface Term {
  readonly canonical: string;
  readonly facet: Facet;
}

// alias key (normalised words joined by ' ') -> term; canonical phrases map to themselves.
const aliasIndex = new Map<string, Term>();
const canonicalFacets = new Map<string, Facet>();
let longestAlias = 1;
for (const [canonical, facet, aliases = []] of terms) {
  if (!canonicalFacets.has(canonical)) canonicalFacets.set(canonical, facet);
  for (const phrase of [canonical, ...aliases]) {
    const key = normalizeWords(phrase, true).join(' ');
    // First definition wins: a later alias never steals an earlier canonical ("weekend" is travel first).
    if (!aliasIndex.has(key)) aliasIndex.set(key, { canonical, facet });
    longestAlias = Math.max(longestAlias, key.split(' ').length);
  }
}

/** The longest vocabulary term starting at word i (keys built incrementally: this is the hot loop). */
function longestMatchAt(words: readonly string[], i: number): { term: Term; n: number } | null {
  let key = '';
  let best: { term: Term; n: number } | null = null;
  const max = Math.min(longestAlias, words.length - i);
  for (let n = 1; n <= max; n++) {
    key = n === 1 ? words[i]! : `${key} ${words[i + n - 1]!}`;
    const term = aliasIndex.get(key);
    if (term !== undefined) best = { term, n };
  }
  return best;
}

function truncateAtWord(phrase: string): string {
  if (phrase.length <= maxFeatureLength) return phrase;
  const cut = phrase.slice(0, maxFeatureLength + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : cut.slice(0, maxFeatureLength)).trim();
}

/**
 * The canonical form of a feature phrase: "Navy-Blue Handbags" -> "navy bag", "Art-Déco" -> "art deco",
 * "colors" -> "colour". Maison names keep their words as written (only folded): "Hermès" -> "hermes".
 * Returns '' when nothing is left; the result is at most `maxFeatureLength` characters, cut at a word.
 */
export function normalizeFeature(phrase: string, facet?: Facet): string {
  if (facet === 'maison') return truncateAtWord(foldText(phrase));
  const words = normalizeWords(phrase, true);
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const match = longestMatchAt(words, i);
    const word = match !== null ? match.term.canonical : words[i]!;
    // "black noir" or "bag handbag" would otherwise repeat a word.
    if (out.at(-1) !== word) out.push(word);
    i += match?.n ?? 1;
  }
  return truncateAtWord(out.join(' '));
}

/** The facet of a known canonical phrase (after normalisation), else null. */
export function facetOf(normalized: string): Facet | null {
  return canonicalFacets.get(normalized) ?? aliasIndex.get(normalized)?.facet ?? null;
}

/**
 * A best guess at a phrase's facet: the phrase itself when it is a known term, else its last known word
 * (the head of an English noun phrase: "structured leather" is a material, "evening bag" a category),
 * else null. Accepts raw or normalised phrases.
 */
export function guessFacet(phrase: string): Facet | null {
  const normalized = normalizeFeature(phrase);
  const whole = facetOf(normalized);
  if (whole !== null) return whole;
  const words = normalized.split(' ');
  for (let end = words.length; end > 0; end--) {
    for (let start = Math.max(0, end - longestAlias); start < end; start++) {
      const facet = facetOf(words.slice(start, end).join(' '));
      if (facet !== null) return facet;
    }
  }
  return null;
}

/** A term found in free text, with where it started (word index) so callers can weigh early mentions. */
export interface TermMention {
  readonly phrase: string;
  readonly facet: Facet;
  readonly position: number;
  /** How many (folded) words the mention spans. */
  readonly words: number;
}

/**
 * Every vocabulary term mentioned in a free text (title, description), canonical and in order of first
 * mention, longest match first so "classic tailoring" is not also read as "classic".
 */
export function findTerms(text: string): TermMention[] {
  const words = normalizeWords(text, true);
  const found = new Map<string, TermMention>();
  for (let i = 0; i < words.length;) {
    const match = longestMatchAt(words, i);
    if (match !== null && !found.has(match.term.canonical))
      found.set(match.term.canonical, {
        phrase: match.term.canonical,
        facet: match.term.facet,
        position: i,
        words: match.n,
      });
    i += match?.n ?? 1;
  }
  return [...found.values()];
}

/** Words that carry no taste of their own: a list value made of known terms and these splits into the terms. */
// prettier-ignore
const fillerWords = new Set(['and', 'with', 'in', 'of', 'the', 'a', 'an', 'on', 'fine', 'full', 'grain', 'pure']);

/**
 * Splits a catalog list value into vocabulary terms when the terms (and filler words, numbers) cover it all:
 * "Silk chiffon" -> silk, chiffon; "Calf leather" -> calfskin; "18k yellow gold" -> gold. A value with a word the
 * vocabulary does not know stays whole, normalised ("green tea" is a note, not a colour): returns null.
 */
export function splitKnownTerms(value: string): TermMention[] | null {
  const terms = findTerms(value);
  if (terms.length === 0) return null;
  const words = normalizeWords(value, true);
  const covered = new Uint8Array(words.length);
  // findTerms reports first mentions only; re-scan to mark every matched span.
  for (let i = 0; i < words.length;) {
    const match = longestMatchAt(words, i);
    if (match !== null) covered.fill(1, i, i + match.n);
    i += match?.n ?? 1;
  }
  const uncovered = words.some((w, i) => covered[i] === 0 && !fillerWords.has(w) && !/\d/.test(w));
  return uncovered ? null : terms;
}

/** Every canonical term of a facet (for lexicon-driven reasoning and for tests). */
export function termsOf(facet: Facet): string[] {
  return terms.filter(([, f]) => f === facet).map(([canonical]) => canonical);
}
