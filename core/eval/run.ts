import { batchRunner, fitEngine, iterateEngine, Scorer } from '../engine/index.js';
import { markOwned, type EngineModel } from '../engine/model.js';
import { rankOfTarget } from '../engine/ranking.js';
import { pushStaticRow, staticPart } from '../engine/iterate.js';
import { Accumulator, CsrBuilder, type Csr } from '../engine/sparse.js';
import {
  defaultEngineParams,
  type BlendWeights,
  type EngineParams,
  type IterationLog,
} from '../engine/types.js';
import { buildItemKnn, defaultItemKnnOptions, scoreItemKnn } from './baselines.js';
import { loadDataset, type EvalDataset } from './dataset.js';
import { buildItemFeatures } from './item-features.js';
import { metricsFromRanks, type RankMetrics } from './metrics.js';
import { phaseInput, type Phase } from './protocol.js';
import { addPropagated, buildSourceCache, roundZeroFromCache, tuneBlend, type TuneOptions } from './tune.js';

/**
 * The offline evaluation: leave-one-out by time, full ranking, on a dataset folder.
 *  1. Validation fit: the engine on every user's history before her validation item; blend weights of every
 *     method tuned on the validation items (coordinate search); the alternating rounds run, then the
 *     propagated weight is tuned the same way.
 *  2. Test fit: the engine refit from scratch on the history before each test item (the validation item
 *     appended, the test item never seen); each method ranks the whole catalog with its tuned weights,
 *     excluding the user's history items.
 */

export const evalProtocol =
  'leave-one-out by time; training = all items before the validation item (validation fit) or before the ' +
  'test item (test fit: the engine is refit with the validation item appended; no test item is ever in the ' +
  'input); weights tuned on validation items only; full ranking over all items, excluding the items in the ' +
  "user's training history; ties broken by training popularity then a fixed hash (never an id's value)";

export interface MethodResult {
  readonly name: string;
  readonly description: string;
  readonly test: RankMetrics;
  /** Tuning figures on the validation items (approximate ranking on the tuning cache), when tuned. */
  readonly validation: { readonly ndcg10: number; readonly hr10: number } | null;
  readonly blend: BlendWeights | null;
}

export interface EvalReport {
  readonly dataset: {
    readonly dir: string;
    readonly users: number;
    readonly items: number;
    readonly interactions: number;
    readonly itemText: string;
    readonly features: number;
    readonly skippedUsers: number;
  };
  readonly protocol: string;
  readonly params: EngineParams;
  readonly methods: readonly MethodResult[];
  readonly iterations: {
    readonly validation: readonly IterationLog[];
    readonly test: readonly IterationLog[];
  };
  readonly converged: { readonly validation: boolean; readonly test: boolean };
  readonly stagesMs: Readonly<Record<string, number>>;
  readonly wallMs: number;
  readonly peakRssMb: number;
}

export interface EvalOutcome {
  readonly report: EvalReport;
  readonly dataset: EvalDataset;
  /** Per user, full ISRF's top 20 for the test item (compact item ids), best first. */
  readonly predictions: readonly Uint32Array[];
}

export interface EvalOptions {
  readonly ablations: boolean;
  readonly params?: Partial<EngineParams>;
  /** Items per user kept for tuning. */
  readonly tuningWidth?: number;
  readonly signal?: AbortSignal;
  readonly onStage?: (stage: string, ms: number) => void;
}

/** Sequences carry positions, not dates: each event is a day, so a half-life of 2 days ~ 0.7 per position. */
export const evalParams: EngineParams = { ...defaultEngineParams, recencyHalfLifeDays: 2 };

interface Variant {
  readonly name: string;
  readonly description: string;
  readonly tune: TuneOptions;
  readonly ablation: boolean;
  /** The variant whose tuned weights start this one's search. */
  readonly startFrom?: string;
}

const variants: readonly Variant[] = [
  {
    name: 'sequence only',
    description: 'what follows the latest items (the sequence-aware item-kNN signal alone)',
    tune: { sources: ['sequence', 'popular'], fixed: { sequence: 1 } },
    ablation: true,
  },
  {
    name: 'explicit only',
    description: "the client's explicit interests x item features (stage 1)",
    tune: { sources: ['explicit', 'popular'], fixed: { explicit: 1 } },
    ablation: true,
  },
  {
    name: 'group only',
    description: "neighbours' items and group implicit interests (stage 2)",
    tune: { sources: ['neighbours', 'group', 'popular'], fixed: { neighbours: 1 } },
    ablation: true,
  },
  {
    name: 'individual',
    description: 'sequence + explicit interests (no group)',
    tune: { sources: ['sequence', 'explicit', 'popular'], fixed: { sequence: 1 } },
    ablation: true,
  },
  {
    name: 'ISRF without iteration',
    description: 'individual + group, one pass (stages 1-2)',
    tune: { sources: ['sequence', 'explicit', 'group', 'neighbours', 'popular'], fixed: { sequence: 1 } },
    ablation: false,
    startFrom: 'individual',
  },
];

