import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { batchRunner, type Batched } from './batches.js';
import { candidateFeatures, groupBatch, groupScratch } from './group.js';
import { iterateEngine } from './iterate.js';
import { validateInput } from './validate.js';
import { popularityRanking, variantIndex, type EngineModel } from './model.js';
import {
  clientPostings,
  maxPostingLength,
  NeighbourHeaps,
  neighbourScratch,
  neighbourTieSeed,
  neighboursBatch,
} from './neighbours.js';
import { buildItemSpace, eventStrengths, explicitProfiles, positiveEvents } from './profiles.js';
import { makeResult } from './result.js';
import { buildTransitions, popularity, positiveHistories } from './sequence.js';
import { CsrBuilder, hashKeys, type Csr } from './sparse.js';
import {
  defaultEngineParams,
  type EngineInput,
  type EngineParams,
  type EngineResult,
  type IterationLog,
  type RunEngineOptions,
} from './types.js';

export type { EngineModel } from './model.js';
export { Scorer } from './scorer.js';
export { iterateEngine } from './iterate.js';
export { batchRunner } from './batches.js';

/**
 * The ISRF engine, closed-form (core/engine/README.md has the design and its measurements).
 * (1) explicit interests from the semantic interaction graph; (2) the client similarity graph, group interests
 * and the neighbours' items; (3) alternating rounds: each client's fused candidates (individual + group) refine
 * the group signal of every client who counts her as a neighbour, which in turn moves those clients' fused
 * candidates, until they stop moving. Runs batch by batch, yielding to the event loop, reporting progress,
 * and honouring the abort signal between batches.
 */
export async function runEngine(
  input: EngineInput,
  params: EngineParams = defaultEngineParams,
  options: RunEngineOptions = {},
): Promise<EngineResult> {
  const { model, iterations, converged, durationMs } = await fitEngine(input, params, options);
  return makeResult(model, iterations, converged, durationMs);
}

export interface FittedEngine {
  readonly model: EngineModel;
  readonly iterations: IterationLog[];
  readonly converged: boolean;
  readonly durationMs: number;
  /** Wall time per stage, ms. */
  readonly stageMs: Readonly<Record<'interests' | 'neighbours' | 'sequence' | 'group' | 'iterate', number>>;
}

/** runEngine without the result wrapper: the evaluation scores the model directly. */
export async function fitEngine(
  input: EngineInput,
  params: EngineParams = defaultEngineParams,
  options: RunEngineOptions = {},
): Promise<FittedEngine> {
  validateInput(input);
  const started = performance.now();
  options.signal?.throwIfAborted();
  const featureCount = input.featureNames.length;
  const n = input.clientCount;
  const batched = batchRunner(n, params.batchSize, options);
  const stageMs = { interests: 0, neighbours: 0, sequence: 0, group: 0, iterate: 0 };
  let mark = performance.now();
  const lap = (stage: keyof typeof stageMs) => {
    const now = performance.now();
    stageMs[stage] += Math.round(now - mark);
    mark = now;
  };

  const space = buildItemSpace(input, params.commonFeatureShare);
  const strengths = eventStrengths(input, params);
  const positive = positiveEvents(input, params);
  const histories = positiveHistories(input, positive);
  const pop = popularity(input, positive);
  options.onProgress?.({ step: 'interests', done: 0, total: n });
  const explicit = explicitProfiles(input, params, space, strengths);
  options.onProgress?.({ step: 'interests', done: n, total: n });
  await yieldToEventLoop();
  options.signal?.throwIfAborted();
  lap('interests');

  let profiled = 0;
  for (let c = 0; c < n; c++) profiled += input.profilingAllowed[c]!;
  const posting = clientPostings(explicit, featureCount);
  const maxPosting = maxPostingLength(profiled, params.commonFeatureShare);
  const scratch = neighbourScratch(n, posting);
  const heaps = new NeighbourHeaps(n, params.neighbours, hashKeys(n, neighbourTieSeed));
  await batched('neighbours', (from, to) =>
    neighboursBatch(explicit, posting, maxPosting, params.similarityShrinkage, from, to, scratch, heaps),
  );
  const graph = heaps.toCsr();
  lap('neighbours');

  options.onProgress?.({ step: 'sequence', done: 0, total: 1 });
  const transitions = buildTransitions(histories, input.itemCount, pop, params.sequence);
  options.onProgress?.({ step: 'sequence', done: 1, total: 1 });
  lap('sequence');

  const group = await buildGroup(graph, explicit, null, params, batched, featureCount);
  const model: EngineModel = {
    input,
    params,
    space,
    strengths,
    histories,
    explicit,
    graph,
    group,
    transitions,
    popularity: pop,
    ...popularityRanking(pop),
    candidates: null,
    rebuyable: params.rebuyConsumables ? input.consumable : new Uint8Array(input.itemCount),
    variants: variantIndex(input),
  };
  lap('group');

  const { iterations, converged } = await iterateEngine(model, batched, options);
  lap('iterate');
  if (params.feedback > 0 && model.candidates !== null) {
    await refineGroup(model, batched);
    lap('group');
  }
  return { model, iterations, converged, durationMs: Math.round(performance.now() - started), stageMs };
}

/** Group vectors from the neighbours' explicit interests, blended with `predicted` when given. */
async function buildGroup(
  graph: Csr,
  explicit: Csr,
  predicted: Csr | null,
  params: EngineParams,
  batched: Batched,
  featureCount: number,
): Promise<Csr> {
  const n = graph.rows;
  const scratch = groupScratch(featureCount, params.profileFeatures);
  const out = new CsrBuilder(n, n * Math.min(params.profileFeatures, 32));
  await batched('group', (from, to) =>
    groupBatch(graph, explicit, predicted, params.feedback, from, to, scratch, out),
  );
  return out.build();
}

/**
 * After the rounds, `feedback` of each group vector comes from the features of what the neighbours are now
 * predicted to want (their converged candidates), the rest from their explicit interests.
 */
export async function refineGroup(model: EngineModel, batched: Batched): Promise<void> {
  if (model.candidates === null) return;
  const { params, input } = model;
  const n = input.clientCount;
  const scratch = groupScratch(input.featureNames.length, params.profileFeatures);
  const out = new CsrBuilder(n, n * Math.min(params.profileFeatures, 32));
  const candidates = model.candidates;
  await batched('group', (from, to) =>
    candidateFeatures(candidates, model.space.items, from, to, scratch, out),
  );
  model.group = await buildGroup(
    model.graph,
    model.explicit,
    out.build(),
    params,
    batched,
    input.featureNames.length,
  );
}
