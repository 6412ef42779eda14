import { describe, expect, it } from 'vitest';
import { fitEngine, Scorer } from '../../../core/engine/index.js';
import type { BlendWeights } from '../../../core/engine/types.js';
import { seededUint32 } from '../../../core/eval/bootstrap.js';
import type { EvalDataset } from '../../../core/eval/dataset.js';
import { featureTable } from '../../../core/eval/feature-file.js';
import { phaseInput } from '../../../core/eval/protocol.js';
import { evalParams } from '../../../core/eval/run.js';
import { buildSourceCache, roundZeroFromCache, type SourceCache } from '../../../core/eval/tune.js';

/**
 * A seeded synthetic catalog large enough that the tuning cache keeps only part of it: 600 items in 12 taste
 * groups (a feature each, plus two shared ones), 400 users who each mostly buy within one group, in order.
 */
function syntheticDataset(): { dataset: Pick<EvalDataset, 'sequences' | 'itemIds'>; itemCount: number } {
  const next = seededUint32(7);
  const pick = (n: number) => Math.floor((next() / 4294967296) * n);
  const itemCount = 600;
  const groups = 12;
  const sequences: Uint32Array[] = [];
  for (let u = 0; u < 400; u++) {
    const group = u % groups;
    const length = 5 + pick(8);
    const seq = new Uint32Array(length);
    let at = pick(itemCount / groups);
    for (let p = 0; p < length; p++) {
      // Mostly the next items of her group's order, sometimes anything at all.
      seq[p] = pick(5) === 0 ? pick(itemCount) : group * (itemCount / groups) + (at % (itemCount / groups));
      at += 1 + pick(3);
    }
    sequences.push(seq);
  }
  return {
    dataset: { sequences, itemIds: Array.from({ length: itemCount }, (_, i) => String(i + 1)) },
    itemCount,
  };
}

function features(itemCount: number) {
  const items = new Map<number, { phrase: string; facet: 'style'; weight: number }[]>();
  for (let i = 0; i < itemCount; i++)
    items.set(i, [
      { phrase: `taste ${Math.floor(i / 50)}`, facet: 'style', weight: 1 },
      { phrase: i % 2 === 0 ? 'even' : 'odd', facet: 'style', weight: 0.3 },
    ]);
  return featureTable(items, itemCount);
}

const blend: BlendWeights = {
  sequence: 1,
  explicit: 1,
  group: 0.3,
  neighbours: 0.75,
  propagated: 0.1,
  popular: 0,
};

function rows(cache: SourceCache, targets: Uint32Array): Map<number, number>[] {
  // Wide enough that no kept item is cut: the whole candidate set is compared, not its top.
  const m = roundZeroFromCache(cache, targets, blend, 500);
  return Array.from({ length: cache.users }, (_, u) => {
    const row = new Map<number, number>();
    for (let k = m.offsets[u]!; k < m.offsets[u + 1]!; k++) row.set(m.cols[k]!, m.values[k]!);
    return row;
  });
}

describe('round 0 of the validation fit, read off the tuning cache', () => {
  it('is the one each user would have were her validation item any other item', async () => {
    const { dataset, itemCount } = syntheticDataset();
    const phase = phaseInput(dataset as EvalDataset, features(itemCount), 2);
    const { model } = await fitEngine(phase.input, { ...evalParams, maxIterations: 0 });
    const scorer = new Scorer(model);
    const width = 60;
    const real = buildSourceCache(model, scorer, phase.targets, width);
    // A stand-in target she already owns (her latest training item): it can never be offered, takes no slot,
    // and leaves her real validation item an ordinary item the rules keep or not like any other.
    const standIn = Uint32Array.from(
      { length: real.users },
      (_, u) => phase.input.eventItem[phase.input.eventOffsets[u + 1]! - 1]!,
    );
    const ordinary = buildSourceCache(model, scorer, standIn, width);

    const withTarget = rows(real, phase.targets);
    const withoutTarget = rows(ordinary, standIn);
    for (let u = 0; u < real.users; u++)
      expect(
        [...withTarget[u]!].sort((a, b) => a[0] - b[0]),
        `user ${u}`,
      ).toEqual([...withoutTarget[u]!].sort((a, b) => a[0] - b[0]));

    // The case is one where an echo would show: some targets are offered (kept as ordinary items), some
    // score but are not kept (offering them anyway was the echo), and some users have an item that only fills
    // the fused slot their target left.
    let offered = 0;
    let scoredNotKept = 0;
    let filled = 0;
    for (let u = 0; u < real.users; u++) {
      if (withTarget[u]!.has(phase.targets[u]!)) offered++;
      const t = real.target;
      const score =
        blend.sequence * t.sequence[u]! +
        blend.explicit * t.explicit[u]! +
        blend.neighbours * t.neighbours[u]!;
      if (real.targetOwned[u] === 0 && real.targetKept[u] === 0 && score > 0) scoredNotKept++;
      if (real.ordinaryEnds[u]! < real.offsets[u + 1]!) filled++;
    }
    expect(offered).toBeGreaterThan(20);
    expect(scoredNotKept).toBeGreaterThan(20);
    expect(filled).toBeGreaterThan(20);
  });
});