const withoutRounds: BlendWeights = {
  sequence: 1,
  explicit: 1,
  group: 1,
  neighbours: 1,
  propagated: 0,
  popular: 0,
};

export async function runEvaluation(dir: string, options: EvalOptions): Promise<EvalOutcome> {
  const started = performance.now();
  const stagesMs: Record<string, number> = {};
  let mark = performance.now();
  const stage = (name: string) => {
    const now = performance.now();
    stagesMs[name] = Math.round(now - mark);
    options.onStage?.(name, stagesMs[name]);
    mark = now;
    options.signal?.throwIfAborted();
  };
  const params: EngineParams = { ...evalParams, ...options.params };
  const width = options.tuningWidth ?? 60;

  const dataset = loadDataset(dir);
  stage('load');
  const features = buildItemFeatures(dataset.items);
  stage('item features');

  // 1. Validation: fit, tune every method, run the rounds, tune the propagated weight.
  const validation = phaseInput(dataset, features, 2);
  const fitV = await fitEngine(validation.input, { ...params, maxIterations: 0 }, engineOptions(options));
  stage('validation: engine');
  const scorerV = new Scorer(fitV.model);
  const cache = buildSourceCache(fitV.model, scorerV, validation.targets, width);
  stage('validation: scoring');
  const chosen = variants.filter((v) => options.ablations || !v.ablation);
  // Every variant is tuned (cheap, and the combined ones start from their parts); ablations only change
  // which are ranked on test and reported.
  // Each combined method starts its search from its best part, so adding a source never loses on validation.
  const tuned = new Map<string, ReturnType<typeof tuneBlend>>();
  for (const v of variants) {
    const from = v.startFrom !== undefined ? tuned.get(v.startFrom)?.blend : undefined;
    tuned.set(v.name, tuneBlend(cache, from !== undefined ? { ...v.tune, start: from } : v.tune));
  }
  const noRounds = tuned.get('ISRF without iteration')!;
  stage('validation: tuning');
  const roundBlend: BlendWeights = { ...noRounds.blend, propagated: params.blend.propagated };
  const roundsV = await iterateEngine(
    fitV.model,
    batchRunner(validation.input.clientCount, params.batchSize, engineOptions(options)),
    engineOptions(options),
    roundBlend,
    params.maxIterations,
    roundZeroFromCache(cache, validation.targets, roundBlend, params.candidates),
  );
  stage('validation: rounds');
  addPropagated(cache, fitV.model, scorerV, validation.targets);
  const full = tuneBlend(cache, {
    sources: ['sequence', 'explicit', 'group', 'neighbours', 'propagated', 'popular'],
    fixed: { sequence: 1 },
    start: noRounds.blend,
  });
  stage('validation: tuning rounds');

  // 2. Test: refit on the history before the test item; rank with the tuned weights.
  const test = phaseInput(dataset, features, 1);
  const fitT = await fitEngine(test.input, { ...params, maxIterations: 0 }, engineOptions(options));
  stage('test: engine');
  const methods: MethodResult[] = [];
  methods.push(baselineResult('popularity', 'training popularity', rankPopularity(fitT.model, test)));
  methods.push(
    baselineResult(
      'item-kNN',
      `item-item cosine, top ${defaultItemKnnOptions.neighbours}, shrinkage ${defaultItemKnnOptions.shrinkage}, recency ${defaultItemKnnOptions.decay}`,
      rankItemKnn(fitT.model, test),
    ),
  );
  stage('test: baselines');
  const scorerT = new Scorer(fitT.model);
  const { ranks: stageRanks, roundZero: staticT } = rankVariants(
    fitT.model,
    scorerT,
    test,
    chosen.map((v) => tuned.get(v.name)!.blend),
    roundBlend,
  );
  chosen.forEach((v, k) => {
    const t = tuned.get(v.name)!;
    methods.push({
      name: v.name,
      description: v.description,
      test: metricsFromRanks(stageRanks[k]!),
      validation: { ndcg10: t.ndcg10, hr10: t.hr10 },
      blend: t.blend,
    });
  });
  stage('test: stages');
  const roundsT = await iterateEngine(
    fitT.model,
    batchRunner(test.input.clientCount, params.batchSize, engineOptions(options)),
    engineOptions(options),
    roundBlend,
    params.maxIterations,
    staticT,
  );
  stage('test: rounds');
  const { ranks, predictions } = rankFull(fitT.model, scorerT, test, full.blend);
  methods.push({
    name: 'full ISRF',
    description: 'individual + group + alternating rounds (stages 1-3)',
    test: metricsFromRanks(ranks),
    validation: { ndcg10: full.ndcg10, hr10: full.hr10 },
    blend: full.blend,
  });
  stage('test: full ISRF');

  const report: EvalReport = {
    dataset: {
      dir,
      users: dataset.users.length,
      items: dataset.itemIds.length,
      interactions: dataset.sequences.reduce((n, s) => n + s.length, 0),
      itemText: dataset.itemText,
      features: features.names.length,
      skippedUsers: dataset.skippedUsers,
    },
    protocol: evalProtocol,
    params,
    methods,
    iterations: { validation: roundsV.iterations, test: roundsT.iterations },
    converged: { validation: roundsV.converged, test: roundsT.converged },
    stagesMs,
    wallMs: Math.round(performance.now() - started),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  return { report, dataset, predictions };
}

function engineOptions(options: EvalOptions) {
  return options.signal ? { signal: options.signal } : {};
}

function baselineResult(name: string, description: string, ranks: Int32Array): MethodResult {
  return { name, description, test: metricsFromRanks(ranks), validation: null, blend: null };
}

/** Ranks capped at 10: every reported metric is a cut-off at 5 or 10. */
const rankCap = 10;

/** A target already in the training history cannot be recommended (history items are excluded): a miss. */
function owns(model: EngineModel, user: number, item: number): boolean {
  const { eventOffsets, eventItem } = model.input;
  for (let e = eventOffsets[user]!; e < eventOffsets[user + 1]!; e++) if (eventItem[e] === item) return true;
  return false;
}

function ownedMask(model: EngineModel): Uint8Array {
  return new Uint8Array(model.input.itemCount);
}

function rankPopularity(model: EngineModel, phase: Phase): Int32Array {
  const empty = new Accumulator(model.input.itemCount);
  const mask = ownedMask(model);
  const ranks = new Int32Array(phase.targets.length);
  for (let u = 0; u < ranks.length; u++) {
    markOwned(model, u, mask, 1);
    const t = phase.targets[u]!;
    ranks[u] = mask[t] === 1 ? rankCap : rankOfTarget(empty, 1, model, mask, t, rankCap);
    markOwned(model, u, mask, 0);
  }
  return ranks;
}

function rankItemKnn(model: EngineModel, phase: Phase): Int32Array {
  const knn = buildItemKnn(phase.input);
  const acc = new Accumulator(model.input.itemCount);
  const mask = ownedMask(model);
  const ranks = new Int32Array(phase.targets.length);
  for (let u = 0; u < ranks.length; u++) {
    scoreItemKnn(knn, phase.input, u, acc);
    markOwned(model, u, mask, 1);
    const t = phase.targets[u]!;
    // A tiny popularity term only orders the items item-kNN cannot tell apart.
    ranks[u] = mask[t] === 1 ? rankCap : rankOfTarget(acc, 1e-6, model, mask, t, rankCap);
    markOwned(model, u, mask, 0);
  }
  return ranks;
}

/**
 * Every variant's test ranks from one scoring per user (the sources are scored once, then re-blended), and
 * the rounds' round 0 for `roundBlend` from the same scoring.
 */
function rankVariants(
  model: EngineModel,
  scorer: Scorer,
  phase: Phase,
  blends: readonly BlendWeights[],
  roundBlend: BlendWeights,
): { ranks: Int32Array[]; roundZero: Csr } {
  const ranks = blends.map(() => new Int32Array(phase.targets.length));
  const keep = Math.max(1, model.params.candidates);
  const fixedBlend = staticPart(roundBlend);
  const fixed = new CsrBuilder(phase.targets.length, phase.targets.length * keep * 2);
  for (let u = 0; u < phase.targets.length; u++) {
    scorer.score(u, withoutRounds);
    const t = phase.targets[u]!;
    const owned = owns(model, u, t);
    blends.forEach((blend, k) => {
      scorer.reblend(blend);
      ranks[k]![u] = owned ? rankCap : scorer.rankOf(u, t, blend, [], rankCap);
    });
    scorer.reblend(fixedBlend);
    pushStaticRow(scorer, u, keep, fixedBlend, fixed);
  }
  scorer.clear();
  return { ranks, roundZero: fixed.build() };
}

function rankFull(
  model: EngineModel,
  scorer: Scorer,
  phase: Phase,
  blend: BlendWeights,
): { ranks: Int32Array; predictions: Uint32Array[] } {
  const ranks = new Int32Array(phase.targets.length);
  const predictions: Uint32Array[] = [];
  for (let u = 0; u < phase.targets.length; u++) {
    scorer.score(u, blend);
    const t = phase.targets[u]!;
    ranks[u] = owns(model, u, t) ? rankCap : scorer.rankOf(u, t, blend, [], rankCap);
    predictions.push(scorer.top(u, 20, blend).items);
  }
  scorer.clear();
  return { ranks, predictions };
}
