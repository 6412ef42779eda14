import { beforeAll, describe, expect, it } from 'vitest';
import { itemRecordSchema } from '../../../core/domain/catalog.js';
import {
  demoGroundTruth,
  generateDemo,
  tasteGroupDefinitions,
  tasteVocabulary,
  type DemoBoutique,
} from '../../../core/demo/index.js';
import { groupPool, groupScore, mentions } from '../../../core/demo/taste-groups.js';

/** The default boutique and two others: the planted structure must hold whatever the seed. */
const seeds = [1, 2, 3];
const boutiques = new Map<number, DemoBoutique>();

beforeAll(() => {
  for (const seed of seeds) boutiques.set(seed, generateDemo({ seed }));
});

/** clientExternalId -> the set of taste words of every item they interacted with. */
function touchedFeatures(demo: DemoBoutique): Map<string, Set<string>> {
  const touched = new Map<string, Set<string>>();
  for (const i of demo.interactions) {
    const set = touched.get(i.clientExternalId) ?? new Set<string>();
    for (const f of demo.itemFeatures[i.itemExternalId]!) set.add(f);
    touched.set(i.clientExternalId, set);
  }
  return touched;
}

const inPool = (features: readonly string[], group: { features: readonly string[] }): boolean =>
  group.features.filter((f) => features.includes(f)).length >= 2;

describe('demo boutique: the planted taste groups', () => {
  it('exports 8-12 groups of lowercase item words, with every client in one group and some in two', () => {
    const demo = boutiques.get(1)!;
    expect(demo.groups.length).toBeGreaterThanOrEqual(8);
    expect(demo.groups.length).toBeLessThanOrEqual(12);
    for (const group of demo.groups) {
      expect(group.features.length).toBeGreaterThanOrEqual(3);
      for (const f of group.features) expect(f).toMatch(/^[a-z][a-z -]*[a-z]$/);
      expect(group.memberExternalIds.length).toBeGreaterThan(30);
    }
    const memberships = new Map<string, number>();
    for (const g of demo.groups)
      for (const id of g.memberExternalIds) memberships.set(id, (memberships.get(id) ?? 0) + 1);
    expect(memberships.size).toBe(demo.clients.length);
    const inTwo = [...memberships.values()].filter((n) => n === 2).length / demo.clients.length;
    expect(inTwo).toBeGreaterThan(0.1);
    expect(inTwo).toBeLessThan(0.3);
    for (const client of demo.clients) {
      const names = demo.clientGroups[client.externalId]!;
      for (const name of names)
        expect(demo.groups.find((g) => g.name === name)!.memberExternalIds).toContain(client.externalId);
    }
  });

  it('recomputes the same ground truth from the seed alone', () => {
    const demo = boutiques.get(2)!;
    const truth = demoGroundTruth({ seed: 2 });
    expect(truth.groups).toEqual(demo.groups);
    expect(truth.heldOut).toEqual(demo.heldOut);
    expect(truth.itemFeatures).toEqual(demo.itemFeatures);
    expect(truth.clientGroups).toEqual(demo.clientGroups);
  });

  it('spells every planted word in the item text exactly when the item has it', () => {
    for (const demo of boutiques.values()) {
      for (const item of demo.items) {
        const text = [
          item.title,
          item.maison,
          item.categoryPath.join(' > '),
          ...item.materials,
          ...item.colours,
          ...item.occasions,
          item.collection,
          item.description,
        ].join('\n');
        const features = demo.itemFeatures[item.externalId]!;
        const mentioned = tasteVocabulary.filter((word) => mentions(text, word));
        const carried = tasteVocabulary.filter((word) => features.includes(word));
        expect({ item: item.externalId, words: mentioned }).toEqual({
          item: item.externalId,
          words: carried,
        });
      }
    }
  });

  it('gives every group enough items to choose from', () => {
    for (const demo of boutiques.values()) {
      for (const group of demo.groups) {
        const pool = demo.items.filter((i) => inPool(demo.itemFeatures[i.externalId]!, group));
        expect(pool.length, `${group.name} pool`).toBeGreaterThanOrEqual(12);
      }
    }
  });

  it('makes members interact far more with their group’s items than other clients do', () => {
    for (const demo of boutiques.values()) {
      for (const group of demo.groups) {
        const members = new Set(group.memberExternalIds);
        const share = { members: [0, 0], others: [0, 0] };
        for (const i of demo.interactions) {
          const side = members.has(i.clientExternalId) ? share.members : share.others;
          side[1]!++;
          if (inPool(demo.itemFeatures[i.itemExternalId]!, group)) side[0]!++;
        }
        const memberShare = share.members[0]! / share.members[1]!;
        const otherShare = share.others[0]! / share.others[1]!;
        expect(memberShare, group.name).toBeGreaterThan(0.45);
        expect(memberShare / otherShare, group.name).toBeGreaterThan(4);
      }
    }
  });

  it('makes each feature of a group a shared taste of its members', () => {
    for (const demo of boutiques.values()) {
      const touched = touchedFeatures(demo);
      for (const group of demo.groups) {
        const members = new Set(group.memberExternalIds);
        for (const f of group.features) {
          const holders = group.memberExternalIds.filter((c) => !(demo.heldOut[c] ?? []).includes(f));
          const others = demo.clients.map((c) => c.externalId).filter((c) => !members.has(c));
          const rate = (ids: string[]): number =>
            ids.filter((c) => touched.get(c)?.has(f)).length / ids.length;
          expect(rate(holders), `${group.name}: ${f}`).toBeGreaterThan(0.35);
          expect(rate(holders) / rate(others), `${group.name}: ${f}`).toBeGreaterThan(1.3);
        }
      }
    }
  });
});

