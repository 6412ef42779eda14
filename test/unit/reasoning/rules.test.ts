import { describe, expect, it } from 'vitest';
import {
  RulesReasoner,
  fixedPriceTiers,
  priceTierTable,
  rulesPromptVersion,
  seasonOf,
} from '../../../core/reasoning/rules/index.js';
import { clientReasoningSchema, itemReasoningSchema } from '../../../core/reasoning/types.js';
import { type ItemForReasoning } from '../../../core/domain/catalog.js';

const base = { currency: 'EUR', variantGroup: null } as const;
const tote: ItemForReasoning = {
  ...base,
  id: 1,
  externalId: 'LUN-TOTE',
  title: 'Bond Street Structured Tote',
  maison: 'Maison Lune',
  categoryPath: ['Leather Goods', 'Bags'],
  materials: ['Calf leather'],
  colours: ['Black'],
  occasions: ['Office', 'Evening'],
  priceMinor: 420_000,
  collection: 'AW24',
  description:
    'A structured top-handle tote in smooth calfskin with gold-tone hardware, hand-stitched edges and a minimalist silhouette.',
};
const dress: ItemForReasoning = {
  ...base,
  id: 2,
  externalId: 'SAB-DRESS',
  title: 'Prairie Maxi Dress',
  maison: 'Atelier Sable',
  categoryPath: ['Women', 'Ready-to-wear', 'Dresses'],
  materials: ['Silk chiffon'],
  colours: ['Ivory', 'Sage'],
  occasions: ['Holiday'],
  priceMinor: 90_000,
  collection: 'Spring-Summer 2025',
  description: 'A flowing boho dress with embroidered florals and a romantic ruffled hem.',
};
const watch: ItemForReasoning = {
  ...base,
  id: 3,
  externalId: 'VAN-CHRONO',
  title: 'Racing Chronograph',
  maison: 'Horlogerie Vance',
  categoryPath: ['Men', 'Watches'],
  materials: ['Stainless steel', 'Ceramic'],
  colours: ['Blue'],
  occasions: [],
  priceMinor: 800_000,
  collection: 'Permanent',
  description: 'A sporty automatic chronograph with a bold ceramic bezel.',
};
const bare: ItemForReasoning = {
  ...base,
  id: 4,
  externalId: 'X-7',
  title: 'Untitled 7',
  maison: null,
  categoryPath: [],
  materials: [],
  colours: [],
  occasions: [],
  priceMinor: null,
  collection: null,
  description: '',
};

const reasoner = new RulesReasoner({
  priceTiers: fixedPriceTiers({
    'leather goods>bags': [100_000, 250_000, 400_000],
    'ready-to-wear': [50_000, 150_000, 300_000],
  }),
});

