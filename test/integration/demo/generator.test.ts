import { beforeAll, describe, expect, it } from 'vitest';
import {
  clientRecordSchema,
  interactionKinds,
  interactionRecordSchema,
  itemRecordSchema,
} from '../../../core/domain/catalog.js';
import { demoDefaults, generateDemo, HISTORY_DAYS, type DemoBoutique } from '../../../core/demo/index.js';

const DAY = 86_400_000;
let demo: DemoBoutique;

beforeAll(() => {
  demo = generateDemo();
});

describe('demo boutique: determinism', () => {
  it('gives deep-equal records for the same seed, and another boutique for another seed', () => {
    const again = generateDemo({ seed: demoDefaults.seed });
    expect(again).toEqual(demo);
    const other = generateDemo({ seed: 2 });
    expect(other.items.map((i) => i.title)).not.toEqual(demo.items.map((i) => i.title));
    expect(other.clients.map((c) => c.name)).not.toEqual(demo.clients.map((c) => c.name));
    expect(other.interactions.length).not.toBe(demo.interactions.length);
  });

  it('keeps the catalogue when only the number of clients changes', () => {
    const fewer = generateDemo({ clients: 100 });
    expect(fewer.items).toEqual(demo.items);
    expect(fewer.clients).toHaveLength(100);
  });

  it('rejects options it cannot honour, naming them', () => {
    expect(() => generateDemo({ seed: -1 })).toThrow(
      /seed must be a whole number from 0 to 4294967295, not -1/,
    );
    expect(() => generateDemo({ seed: 1.5 })).toThrow(/seed/);
    expect(() => generateDemo({ clients: 10 })).toThrow(/clients must be a whole number from 50/);
    expect(() => generateDemo({ items: 100 })).toThrow(/items must be a whole number from 200/);
    expect(() => generateDemo({ referenceDate: 'last Tuesday' })).toThrow(/referenceDate .* "last Tuesday"/);
  });
});

describe('demo boutique: what is in it', () => {
  it('has the promised size and every kind of interaction', () => {
    expect(demo.items.length).toBeGreaterThanOrEqual(400);
    expect(demo.clients.length).toBeGreaterThanOrEqual(800);
    expect(demo.interactions.length).toBeGreaterThanOrEqual(10_000);
    const kinds = new Set(demo.interactions.map((i) => i.kind));
    expect([...kinds].sort()).toEqual([...interactionKinds].sort());
    expect(demo.notes.length).toBeGreaterThan(200);
  });

  it('hands the store records its own schemas accept unchanged', () => {
    for (const item of demo.items) expect(itemRecordSchema.parse(item)).toEqual(item);
    for (const client of demo.clients) expect(clientRecordSchema.parse(client)).toEqual(client);
    for (const interaction of demo.interactions.slice(0, 2000))
      expect(interactionRecordSchema.parse(interaction)).toEqual(interaction);
  });

  it('spreads the catalogue over several maisons, every department and variant groups', () => {
    const maisons = new Set(demo.items.map((i) => i.maison));
    expect(maisons.size).toBeGreaterThanOrEqual(6);
    expect(maisons.size).toBeLessThanOrEqual(10);
    const departments = new Set(demo.items.map((i) => i.categoryPath[0]));
    for (const d of ['Ready-to-wear', 'Leather goods', 'Shoes', 'Jewellery', 'Watches', 'Fragrance'])
      expect(departments).toContain(d);
    expect(demo.items.every((i) => i.categoryPath.length >= 2)).toBe(true);
    expect(new Set(demo.items.map((i) => i.externalId)).size).toBe(demo.items.length);

    const groups = new Map<string, typeof demo.items>();
    for (const item of demo.items)
      groups.set(item.variantGroup!, [...(groups.get(item.variantGroup!) ?? []), item]);
    const shared = [...groups.values()].filter((g) => g.length > 1);
    expect(shared.length).toBeGreaterThan(100);
    for (const group of shared) {
      // Same product, same maison and category; colours (or stones, or sizes) differ.
      expect(new Set(group.map((i) => i.maison)).size).toBe(1);
      expect(new Set(group.map((i) => i.categoryPath.join('>'))).size).toBe(1);
      expect(new Set(group.map((i) => i.title)).size).toBe(group.length);
    }
  });

  it('prices in euro minor units, rounded as boutiques round them', () => {
    for (const item of demo.items) {
      expect(item.currency).toBe('EUR');
      expect(item.priceMinor! % 1000).toBe(0);
    }
    const watches = demo.items.filter((i) => i.categoryPath[0] === 'Watches').map((i) => i.priceMinor!);
    const fragrance = demo.items.filter((i) => i.categoryPath[0] === 'Fragrance').map((i) => i.priceMinor!);
    expect(Math.min(...watches)).toBeGreaterThan(Math.max(...fragrance));
  });

  it('writes varied descriptions and an SVG placeholder per item', () => {
    expect(new Set(demo.items.map((i) => i.description)).size).toBe(demo.items.length);
    for (const item of demo.items) {
      expect(item.description.split('. ').length).toBeGreaterThanOrEqual(3);
      expect(item.image).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg%20/);
      expect(decodeURIComponent(item.image!.slice(item.image!.indexOf(',') + 1))).toContain('</svg>');
    }
  });

  it('covers two years ending at the reference date, after each client joined', () => {
    const reference = Date.parse(demoDefaults.referenceDate);
    const times = demo.interactions.map((i) => Date.parse(i.occurredAt));
    const first = Math.min(...times);
    const last = Math.max(...times);
    expect(first).toBeGreaterThanOrEqual(reference - HISTORY_DAYS * DAY);
    expect(last).toBeLessThanOrEqual(reference);
    expect(last - first).toBeGreaterThan((HISTORY_DAYS - 10) * DAY);
    const joined = new Map(demo.clients.map((c) => [c.externalId, Date.parse(c.createdAt!)]));
    for (const i of demo.interactions)
      expect(Date.parse(i.occurredAt)).toBeGreaterThanOrEqual(joined.get(i.clientExternalId)!);
    const sorted = [...demo.interactions].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1));
    expect(demo.interactions.map((i) => i.occurredAt)).toEqual(sorted.map((i) => i.occurredAt));
  });

  it('refers only to its own clients and items, once per (client, item, kind, instant)', () => {
    const clients = new Set(demo.clients.map((c) => c.externalId));
    const items = new Map(demo.items.map((i) => [i.externalId, i]));
    const keys = new Set<string>();
    for (const i of demo.interactions) {
      expect(clients.has(i.clientExternalId)).toBe(true);
      expect(items.has(i.itemExternalId)).toBe(true);
      keys.add(`${i.clientExternalId}|${i.itemExternalId}|${i.kind}|${i.occurredAt}`);
    }
    expect(keys.size).toBe(demo.interactions.length);
    for (const note of demo.notes) expect(clients.has(note.clientExternalId)).toBe(true);
  });

  it('charges purchases at the price and refunds returns of something bought before', () => {
    // A piece whose price dropped in the last days was bought at its price before.
    const before = new Map(demo.outreach.priceDrops.map((d) => [d.itemExternalId, d.previousPriceMinor]));
    const price = new Map(demo.items.map((i) => [i.externalId, before.get(i.externalId) ?? i.priceMinor!]));
    const bought = new Map<string, number>();
    let returns = 0;
    for (const i of demo.interactions) {
      const key = `${i.clientExternalId}|${i.itemExternalId}`;
      if (i.kind === 'purchase') {
        expect(i.amountMinor).toBe(price.get(i.itemExternalId)! * i.quantity);
        expect(i.currency).toBe('EUR');
        bought.set(key, Date.parse(i.occurredAt));
      } else if (i.kind === 'return') {
        returns++;
        expect(i.amountMinor).toBe(-price.get(i.itemExternalId)! * i.quantity);
        expect(bought.get(key)).toBeLessThan(Date.parse(i.occurredAt));
      } else {
        expect(i.amountMinor).toBeNull();
      }
    }
    expect(returns).toBeGreaterThan(50);
    const channels = new Set(demo.interactions.map((i) => i.channel));
    for (const c of ['boutique', 'online', 'phone']) expect(channels).toContain(c);
  });
});

