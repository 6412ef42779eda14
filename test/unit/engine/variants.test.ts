import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../core/engine/index.js';
import { onePerVariantGroup, variantIndex } from '../../../core/engine/model.js';
import { defaultEngineParams, EngineInputError, type EngineParams } from '../../../core/engine/types.js';
import { day, engineInput, type ClientSpec } from '../../support/engine-input.js';

// A tote in three colours (group 0), a scarf in two (group 1), a ring and a belt without variants.
const [toteBlack, toteTan, toteRed, scarfBlue, scarfGreen, ring, belt] = [0, 1, 2, 3, 4, 5, 6] as const;
const items = [
  ['tote', 'leather', 'black'],
  ['tote', 'leather', 'tan'],
  ['tote', 'leather', 'red'],
  ['scarf', 'silk', 'blue'],
  ['scarf', 'silk', 'green'],
  ['ring', 'gold'],
  ['belt', 'leather'],
];
const totes: readonly number[] = [toteBlack, toteTan, toteRed];
const variantGroup = Int32Array.from([0, 0, 0, 1, 1, -1, -1]);
const params: EngineParams = { ...defaultEngineParams, neighbours: 3, maxIterations: 0 };

const boutiqueClients: ClientSpec[] = [
  // She bought the black tote and tried the blue scarf on.
  { events: [[toteBlack], [scarfBlue, 'try-on']] },
  // Clients like her, who bought the other colours and the rest.
  { events: [[toteBlack], [toteTan], [toteRed], [scarfGreen], [ring]] },
  { events: [[toteBlack], [toteTan], [scarfBlue], [scarfGreen], [belt]] },
  { events: [[toteRed], [toteTan], [scarfGreen], [scarfBlue], [ring], [belt]] },
];

function boutique(withGroups: boolean) {
  const input = engineInput(items, boutiqueClients);
  return withGroups ? { ...input, variantGroup } : input;
}

describe('variant groups', () => {
  it('index each group with its items, and none when no item has one', () => {
    const index = variantIndex({ ...boutique(false), variantGroup })!;
    expect(Array.from(index.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(index.members)).toEqual([toteBlack, toteTan, toteRed, scarfBlue, scarfGreen]);
    expect(variantIndex(boutique(false))).toBeNull();
    expect(
      variantIndex({ ...boutique(false), variantGroup: new Int32Array(items.length).fill(-1) }),
    ).toBeNull();
  });

  it('keep the first of each group in a ranked list, and every item without one', () => {
    const index = variantIndex({ ...boutique(false), variantGroup })!;
    const ranked = Uint32Array.from([toteTan, scarfBlue, toteRed, ring, scarfGreen, belt]);
    const scores = Float32Array.from([6, 5, 4, 3, 2, 1]);
    const kept = onePerVariantGroup(index, ranked, scores, 4);
    expect(kept).toBe(4);
    expect(Array.from(ranked.subarray(0, kept))).toEqual([toteTan, scarfBlue, ring, belt]);
    expect(Array.from(scores.subarray(0, kept))).toEqual([6, 5, 3, 1]);
  });

  it('without groups, the other colours of the tote she bought are her top recommendations', async () => {
    const result = await runEngine(boutique(false), params);
    const top = result.recommend(0, 3).map((r) => r.item);
    expect(top.filter((i) => i === toteTan || i === toteRed).length).toBeGreaterThan(0);
  });

  it('with groups, never another variant of a piece she bought, and one variant per group in her list', async () => {
    const result = await runEngine(boutique(true), params);
    const list = result.recommend(0, 5).map((r) => r.item);
    expect(list).not.toContain(toteTan);
    expect(list).not.toContain(toteRed);
    // Tried on, not bought: the scarf's group stays open, but only one of its colours is offered.
    expect(list.filter((i) => i === scarfBlue || i === scarfGreen)).toHaveLength(1);
    expect([...list].sort()).toEqual(
      [ring, belt, list.find((i) => i === scarfBlue || i === scarfGreen)!].sort(),
    );
  });

  it('open the group of a piece she bought and returned, once the recent-purchase window has passed', async () => {
    // She bought the black tote on day 0 and returned it on day 2; the others' histories end on day 5.
    const returned = engineInput(items, [
      {
        events: [
          [toteBlack, 'purchase', 0],
          [toteBlack, 'return', 2],
          [scarfBlue, 'try-on', 3],
        ],
      },
      ...boutiqueClients.slice(1),
    ]);
    const list = async (now: number, windowDays = defaultEngineParams.recentPurchaseDays) => {
      const result = await runEngine(
        { ...returned, variantGroup, now: now * day },
        { ...params, recentPurchaseDays: windowDays },
      );
      return result.recommend(0, 6).map((r) => r.item);
    };
    // Within the window (90 days by default) she just bought the piece: nothing of its group yet.
    const soon = await list(5);
    expect(soon.filter((i) => totes.includes(i))).toEqual([]);
    // After it, or without a window, she owns nothing of the group: one of the other colours is offered,
    // never the piece she returned.
    for (const later of [await list(5 + 91), await list(5, 0)]) {
      expect(later).not.toContain(toteBlack);
      expect(later.filter((i) => i === toteTan || i === toteRed)).toHaveLength(1);
    }
  });

  it('keep the group of a piece she owns closed for good, however long ago she bought it', async () => {
    const result = await runEngine({ ...boutique(true), now: 5 * day + 3650 * day }, params);
    const list = result.recommend(0, 6).map((r) => r.item);
    expect(list.filter((i) => totes.includes(i))).toEqual([]);
  });

  it('offer a re-buyable piece and its variants again once the window has passed, one per group per list', async () => {
    // The scarves are re-buyable (a consumable category the boutique marks so); she bought the blue one.
    const rebuy = engineInput(
      items,
      [
        {
          events: [
            [toteBlack, 'purchase', 0],
            [scarfBlue, 'purchase', 1],
          ],
        },
        ...boutiqueClients.slice(1),
      ],
      { consumable: [scarfBlue, scarfGreen] },
    );
    const list = async (now: number) => {
      const result = await runEngine(
        { ...rebuy, variantGroup, now: now * day },
        { ...params, rebuyConsumables: true },
      );
      return result.recommend(0, 6).map((r) => r.item);
    };
    const scarves = (l: number[]) => l.filter((i) => i === scarfBlue || i === scarfGreen);
    expect(scarves(await list(5))).toEqual([]);
    expect(scarves(await list(5 + 91))).toHaveLength(1);
    // The tote is not re-buyable: still closed.
    expect((await list(5 + 91)).filter((i) => totes.includes(i))).toEqual([]);
  });

  it('refuse a group list of the wrong length or with a negative code other than -1', async () => {
    await expect(runEngine({ ...boutique(false), variantGroup: new Int32Array(3) }, params)).rejects.toThrow(
      EngineInputError,
    );
    await expect(
      runEngine({ ...boutique(false), variantGroup: Int32Array.from([0, 0, 0, 1, 1, -2, -1]) }, params),
    ).rejects.toThrow(/variantGroup\[5\]/);
  });
});