describe('rules reasoner: items', () => {
  it('reads a structured leather tote', async () => {
    const r = await reasoner.reasonItem(tote);
    expect(r.love).toBe(
      'Clients drawn to structured and minimalist pieces in black calfskin, dressing for office, would love this Maison Lune bag.',
    );
    expect(r.dislike).toBe(
      'Those who prefer soft or bohemian pieces in bright colours, or who keep to a lighter budget, may find it too rigid.',
    );
    expect(r.features).toEqual([
      { phrase: 'structured', facet: 'style', weight: 0.95 },
      { phrase: 'calfskin', facet: 'material', weight: 0.9 },
      { phrase: 'structured leather', facet: 'material', weight: 0.9 },
      { phrase: 'minimalist', facet: 'style', weight: 0.8 },
      { phrase: 'black', facet: 'colour', weight: 0.8 },
      { phrase: 'office', facet: 'occasion', weight: 0.7 },
      { phrase: 'bag', facet: 'category', weight: 0.7 },
      { phrase: 'hand stitched', facet: 'craft', weight: 0.65 },
      { phrase: 'tote', facet: 'category', weight: 0.6 },
      { phrase: 'evening', facet: 'occasion', weight: 0.55 },
      { phrase: 'maison lune', facet: 'maison', weight: 0.5 },
      { phrase: 'top price', facet: 'price', weight: 0.5 },
    ]);
  });

  it('reads a bohemian silk dress (audience level of the path is not a category)', () => {
    const r = reasoner.reasonItemNow(dress);
    expect(r.love).toBe(
      'Clients drawn to bohemian and floral pieces in ivory silk, dressing for holiday, would love this Atelier Sable dress.',
    );
    expect(r.dislike).toBe(
      'Those who prefer structured or minimalist pieces in strong colours may find it too loose.',
    );
    expect(r.features).toEqual([
      { phrase: 'silk', facet: 'material', weight: 0.9 },
      { phrase: 'bohemian', facet: 'style', weight: 0.85 },
      { phrase: 'floral', facet: 'style', weight: 0.8 },
      { phrase: 'ivory', facet: 'colour', weight: 0.8 },
      { phrase: 'romantic', facet: 'style', weight: 0.75 },
      { phrase: 'chiffon', facet: 'material', weight: 0.75 },
      { phrase: 'holiday', facet: 'occasion', weight: 0.7 },
      { phrase: 'dress', facet: 'category', weight: 0.7 },
      { phrase: 'embroidered', facet: 'craft', weight: 0.65 },
      // Sage is a colour the vocabulary does not fold into green: kept as the catalog says it.
      { phrase: 'sage', facet: 'colour', weight: 0.6 },
      { phrase: 'atelier sable', facet: 'maison', weight: 0.5 },
      { phrase: 'ready to wear', facet: 'category', weight: 0.4 },
    ]);
  });

  it('reads a sporty steel watch without a price tier for its category', () => {
    const r = reasoner.reasonItemNow(watch);
    expect(r.love).toBe(
      'Clients drawn to sporty and bold pieces in blue steel would love this Horlogerie Vance watch.',
    );
    expect(r.dislike).toBe(
      'Those who prefer classic tailoring or romantic pieces in quiet neutrals may find it too casual.',
    );
    expect(r.features.map((f) => `${f.facet}:${f.phrase}:${f.weight}`)).toEqual([
      'material:steel:0.9',
      'style:sporty:0.85',
      'style:bold:0.8',
      'colour:blue:0.8',
      'material:ceramic:0.75',
      'category:watch:0.7',
      'craft:chronograph:0.65',
      'craft:mechanical movement:0.6',
      'maison:horlogerie vance:0.5',
      'season:permanent collection:0.3',
      'audience:men:0.3',
    ]);
  });

  it('falls back to the title when the vocabulary knows nothing of an item', () => {
    expect(reasoner.reasonItemNow(bare)).toEqual({
      love: 'Clients who choose pieces like the Untitled 7 would love this piece.',
      dislike: 'Those not looking for this kind of piece will pass on it.',
      features: [{ phrase: 'untitled 7', facet: 'category', weight: 0.5 }],
    });
  });

  it('always satisfies the contract schema and is deterministic', () => {
    for (const item of [tote, dress, watch, bare]) {
      const a = reasoner.reasonItemNow(item);
      expect(itemReasoningSchema.safeParse(a).success).toBe(true);
      expect(reasoner.reasonItemNow(structuredClone(item))).toEqual(a);
    }
    expect(reasoner.kind).toBe('rules');
    expect(reasoner.model).toBeNull();
    expect(reasoner.promptVersion).toBe(rulesPromptVersion);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(reasoner.reasonItem(tote, controller.signal)).rejects.toThrow('stop');
  });
});

