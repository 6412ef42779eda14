import { describe, expect, it } from 'vitest';
import { facets } from '../../../core/domain/features.js';
import {
  facetOf,
  findTerms,
  foldText,
  guessFacet,
  maxFeatureLength,
  normalizeFeature,
  singularize,
  splitKnownTerms,
  termsOf,
} from '../../../core/domain/vocabulary.js';

describe('normalizeFeature', () => {
  const table: [string, string][] = [
    // case, whitespace, punctuation, accents
    ['  Structured   LEATHER ', 'structured leather'],
    ['Art-Déco', 'art deco'],
    ['art deco', 'art deco'],
    ['Prêt-à-porter', 'ready to wear'],
    ['Ready-to-Wear', 'ready to wear'],
    ["Women's", 'women'],
    ['black & white', 'black and white'],
    // plurals
    ['Dresses', 'dress'],
    ['Watches', 'watch'],
    ['Scarves', 'scarf'],
    ['Accessories', 'accessory'],
    ['Pearl stud earrings', 'pearl earring'],
    ['canvas totes', 'canvas tote'],
    ['Trousers', 'trousers'],
    ['sunglasses', 'sunglasses'],
    ['Leather Goods', 'leather goods'],
    ['shoes', 'shoes'],
    ['glasses', 'glasses'],
    ['Luxurious', 'luxurious'],
    ['sleeveless', 'sleeveless'],
    ['lapis', 'lapis'],
    // British / American spellings
    ['colors', 'colour'],
    ['Gray cashmere sweaters', 'grey cashmere sweater'],
    ['jewelry', 'jewellery'],
    ['Fine Jewelry', 'jewellery'],
    ['fuschia', 'fuchsia'],
    ['Sage', 'sage'],
    ['cognac', 'cognac'],
    // synonyms
    ['Handbags', 'bag'],
    ['Navy-Blue Handbags', 'navy bag'],
    ['hand bag', 'bag'],
    ['Boho chic', 'bohemian'],
    ['Minimal', 'minimalist'],
    ['Tailored', 'classic tailoring'],
    ['classic tailoring', 'classic tailoring'],
    ['Eau de Parfum', 'fragrance'],
    ['Stainless steel watches', 'steel watch'],
    ['calf leather', 'calfskin'],
    ['vegan leather', 'faux leather'],
    ['off-white', 'ivory'],
    ['Noir', 'black'],
    ['trainers', 'sneaker'],
    ['Jumper', 'sweater'],
    ['black noir', 'black'],
    ['18k gold', 'gold'],
    ['yellow gold', 'gold'],
    ['rose gold', 'rose gold'],
    ['Eveningwear', 'evening'],
    ['', ''],
    ['  --  ', ''],
  ];
  it.each(table)('%j -> %j', (input, expected) => {
    expect(normalizeFeature(input)).toBe(expected);
  });

  it('keeps maison names as written, only folded', () => {
    expect(normalizeFeature('Hermès', 'maison')).toBe('hermes');
    expect(normalizeFeature('Van Cleef & Arpels', 'maison')).toBe('van cleef and arpels');
    expect(normalizeFeature('Maison Lune Bags', 'maison')).toBe('maison lune bags');
  });

  it('cuts long phrases at a word within the schema limit', () => {
    const long = 'an extraordinarily long description of a very particular hand finished detail';
    const out = normalizeFeature(long);
    expect(out.length).toBeLessThanOrEqual(maxFeatureLength);
    expect(out).toBe('an extraordinarily long description of a very');
    expect(normalizeFeature('x'.repeat(60))).toHaveLength(maxFeatureLength);
  });

  it('is idempotent on every canonical term of every facet', () => {
    for (const facet of facets) {
      for (const term of termsOf(facet)) {
        expect(normalizeFeature(term)).toBe(term);
        expect(normalizeFeature(normalizeFeature(term.toUpperCase()))).toBe(term);
      }
    }
  });
});

describe('vocabulary helpers', () => {
  it('folds text', () => {
    expect(foldText("  Crêpe de Chine — L'Atelier's  ")).toBe('crepe de chine latelier');
  });

  it('singularises conservatively', () => {
    expect(
      ['bags', 'boxes', 'brushes', 'clutches', 'bodies', 'ties', 'dress', 'bus', 'glamorous'].map(
        singularize,
        splitKnownTerms,
      ),
    ).toEqual(['bag', 'box', 'brush', 'clutch', 'body', 'tie', 'dress', 'bus', 'glamorous']);
  });

  it('knows the facet of canonical terms and guesses from the head word', () => {
    expect(facetOf('art deco')).toBe('style');
    expect(facetOf('shoes')).toBe('category');
    expect(facetOf('unheard of')).toBeNull();
    expect(guessFacet('Structured leather')).toBe('material');
    expect(guessFacet('evening bags')).toBe('category');
    expect(guessFacet('Navy')).toBe('colour');
    expect(guessFacet('spring/summer')).toBe('season');
    expect(guessFacet('menswear')).toBe('audience');
    expect(guessFacet('hand-stitched')).toBe('craft');
    expect(guessFacet('top price')).toBe('price');
    expect(guessFacet('quantum flux')).toBeNull();
  });

  it('finds terms in free text, longest match first, each once, in order of mention', () => {
    expect(
      findTerms(
        'A structured top-handle bag in black calf leather with gold-tone hardware; structured, for evening and classic tailoring.',
      ),
    ).toEqual([
      { phrase: 'structured', facet: 'style', position: 1, words: 1 },
      { phrase: 'bag', facet: 'category', position: 4, words: 1 },
      { phrase: 'black', facet: 'colour', position: 6, words: 1 },
      { phrase: 'calfskin', facet: 'material', position: 7, words: 2 },
      { phrase: 'metallic', facet: 'colour', position: 10, words: 2 },
      { phrase: 'evening', facet: 'occasion', position: 15, words: 1 },
      { phrase: 'classic tailoring', facet: 'style', position: 17, words: 2 },
    ]);
    expect(findTerms('nothing known here at all')).toEqual([]);
  });

  it('splits a list value into terms only when the vocabulary covers it', () => {
    expect(splitKnownTerms('Silk chiffon')?.map((t) => t.phrase)).toEqual(['silk', 'chiffon']);
    expect(splitKnownTerms('Calf leather')?.map((t) => t.phrase)).toEqual(['calfskin']);
    expect(splitKnownTerms('18k yellow gold')?.map((t) => t.phrase)).toEqual(['gold']);
    expect(splitKnownTerms('full-grain leather and suede')?.map((t) => t.phrase)).toEqual([
      'leather',
      'suede',
    ]);
    // A fragrance note is not a colour.
    expect(splitKnownTerms('green tea')).toBeNull();
    expect(splitKnownTerms('lapis lazuli')).toBeNull();
  });
});