describe('demo boutique: held-out features', () => {
  it('holds out a feature of the main group for about a third of clients, in every group', () => {
    for (const demo of boutiques.values()) {
      const held = Object.entries(demo.heldOut);
      expect(held.length / demo.clients.length).toBeGreaterThan(0.2);
      expect(held.length / demo.clients.length).toBeLessThan(0.45);
      for (const [client, features] of held) {
        const main = demo.groups.find((g) => g.name === demo.clientGroups[client]![0])!;
        for (const f of features) expect(main.features).toContain(f);
      }
      if (demo === boutiques.get(1)) {
        for (const group of demo.groups)
          expect(
            group.memberExternalIds.some((c) => demo.heldOut[c]),
            group.name,
          ).toBe(true);
      }
    }
  });

  it('never lets a client touch an item with a feature held out for them', () => {
    for (const demo of boutiques.values()) {
      const touched = touchedFeatures(demo);
      for (const [client, features] of Object.entries(demo.heldOut))
        for (const f of features) expect(touched.get(client)?.has(f) ?? false, `${client}: ${f}`).toBe(false);
    }
  });

  it('leaves something to infer: most other members of the group did touch the held-out feature', () => {
    const demo = boutiques.get(1)!;
    const touched = touchedFeatures(demo);
    for (const [client, [feature]] of Object.entries(demo.heldOut)) {
      const group = demo.groups.find((g) => g.name === demo.clientGroups[client]![0])!;
      const peers = group.memberExternalIds.filter(
        (c) => c !== client && !(demo.heldOut[c] ?? []).includes(feature!),
      );
      const share = peers.filter((c) => touched.get(c)?.has(feature!)).length / peers.length;
      expect(share, `${group.name}: ${feature!}`).toBeGreaterThan(0.35);
    }
  });

  it('gives each planted word to exactly one group', () => {
    expect(tasteGroupDefinitions.map((g) => g.name)).toEqual(boutiques.get(1)!.groups.map((g) => g.name));
    expect(new Set(tasteVocabulary).size).toBe(tasteGroupDefinitions.flatMap((g) => g.features).length);
  });
});

describe('demo boutique: taste words, by hand', () => {
  it('finds a word only as a word of its own, plurals included', () => {
    expect(mentions('Leather goods > Bags > Tote', 'leather')).toBe(true);
    expect(mentions('Brilliant-cut diamonds on a band', 'diamond')).toBe(true);
    expect(mentions('An avant-garde cut', 'avant-garde')).toBe(true);
    expect(mentions('Pure Art Deco geometry', 'art deco')).toBe(true);
    expect(mentions('Sandals for the beach', 'sand')).toBe(false);
    expect(mentions('A silky finish', 'silk')).toBe(false);
    expect(mentions('A golden hour', 'gold')).toBe(false);
    expect(mentions('Sandalwood and amber', 'sand')).toBe(false);
  });

  it('scores an item by the group features it carries and pools it from two', () => {
    const item = (features: string[]) => ({
      record: itemRecordSchema.parse({ externalId: features.join('-'), title: features.join(' ') }),
      features,
      line: 'Bags',
      launchedAt: 0,
      popularity: 1,
      consumable: false,
    });
    const structured = tasteGroupDefinitions.find((g) => g.name === 'Structured leather')!;
    const tote = item(['structured', 'leather', 'cognac', 'office']);
    const suede = item(['suede', 'cognac', 'weekend']);
    const card = item(['minimalist', 'leather', 'black']);
    expect([tote, suede, card].map((i) => groupScore(i, structured))).toEqual([3, 1, 2]);
    expect(groupPool([tote, suede, card], structured)).toEqual([tote, card]);
  });
});