describe('rules reasoner: clients', () => {
  it('weighs purchases up and returns down, newest first', async () => {
    const r = await reasoner.reasonClient({
      id: 9,
      recentItems: [
        { item: tote, kind: 'purchase' },
        { item: dress, kind: 'return' },
      ],
    });
    expect(clientReasoningSchema.safeParse(r).success).toBe(true);
    expect(r.likes).toBe(
      'Drawn to structured and minimalist pieces in black calfskin, mostly bag and tote, often from maison lune.',
    );
    expect(r.dislikes).toBe('Returned bohemian and floral pieces in ivory silk.');
    expect(r.corePreference).toBe('Structured black calfskin pieces for office');
    // The tote's features scaled so the strongest is 1; the dress (returned) contributes nothing positive.
    expect(r.features.slice(0, 4)).toEqual([
      { phrase: 'structured', facet: 'style', weight: 1 },
      { phrase: 'calfskin', facet: 'material', weight: 0.947 },
      { phrase: 'structured leather', facet: 'material', weight: 0.947 },
      { phrase: 'black', facet: 'colour', weight: 0.842 },
    ]);
    expect(r.features.some((f) => f.phrase === 'bohemian')).toBe(false);
  });

  it('says what it knows of a client without history', () => {
    expect(reasoner.reasonClientNow({ id: 1, recentItems: [] })).toEqual({
      likes: 'No history to read a taste from yet.',
      dislikes: 'Nothing returned or passed over yet.',
      corePreference: 'Unknown so far',
      features: [],
    });
  });

  it('infers dislikes from the opposite of the main style when nothing was returned', () => {
    const r = reasoner.reasonClientNow({ id: 2, recentItems: [{ item: watch, kind: 'try-on' }] });
    expect(r.dislikes).toBe('Rarely chooses classic tailoring and romantic pieces.');
    expect(r.features[0]).toEqual({ phrase: 'steel', facet: 'material', weight: 1 });
  });
});

describe('price tiers and seasons', () => {
  it('cuts each category at its own 30th/70th/90th percentiles, per currency, falling back to the parent', () => {
    const bags = Array.from({ length: 10 }, (_, i) => ({
      categoryPath: ['Leather Goods', 'Bags'],
      priceMinor: (i + 1) * 100_000,
      currency: 'EUR',
    }));
    const scarves = Array.from({ length: 10 }, (_, i) => ({
      categoryPath: ['Accessories', 'Scarves'],
      priceMinor: (i + 1) * 10_000,
      currency: 'EUR',
    }));
    const table = priceTierTable([...bags, ...scarves]);
    // bags: 30th pct 370k, 70th 730k, 90th 910k
    const bag = (p: number) =>
      table.tierOf({ categoryPath: ['Leather Goods', 'Bags'], priceMinor: p, currency: 'EUR' });
    expect([bag(200_000), bag(370_000), bag(800_000), bag(950_000)]).toEqual([
      'entry',
      'core',
      'high',
      'top',
    ]);
    // The same price is top among scarves.
    expect(
      table.tierOf({ categoryPath: ['Accessories', 'Scarves'], priceMinor: 200_000, currency: 'EUR' }),
    ).toBe('top');
    // An unseen leaf uses its parent's distribution; an unseen currency or an unpriced item has no tier.
    expect(
      table.tierOf({
        categoryPath: ['Leather Goods', 'Bags', 'Totes'],
        priceMinor: 200_000,
        currency: 'EUR',
      }),
    ).toBe('entry');
    expect(
      table.tierOf({ categoryPath: ['Leather Goods', 'Bags'], priceMinor: 200_000, currency: 'USD' }),
    ).toBeNull();
    expect(
      table.tierOf({ categoryPath: ['Leather Goods', 'Bags'], priceMinor: null, currency: 'EUR' }),
    ).toBeNull();
  });

  it('reads seasons from collection codes and names', () => {
    expect(
      [
        'SS24',
        'AW 2025',
        'FW25',
        'Pre-Fall 24',
        'Cruise 2026',
        'Spring-Summer 2024',
        'Autumn',
        'Capsule',
        null,
      ].map(seasonOf),
    ).toEqual([
      'spring summer',
      'autumn winter',
      'autumn winter',
      'pre fall',
      'cruise',
      'spring summer',
      'autumn winter',
      null,
      null,
    ]);
  });
});
