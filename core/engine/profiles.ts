import { engineKinds, type EngineInput, type EngineParams } from './types.js';
import { Accumulator, CsrBuilder, TopK, transpose, type Csr } from './sparse.js';

/**
 * Stage 1 of ISRF: the semantic interaction graph. Items become unit vectors over their semantic features
 * (feature weight x inverse item frequency, so "beauty" on every item says little and a maison says a lot);
 * each event gets a signed strength (kind x quantity x recency); a client's explicit interests are the
 * strength-weighted sum of their items' vectors, keeping the positive part (a return cancels interest).
 */

export interface ItemSpace {
  /** item x feature, rows L2-normalised. */
  readonly items: Csr;
  /** feature x item postings of the same weights. */
  readonly postings: Csr;
  /** The postings scoring walks: features on more than `commonShare` of items left out (their lists are
   *  long and they add nearly the same to every item's score). */
  readonly scoring: Csr;
  readonly idf: Float32Array;
}

/** A feature on up to this many items always counts in scoring (a boutique catalog keeps every feature). */
export const alwaysKeptItems = 500;

export function buildItemSpace(input: EngineInput, commonShare = 1): ItemSpace {
  const featureCount = input.featureNames.length;
  const df = new Uint32Array(featureCount);
  for (let k = 0; k < input.featureIds.length; k++) df[input.featureIds[k]!]!++;
  const idf = new Float32Array(featureCount);
  for (let f = 0; f < featureCount; f++) idf[f] = df[f]! > 0 ? Math.log(1 + input.itemCount / df[f]!) : 0;

  const values = new Float32Array(input.featureIds.length);
  for (let i = 0; i < input.itemCount; i++) {
    let norm = 0;
    for (let k = input.featureOffsets[i]!; k < input.featureOffsets[i + 1]!; k++) {
      const v = Math.max(0, input.featureWeights[k]!) * idf[input.featureIds[k]!]!;
      values[k] = v;
      norm += v * v;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = input.featureOffsets[i]!; k < input.featureOffsets[i + 1]!; k++) values[k]! *= scale;
  }
  const items: Csr = {
    rows: input.itemCount,
    offsets: input.featureOffsets,
    cols: input.featureIds,
    values,
  };
  const postings = transpose(items, featureCount);
  const cap = Math.max(alwaysKeptItems, Math.floor(input.itemCount * commonShare));
  const keep = new Uint32Array(featureCount + 1);
  for (let f = 0; f < featureCount; f++) {
    const length = postings.offsets[f + 1]! - postings.offsets[f]!;
    keep[f + 1] = keep[f]! + (length <= cap ? length : 0);
  }
  const cols = new Uint32Array(keep[featureCount]!);
  const kept = new Float32Array(cols.length);
  for (let f = 0; f < featureCount; f++) {
    if (keep[f + 1] === keep[f]) continue;
    cols.set(postings.cols.subarray(postings.offsets[f], postings.offsets[f + 1]), keep[f]);
    kept.set(postings.values.subarray(postings.offsets[f], postings.offsets[f + 1]), keep[f]);
  }
  const scoring: Csr = { rows: featureCount, offsets: keep, cols, values: kept };
  return { items, postings, scoring, idf };
}

/** Per event: kind weight x quantity x recency (half-life from the client's latest event). */
export function eventStrengths(input: EngineInput, params: EngineParams): Float32Array {
  const kindWeight = new Float32Array(engineKinds.length);
  engineKinds.forEach((kind, code) => (kindWeight[code] = params.kindWeights[kind]));
  const halfLifeMs = params.recencyHalfLifeDays * 86_400_000;
  const out = new Float32Array(input.eventItem.length);
  for (let c = 0; c < input.clientCount; c++) {
    const from = input.eventOffsets[c]!;
    const to = input.eventOffsets[c + 1]!;
    let latest = -Infinity;
    for (let e = from; e < to; e++) latest = Math.max(latest, input.eventTime[e]!);
    for (let e = from; e < to; e++) {
      // Relative to the client's own latest event: after per-client normalisation this equals decay from
      // "now", without underflow for long-silent clients.
      const age = latest - input.eventTime[e]!;
      const recency = halfLifeMs > 0 ? Math.pow(0.5, age / halfLifeMs) : 1;
      out[e] = kindWeight[input.eventKind[e]!]! * input.eventWeight[e]! * recency;
    }
  }
  return out;
}

/** True for an event that says the client wanted the item (anything but a return). */
export function positiveEvents(input: EngineInput, params: EngineParams): Uint8Array {
  const out = new Uint8Array(input.eventItem.length);
  for (let e = 0; e < out.length; e++) {
    const kind = engineKinds[input.eventKind[e]!];
    out[e] = kind !== undefined && params.kindWeights[kind] > 0 ? 1 : 0;
  }
  return out;
}

/**
 * Explicit interests: client x feature, the `params.profileFeatures` strongest positive weights, L2-normalised.
 * A client who refused profiling gets an empty row.
 */
export function explicitProfiles(
  input: EngineInput,
  params: EngineParams,
  space: ItemSpace,
  strengths: Float32Array,
): Csr {
  const featureCount = input.featureNames.length;
  const acc = new Accumulator(featureCount);
  const top = new TopK(params.profileFeatures);
  const out = new CsrBuilder(input.clientCount, input.clientCount * Math.min(params.profileFeatures, 32));
  const { offsets, cols, values } = space.items;
  for (let c = 0; c < input.clientCount; c++) {
    if (input.profilingAllowed[c] === 1) {
      for (let e = input.eventOffsets[c]!; e < input.eventOffsets[c + 1]!; e++) {
        const item = input.eventItem[e]!;
        const s = strengths[e]!;
        for (let k = offsets[item]!; k < offsets[item + 1]!; k++) acc.add(cols[k]!, s * values[k]!);
      }
      pushUnitTop(acc, top, out);
      acc.clear();
    }
    out.endRow();
  }
  return out.build();
}

/** Keeps the accumulator's top positive entries as one L2-normalised CSR row (not closed). */
export function pushUnitTop(acc: Accumulator, top: TopK, out: CsrBuilder): void {
  top.reset();
  for (let k = 0; k < acc.count; k++) {
    const f = acc.touched[k]!;
    const v = acc.values[f]!;
    if (v > 1e-9) top.offer(f, v);
  }
  const { slots, scores } = top.drain();
  let norm = 0;
  for (let k = 0; k < scores.length; k++) norm += scores[k]! * scores[k]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < slots.length; k++) out.push(slots[k]!, scores[k]! * scale);
}