describe('demo boutique: the client book', () => {
  it('has tiers, stores, associates and sizes', () => {
    const tiers = new Set(demo.clients.map((c) => c.tier));
    expect([...tiers].sort()).toEqual(['Client', 'Prospect', 'VIP', 'VVIP']);
    expect(new Set(demo.clients.map((c) => c.store)).size).toBeGreaterThanOrEqual(6);
    expect(demo.clients.every((c) => c.associate !== null)).toBe(true);
    const sized = demo.clients.filter((c) => c.sizes['rtw'] && c.sizes['shoe']);
    expect(sized.length / demo.clients.length).toBeGreaterThan(0.5);
    expect(demo.clients.some((c) => c.sizes['ring'])).toBe(true);
    const emails = demo.clients.flatMap((c) => (c.email ? [c.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((e) => /^[a-z0-9.]+@[a-z0-9.-]+$/.test(e))).toBe(true);
  });

  it('writes names in many languages, accents included', () => {
    const accented = demo.clients.filter((c) => /[^\x20-\x7e]/.test(c.name));
    expect(accented.length / demo.clients.length).toBeGreaterThan(0.05);
    // Japanese, Arabic, Chinese (family name first), Italian, French, Korean.
    for (const pattern of [
      / (Yamamoto|Tanaka|Suzuki|Watanabe)$/,
      / Al[- ]/,
      /^(Wang|Li|Zhang|Chen) /,
      / (Bianchi|Ferrari|Romano)$/,
      /[éèëï]/,
      /^(Kim|Lee|Park) /,
    ])
      expect(demo.clients.some((c) => pattern.test(c.name))).toBe(true);
  });

  it('records consent: about 5-8% refuse profiling, more refuse marketing', () => {
    const refuseProfiling = demo.clients.filter((c) => !c.consentProfiling).length / demo.clients.length;
    const refuseMarketing = demo.clients.filter((c) => !c.consentMarketing).length / demo.clients.length;
    expect(refuseProfiling).toBeGreaterThanOrEqual(0.04);
    expect(refuseProfiling).toBeLessThanOrEqual(0.09);
    expect(refuseMarketing).toBeGreaterThan(2 * refuseProfiling);
    expect(refuseMarketing).toBeLessThan(0.5);
  });

  it('keeps associates’ notes about the client’s own visits', () => {
    const history = new Map<string, Set<string>>();
    for (const i of demo.interactions) {
      const set = history.get(i.clientExternalId) ?? new Set<string>();
      set.add(i.itemExternalId);
      history.set(i.clientExternalId, set);
    }
    const titles = new Map(demo.items.map((i) => [i.title, i.externalId]));
    const associates = new Map(demo.clients.map((c) => [c.externalId, c.associate]));
    for (const note of demo.notes) {
      expect(note.author).toBe(associates.get(note.clientExternalId));
      const title = /^(?:Tried|Bought|Added) the (.+?)(?:\. | to the wishlist)/.exec(note.body)?.[1];
      if (title) expect(history.get(note.clientExternalId)!.has(titles.get(title)!)).toBe(true);
    }
  });
});
