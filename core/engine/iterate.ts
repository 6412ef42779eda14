import type { Batched } from './batches.js';
import { markOwned, type EngineModel } from './model.js';
import { Scorer } from './scorer.js';
import { Accumulator, CsrBuilder, TopK, type Csr } from './sparse.js';
import type { BlendWeights, IterationLog, RunEngineOptions } from './types.js';

/**
 * Stage 3, the alternating rounds. Round 0 scores every client once with the individual sources (sequence,
 * explicit) and the group sources (neighbours' items, group interests) and keeps each client's best
 * candidates. Each next round, a client's group signal is refined by her neighbours' own fused candidates
 * (their individual models, already enhanced by their groups), and that refined group signal enhances her
 * fused candidates in turn. Rounds repeat until the candidates stop moving (mean relative change below the
 * tolerance) or `maxIterations` is reached.
 *
 * The non-propagated part of every client's score does not change between rounds, so round 0 keeps it for
 * the client's top `2 x candidates` items and later rounds only add the propagated part: a round costs a
 * fraction of a full scoring pass. (An item outside that kept set can still enter through propagation, with
 * only its propagated score: a slight under-estimate that only affects what is propagated, never the final
 * scoring, which is exact.)
 */
export async function iterateEngine(
  model: EngineModel,
  batched: Batched,
  options: RunEngineOptions,
  blend: BlendWeights = model.params.blend,
  maxIterations: number = model.params.maxIterations,
  staticScores?: Csr,
): Promise<{ iterations: IterationLog[]; converged: boolean }> {
  const { params, input } = model;
  const n = input.clientCount;
  const iterations: IterationLog[] = [];
  if (maxIterations <= 0) return { iterations, converged: false };

  const keep = Math.max(1, params.candidates);
  const fixed = staticScores ?? (await roundZero(model, batched, blend));
  let candidates = firstCandidates(fixed, keep);
  model.candidates = candidates;

  const acc = new Accumulator(input.itemCount);
  const prop = new Accumulator(input.itemCount);
  const top = new TopK(keep, model.itemKey);
  const owned = new Uint8Array(input.itemCount);
  let converged = false;
  for (let round = 1; round <= maxIterations; round++) {
    const started = performance.now();
    const previous = candidates;
    const out = new CsrBuilder(n, previous.cols.length + n);
    await batched('iterate', (from, to) => {
      for (let c = from; c < to; c++) {
        roundFor(model, c, fixed, previous, blend.propagated, { acc, prop, top, owned }, out);
        out.endRow();
      }
    });
    candidates = out.build();
    const change = candidateChange(previous, candidates, input.itemCount);
    model.candidates = candidates;
    const entry: IterationLog = {
      iteration: round,
      meanDelta: change.meanDelta,
      topChangedShare: change.topChangedShare,
      durationMs: Math.round(performance.now() - started),
    };
    iterations.push(entry);
    options.onIteration?.(entry);
    if (change.meanDelta < params.tolerance) {
      converged = true;
      break;
    }
  }
  return { iterations, converged };
}

/**
 * Round 0: every client's best `2 x candidates` items under the blend without the propagated source, with
 * those (unscaled) scores, best first. A caller that has just scored every client with this blend (the
 * evaluation) can build the same rows itself and pass them to `iterateEngine` instead of paying a second pass.
 */
export async function roundZero(model: EngineModel, batched: Batched, blend: BlendWeights): Promise<Csr> {
  const n = model.input.clientCount;
  const keep = Math.max(1, model.params.candidates);
  const staticBlend = staticPart(blend);
  const scorer = new Scorer(model);
  const out = new CsrBuilder(n, n * keep * 2);
  await batched('iterate', (from, to) => {
    for (let c = from; c < to; c++) {
      scorer.score(c, staticBlend);
      pushStaticRow(scorer, c, keep, staticBlend, out);
    }
  });
  scorer.clear();
  return out.build();
}

/** The blend a round keeps fixed: everything but the propagated source (and popularity, added at the end). */
export function staticPart(blend: BlendWeights): BlendWeights {
  return { ...blend, propagated: 0, popular: 0 };
}

/** Appends (and closes) client c's round-0 row from a scorer that has scored c with `staticPart(blend)`. */
export function pushStaticRow(
  scorer: Scorer,
  client: number,
  keep: number,
  staticBlend: BlendWeights,
  out: CsrBuilder,
): void {
  const { items, scores } = scorer.top(client, keep * 2, staticBlend, [], true);
  for (let r = 0; r < items.length; r++) out.push(items[r]!, scores[r]!);
  out.endRow();
}

