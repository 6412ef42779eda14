import { describe, expect, it } from 'vitest';
import { featureTable, parseFeatureLines } from '../../../core/eval/feature-file.js';

/** Three items: ids as in sequential.txt, ASINs as their external ids. */
const dataset = {
  itemIds: ['1', '2', '3'],
  items: [{ externalId: 'B0001' }, { externalId: 'B0002' }, { externalId: 'B0003' }],
} as unknown as Parameters<typeof parseFeatureLines>[1];

const line = (x: unknown) => JSON.stringify(x);

describe('a feature file', () => {
  it('reads items by their id or their ASIN, through the vocabulary, strongest weight kept', () => {
    const text = [
      line({
        itemId: '1',
        title: 'ignored',
        features: [
          { feature: 'Matte Lipsticks', facet: 'category', weight: 0.9 },
          { feature: 'matte lipstick', facet: 'category', weight: 0.4 },
          { feature: 'rose', facet: 'colour', weight: 0.5 },
        ],
      }),
      '',
      line({ itemId: 3, features: [] }),
      line({ externalId: 'B0002', features: [{ feature: 'rose', facet: 'colour', weight: 1 }] }),
    ].join('\r\n');
    const { items, problems } = parseFeatureLines('\uFEFF' + text, dataset);
    expect(problems).toEqual([]);
    expect(items.get(0)).toEqual([
      { phrase: 'matte lipstick', facet: 'category', weight: 0.9 },
      { phrase: 'rose', facet: 'colour', weight: 0.5 },
    ]);
    expect(items.get(1)).toEqual([{ phrase: 'rose', facet: 'colour', weight: 1 }]);
    expect(items.get(2)).toEqual([]);

    const table = featureTable(items, 3);
    expect(table.names).toEqual(['matte lipstick', 'rose']);
    expect(table.facets).toEqual(['category', 'colour']);
    expect(Array.from(table.offsets)).toEqual([0, 2, 3, 3]);
    expect(Array.from(table.ids)).toEqual([0, 1, 1]);
    expect(Array.from(table.weights)).toEqual([Math.fround(0.9), 0.5, 1]);
  });

  it('names the line and the field of every problem', () => {
    const text = [
      '{"itemId": "1", "features": [',
      line({ itemId: '2', features: [{ feature: 'gold', facet: 'texture', weight: 0.5 }] }),
      line({
        itemId: '3',
        features: [{ feature: 'gold', facet: 'colour', weight: 1.5 }, { facet: 'colour' }],
      }),
      line({ itemId: '99', features: [] }),
      line({ externalId: 'B0001', features: [] }),
      line({ externalId: 'B0001', features: [] }),
      line({ features: [] }),
      line({ itemId: '1', externalId: 'B0001', features: [] }),
      line({ itemId: '2' }),
      line(['not', 'an', 'object']),
      line({ itemId: true, features: 'gold' }),
    ].join('\n');
    const { problems } = parseFeatureLines(text, dataset);
    const shown = problems.map((p) => `${p.line}: ${p.field}: ${p.message}`);
    expect(shown[0]).toMatch(/^1: \(line\): not JSON \(/);
    expect(shown.slice(1)).toEqual([
      '2: features[0].facet: must be one of style, material, colour, category, occasion, price, maison, craft, season, audience (got "texture")',
      '3: features[0].weight: must be from 0 to 1 (got 1.5)',
      '3: features[1].feature: missing',
      '3: features[1].weight: missing',
      '4: itemId: no item "99" in the dataset',
      '6: externalId: item "B0001" is already given on line 5',
      '7: itemId: give the item as itemId (as in sequential.txt) or externalId (its ASIN), once',
      '8: itemId: give the item as itemId (as in sequential.txt) or externalId (its ASIN), once',
      '9: features: missing',
      '10: (line): must be an object {itemId, features} (got ["not","an","object"])',
      '11: itemId: must be the id as in sequential.txt (a text or a whole number) (got true)',
      '11: features: must be a list of {feature, facet, weight} (got "gold")',
    ]);
  });
});
