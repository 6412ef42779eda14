import { describe, expect, it } from 'vitest';
import type { Facet } from '../../../core/domain/features.js';
import type { TasteFacet } from '../../../core/domain/segments.js';
import { findSegments, tasteBook } from '../../../core/runs/segments.js';
import { pluralPiece, segmentName } from '../../../core/runs/segment-names.js';

/**
 * Micro-segments on a hand-made book of 16 clients (features: s sporty, n nylon, w white, m minimalist,
 * o wool, b black, l leather, sl structured leather, sw sweater, ch chronograph):
 *   c0 s n w ch   c1 s n w   c2 s n        (a sporty community, two of them in white)
 *   c3 m o b      c4 m o     c5 m o b      (a minimalist one, two in black)
 *   c6 w b        (two colours: never a segment on their own)
 *   c7, c9, c15 l sl   (a phrase inside another says one thing twice: no segment)
 *   c8, c10..c14 sw    (six sweaters, which share nothing else)
 * With minSupport 2: the strongest pairs seed (s+n, m+o: 3 clients, lift 3·16/(3·3) = 5.33) and each takes
 * its colour on (held by 2 of its 3 members, 3.56 times the book's 3/16, and 2 of the colour's 3 holders are
 * in the theme); s+w, m+b and the rest are then inside a theme and seed nothing more. Chronograph is craft,
 * not taste: it is left out.
 */
const facetOf: Record<string, Facet> = {
  sporty: 'style',
  nylon: 'material',
  white: 'colour',
  minimalist: 'style',
  wool: 'material',
  black: 'colour',
  leather: 'material',
  'structured leather': 'material',
  sweater: 'category',
  chronograph: 'craft',
};
const tastes: string[][] = [
  ['sporty', 'nylon', 'white', 'chronograph'],
  ['sporty', 'nylon', 'white'],
  ['sporty', 'nylon'],
  ['minimalist', 'wool', 'black'],
  ['minimalist', 'wool'],
  ['minimalist', 'wool', 'black'],
  ['white', 'black'],
  ['leather', 'structured leather'],
  ['sweater'],
  ['leather', 'structured leather'],
  ['sweater'],
  ['sweater'],
  ['sweater'],
  ['sweater'],
  ['sweater'],
  ['leather', 'structured leather'],
];
const book = tasteBook(
  tastes.map((features) => ({ features, weights: features.map(() => 1) })),
  (f) => facetOf[f],
);

describe('finding micro-segments', () => {
  it('keeps only taste facets, one entry per feature', () => {
    expect(book.featureNames).not.toContain('chronograph');
    expect(book.offsets[1]).toBe(3);
    const twice = tasteBook([{ features: ['wool', 'wool'], weights: [0.2, 0.7] }], (f) => facetOf[f]);
    expect([...twice.weights]).toEqual([0.7]);
  });

  it('finds each community with its colour, sorted by distinctness, and nothing else', () => {
    const found = findSegments(book, { minSupport: 2 });
    // Independent tastes at 3/16 each: P(at least two of three) = 3p²(1-p) + p³.
    const p = 3 / 16;
    const expected = 16 * (3 * p * p * (1 - p) + p ** 3);
    expect(found.map((s) => [s.key, [...s.members]])).toEqual([
      // Equal distinctness and size: by key.
      ['colour:black+material:wool+style:minimalist', [3, 4, 5]],
      ['colour:white+material:nylon+style:sporty', [0, 1, 2]],
    ]);
    const sporty = found[1]!;
    expect(sporty.tastes.map((t) => [t.feature, t.facet, t.share])).toEqual([
      ['nylon', 'material', 1],
      ['sporty', 'style', 1],
      ['white', 'colour', 2 / 3],
    ]);
    expect(sporty.tastes[0]!.lift).toBeCloseTo(16 / 3, 10);
    expect(sporty.tastes[2]!.lift).toBeCloseTo((2 / 3) * (16 / 3), 10);
    expect(sporty.expected).toBeCloseTo(expected, 10);
    expect(sporty.lift).toBeCloseTo(3 / expected, 10);
    // Smoothed with α = minSupport = 2 clients at chance level.
    expect(sporty.distinctness).toBeCloseTo((3 + 2) / (expected + 2), 10);
  });

  it('needs minSupport clients on a pair, and on a taste that joins it', () => {
    expect(findSegments(book, { minSupport: 3 }).map((s) => s.key)).toEqual([
      'material:nylon+style:sporty',
      'material:wool+style:minimalist',
    ]);
    expect(findSegments(book, { minSupport: 4 })).toEqual([]);
  });

  it('finds nothing in a book without tastes', () => {
    expect(
      findSegments(
        tasteBook([{ features: [], weights: [] }], () => undefined),
        { minSupport: 1 },
      ),
    ).toEqual([]);
  });
});

describe('naming a segment', () => {
  const named = (...t: [Facet, string][]) =>
    segmentName(t.map(([facet, feature]) => ({ facet: facet as TasteFacet, feature })));

  it('puts its tastes in a merchandiser’s order, the same in any order', () => {
    const quiet: [Facet, string][] = [
      ['material', 'wool'],
      ['material', 'cashmere'],
      ['style', 'minimalist'],
      ['colour', 'camel'],
    ];
    expect(named(...quiet)).toBe('Quiet-luxury cashmere & wool in camel');
    expect(named(...[...quiet].reverse())).toBe('Quiet-luxury cashmere & wool in camel');
    expect(
      named(['style', 'art deco'], ['material', 'gold'], ['material', 'onyx'], ['material', 'diamond']),
    ).toBe('Art Deco diamond, gold & onyx');
    expect(named(['category', 'candle'], ['occasion', 'home'])).toBe('Candles for home');
    expect(named(['style', 'sporty'], ['maison', 'halden'], ['price', 'top price'])).toBe(
      'Top-tier sporty pieces by Halden',
    );
    expect(
      named(['style', 'structured'], ['material', 'leather'], ['category', 'wallet'], ['colour', 'cognac']),
    ).toBe('Structured leather wallets in cognac');
  });

  it('speaks of pieces in the plural', () => {
    expect(['bracelet', 'dress watch', 'accessory', 'jewellery', 'ready to wear'].map(pluralPiece)).toEqual([
      'bracelets',
      'dress watches',
      'accessories',
      'jewellery',
      'ready-to-wear',
    ]);
  });
});
