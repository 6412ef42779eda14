import type { TasteFacet } from '../domain/segments.js';

/**
 * A segment's name in a marketer's words, from its tastes alone: "Quiet-luxury cashmere & wool in camel",
 * "Art Deco diamond, gold & onyx", "Candles for home". The phrase is built as a merchandiser would write it:
 * price tier and style before the materials, then the piece (plural), the colour, the house and the occasion.
 * Made of the key's tastes and nothing else, the name is the same on the card, in the client book's filter,
 * on the exported file and in every scope (the card shows how many of the clients hold each taste).
 */

export interface NamedTaste {
  readonly facet: TasteFacet;
  readonly feature: string;
}

/** Style words as a campaign would put them (others keep their own words). */
const styleWords: Readonly<Record<string, string>> = {
  minimalist: 'quiet-luxury',
  'avant garde': 'avant-garde',
  'art deco': 'Art Deco',
  classic: 'timeless',
  'classic tailoring': 'tailored',
  logo: 'logo',
};

const priceWords: Readonly<Record<string, string>> = {
  'top price': 'top-tier',
  'high price': 'premium',
  'core price': 'core-range',
  'entry price': 'entry-price',
};

const occasionWords: Readonly<Record<string, string>> = {
  evening: 'for evening',
  wedding: 'for weddings',
  office: 'for the office',
  cocktail: 'for cocktail hour',
  weekend: 'for the weekend',
  outdoor: 'for the outdoors',
  everyday: 'for every day',
  travel: 'for travel',
  resort: 'for resort season',
  home: 'for home',
};

/** Categories that are already plural or uncountable. */
const uncountable = new Set([
  'jewellery',
  'ready to wear',
  'leather goods',
  'fragrance',
  'knitwear',
  'eyewear',
  'shoes',
  'trousers',
  'sunglasses',
  'accessories',
  'homeware',
  'palazzo trousers',
  'wide trousers',
]);

export function pluralPiece(category: string): string {
  if (uncountable.has(category)) return category === 'ready to wear' ? 'ready-to-wear' : category;
  if (/(s|x|z|ch|sh)$/.test(category)) return `${category}es`;
  if (/[^aeiou]y$/.test(category)) return `${category.slice(0, -1)}ies`;
  return `${category}s`;
}

const titleCase = (phrase: string): string =>
  phrase.replace(/(^|[\s-])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase());

const joined = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} & ${words.at(-1)!}`;

export function segmentName(tastes: readonly NamedTaste[]): string {
  // In phrase order within a facet, so the same tastes in any order give the same name.
  const of = (facet: TasteFacet) =>
    tastes
      .filter((t) => t.facet === facet)
      .map((t) => t.feature)
      .sort();
  const materials = of('material').slice(0, 3);
  const categories = of('category').slice(0, 2).map(pluralPiece);
  const head = [
    ...of('price').map((p) => priceWords[p] ?? p.replace(/\s+/g, '-')),
    ...of('style').map((s) => styleWords[s] ?? s),
  ];
  const noun =
    categories.length > 0
      ? [joined(materials), joined(categories)].filter(Boolean).join(' ')
      : materials.length > 0
        ? joined(materials)
        : 'pieces';
  const colours = of('colour');
  const maisons = of('maison').map(titleCase);
  const occasions = of('occasion')
    .slice(0, 1)
    .map((o) => occasionWords[o] ?? `for ${o}`);
  const words = [
    ...head,
    noun,
    ...(colours.length > 0 ? [`in ${joined(colours)}`] : []),
    ...(maisons.length > 0 ? [`by ${joined(maisons)}`] : []),
    ...occasions,
  ].join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