/** Round 0's candidates: the best `keep` of the kept static scores, scaled to max 1. */
function firstCandidates(fixed: Csr, keep: number): Csr {
  const out = new CsrBuilder(fixed.rows, fixed.rows * keep);
  for (let c = 0; c < fixed.rows; c++) {
    const from = fixed.offsets[c]!;
    const to = Math.min(fixed.offsets[c + 1]!, from + keep);
    const max = to > from ? fixed.values[from]! : 0;
    for (let k = from; k < to; k++) if (max > 0) out.push(fixed.cols[k]!, fixed.values[k]! / max);
    out.endRow();
  }
  return out.build();
}

function roundFor(
  model: EngineModel,
  client: number,
  fixed: Csr,
  previous: Csr,
  weight: number,
  scratch: { acc: Accumulator; prop: Accumulator; top: TopK; owned: Uint8Array },
  out: CsrBuilder,
): void {
  const { acc, prop, top, owned } = scratch;
  const { graph, input } = model;
  if (input.profilingAllowed[client] !== 1) return;
  const fixedFrom = fixed.offsets[client]!;
  const fixedTo = fixed.offsets[client + 1]!;
  for (let k = fixedFrom; k < fixedTo; k++) acc.add(fixed.cols[k]!, fixed.values[k]!);
  // The kept static scores are sorted: at least `keep` items score this much, so nothing below can enter.
  const floor = fixedTo - fixedFrom >= top.k ? fixed.values[fixedFrom + top.k - 1]! : 0;
  let total = 0;
  for (let k = graph.offsets[client]!; k < graph.offsets[client + 1]!; k++) total += graph.values[k]!;
  if (total > 0 && weight > 0) {
    const sums = prop.values;
    const seen = prop.seen;
    const touched = prop.touched;
    const cols = previous.cols;
    const values = previous.values;
    let count = 0;
    let max = 0;
    for (let k = graph.offsets[client]!; k < graph.offsets[client + 1]!; k++) {
      const v = graph.cols[k]!;
      const a = graph.values[k]! / total;
      for (let p = previous.offsets[v]!; p < previous.offsets[v + 1]!; p++) {
        const item = cols[p]!;
        if (seen[item] === 0) {
          seen[item] = 1;
          touched[count++] = item;
        }
        const x = (sums[item]! += a * values[p]!);
        if (x > max) max = x;
      }
    }
    prop.count = count;
    if (max > 0) {
      const scale = weight / max;
      for (let k = 0; k < count; k++) {
        const item = touched[k]!;
        acc.add(item, scale * sums[item]!);
      }
    }
  }
  // Owned items never become candidates (round 0 already left them out of the kept scores).
  top.reset();
  markOwned(model, client, owned, 1);
  for (let k = 0; k < acc.count; k++) {
    const item = acc.touched[k]!;
    const score = acc.values[item]!;
    if (score >= floor && owned[item] === 0) top.offer(item, score);
  }
  markOwned(model, client, owned, 0);
  const { slots, scores } = top.drain();
  const max = scores.length > 0 ? scores[0]! : 0;
  for (let r = 0; r < slots.length; r++) if (max > 0 && scores[r]! > 0) out.push(slots[r]!, scores[r]! / max);
  acc.clear();
  prop.clear();
}

/** Mean relative L1 change of the clients' candidate vectors, and the share whose best candidate changed. */
export function candidateChange(
  previous: Csr,
  next: Csr,
  itemCount: number,
): { meanDelta: number; topChangedShare: number } {
  const dense = new Float32Array(itemCount);
  let sum = 0;
  let clients = 0;
  let topChanged = 0;
  for (let c = 0; c < next.rows; c++) {
    const pFrom = previous.offsets[c]!;
    const pTo = previous.offsets[c + 1]!;
    const nFrom = next.offsets[c]!;
    const nTo = next.offsets[c + 1]!;
    if (pTo === pFrom && nTo === nFrom) continue;
    clients++;
    if (pTo === pFrom || nTo === nFrom || previous.cols[pFrom] !== next.cols[nFrom]) topChanged++;
    let mass = 0;
    for (let k = pFrom; k < pTo; k++) {
      dense[previous.cols[k]!] = previous.values[k]!;
      mass += previous.values[k]!;
    }
    let diff = 0;
    for (let k = nFrom; k < nTo; k++) {
      const i = next.cols[k]!;
      diff += Math.abs(next.values[k]! - dense[i]!);
      dense[i] = 0;
    }
    for (let k = pFrom; k < pTo; k++) {
      diff += dense[previous.cols[k]!]!;
      dense[previous.cols[k]!] = 0;
    }
    sum += mass > 0 ? diff / mass : 1;
  }
  return {
    meanDelta: clients > 0 ? sum / clients : 0,
    topChangedShare: clients > 0 ? topChanged / clients : 0,
  };
}
