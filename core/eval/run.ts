import { batchRunner, fitEngine, iterateEngine, Scorer } from '../engine/index.js';
import {
  defaultEngineParams,
  type BlendWeights,
  type EngineParams,
  type IterationLog,
} from '../engine/types.js';
import { defaultItemKnnOptions } from './baselines.js';
import {
  defaultBootstrap,
  versusReference,
  type BootstrapOptions,
  type VersusReference,
} from './bootstrap.js';
import { loadDataset, type EvalDataset } from './dataset.js';
import { readFeatureFile } from './feature-file.js';
import { buildItemFeatures, type ItemFeatureTable } from './item-features.js';
import { metricsFromRanks, type RankMetrics } from './metrics.js';
import { phaseInput, type Phase } from './protocol.js';
import { rankFull, rankItemKnn, rankPopularity, rankVariants } from './rank.js';
import {
  SecondStageRanker,
  secondStageSummary,
  trainSecondStage,
  type SecondStageFit,
  type SecondStageSummary,
} from './second-stage.js';
import { addPropagated, buildSourceCache, roundZeroFromCache, tuneBlend } from './tune.js';
import { tuneVariants, variants, type TunedBlend } from './variants.js';

/**
 * The offline evaluation: leave-one-out by time, full ranking, on a dataset folder.
 *  1. Validation fit: the engine on every user's history before her validation item; blend weights of every
 *     method tuned on the validation items (coordinate search); the alternating rounds run, then the
 *     propagated weight is tuned the same way.
 *  2. Test fit: the engine refit from scratch on the history before each test item (the validation item
 *     appended, the test item never seen); each method ranks the whole catalog with its tuned weights,
 *     excluding the user's history items.
 *  3. Each method's per-user test ranks against full ISRF's: the paired bootstrap interval of the difference
 *     (bootstrap.ts), so a stage's contribution is read with its noise.
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
  /**
   * On test, this method minus full ISRF, user by user, with its paired bootstrap interval (`report.bootstrap`);
   * null for full ISRF itself.
   */
  readonly vsFull: VersusReference | null;
}

export interface EvalReport {
  readonly dataset: {
    readonly dir: string;
    readonly users: number;
    readonly items: number;
    readonly interactions: number;
    readonly itemText: string;
    /** Where the item features came from: the built-in extraction, or the file given with `--features`. */
    readonly featureSource: string;
    readonly features: number;
    /** Items with at least one feature. */
    readonly itemsWithFeatures: number;
    readonly skippedUsers: number;
  };
  readonly protocol: string;
  /** How each method's `vsFull` interval was drawn: users resampled with replacement, paired across methods. */
  readonly bootstrap: BootstrapOptions;
  readonly params: EngineParams;
  readonly methods: readonly MethodResult[];
  readonly iterations: {
    readonly validation: readonly IterationLog[];
    readonly test: readonly IterationLog[];
  };
  readonly converged: { readonly validation: boolean; readonly test: boolean };
  /** The learned second stage: its forest, and stage 1 vs it on the held-out validation users. */
  readonly secondStage: SecondStageSummary;
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
  /** A JSON-lines file of item features to evaluate instead of the built-in extraction (feature-file.ts). */
  readonly features?: string;
  readonly bootstrap?: BootstrapOptions;
  readonly signal?: AbortSignal;
  readonly onStage?: (stage: string, ms: number) => void;
}

/** Sequences carry positions, not dates: each event is a day, so a half-life of 2 days ~ 0.7 per position. */
export const evalParams: EngineParams = { ...defaultEngineParams, recencyHalfLifeDays: 2 };

/** Marks the end of a stage: times it, reports it, and stops there once the run is aborted. */
type StageEnd = (name: string) => void;

function stageTimer(options: EvalOptions): { stagesMs: Record<string, number>; stage: StageEnd } {
  const stagesMs: Record<string, number> = {};
  let mark = performance.now();
  const stage = (name: string) => {
    const now = performance.now();
    stagesMs[name] = Math.round(now - mark);
    options.onStage?.(name, stagesMs[name]);
    mark = now;
    options.signal?.throwIfAborted();
  };
  return { stagesMs, stage };
}

interface Rounds {
  readonly iterations: readonly IterationLog[];
  readonly converged: boolean;
}

interface ValidationTuning {
  readonly tuned: ReadonlyMap<string, TunedBlend>;
  /** The blend the alternating rounds run with: the one-pass ISRF blend with the engine's propagated weight. */
  readonly roundBlend: BlendWeights;
  /** Full ISRF: the propagated weight tuned after the rounds, from the one-pass blend. */
  readonly full: TunedBlend;
  readonly rounds: Rounds;
  /** The second stage, trained on the validation fit's candidates under the full ISRF blend. */
  readonly second: SecondStageFit;
}

export async function runEvaluation(dir: string, options: EvalOptions): Promise<EvalOutcome> {
  const started = performance.now();
  const { stagesMs, stage } = stageTimer(options);
  const params: EngineParams = { ...evalParams, ...options.params };

  const bootstrap = options.bootstrap ?? defaultBootstrap;

  const dataset = loadDataset(dir);
  stage('load');
  const features =
    options.features !== undefined
      ? readFeatureFile(options.features, dataset)
      : buildItemFeatures(dataset.items);
  stage('item features');
  const tuning = await tuneOnValidation(phaseInput(dataset, features, 2), params, options, stage);
  const tested = await rankOnTest(phaseInput(dataset, features, 1), params, tuning, options, stage);
  const methods = withIntervals(tested.methods, bootstrap);
  stage('bootstrap');

  const report: EvalReport = {
    dataset: {
      dir,
      users: dataset.users.length,
      items: dataset.itemIds.length,
      interactions: dataset.sequences.reduce((n, s) => n + s.length, 0),
      itemText: dataset.itemText,
      featureSource: options.features ?? 'built-in (rules reasoner, category levels, title keywords)',
      features: features.names.length,
      itemsWithFeatures: itemsWithFeatures(features),
      skippedUsers: dataset.skippedUsers,
    },
    protocol: evalProtocol,
    bootstrap,
    params,
    methods,
    iterations: { validation: tuning.rounds.iterations, test: tested.rounds.iterations },
    converged: { validation: tuning.rounds.converged, test: tested.rounds.converged },
    secondStage: secondStageSummary(tuning.second, tested.secondApplyMs),
    stagesMs,
    wallMs: Math.round(performance.now() - started),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  return { report, dataset, predictions: tested.predictions };
}

/** 1. Validation: fit, tune every method, run the rounds, tune the propagated weight. */
async function tuneOnValidation(
  validation: Phase,
  params: EngineParams,
  options: EvalOptions,
  stage: StageEnd,
): Promise<ValidationTuning> {
  const fitV = await fitEngine(validation.input, { ...params, maxIterations: 0 }, engineOptions(options));
  stage('validation: engine');
  const scorerV = new Scorer(fitV.model);
  const cache = buildSourceCache(fitV.model, scorerV, validation.targets, options.tuningWidth ?? 60);
  stage('validation: scoring');
  const tuned = tuneVariants(cache);
  const noRounds = tuned.get('ISRF without iteration')!;
  stage('validation: tuning');
  const roundBlend: BlendWeights = { ...noRounds.blend, propagated: params.blend.propagated };
  const rounds = await iterateEngine(
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
  const second = trainSecondStage(fitV.model, cache, validation.targets, full.blend);
  stage('validation: second stage');
  return { tuned, roundBlend, full, rounds, second };
}

/** A method as ranked on test, before its interval: its figures and every user's rank of her test item. */
type Ranked = Omit<MethodResult, 'vsFull'> & { readonly ranks: Int32Array };

/** 2. Test: refit on the history before the test item; rank with the tuned weights. */
async function rankOnTest(
  test: Phase,
  params: EngineParams,
  tuning: ValidationTuning,
  options: EvalOptions,
  stage: StageEnd,
): Promise<{ methods: Ranked[]; rounds: Rounds; predictions: Uint32Array[]; secondApplyMs: number }> {
  const chosen = variants.filter((v) => options.ablations || !v.ablation);
  const fitT = await fitEngine(test.input, { ...params, maxIterations: 0 }, engineOptions(options));
  stage('test: engine');
  const methods: Ranked[] = [];
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
    chosen.map((v) => tuning.tuned.get(v.name)!.blend),
    tuning.roundBlend,
  );
  chosen.forEach((v, k) => {
    const t = tuning.tuned.get(v.name)!;
    methods.push({
      name: v.name,
      description: v.description,
      test: metricsFromRanks(stageRanks[k]!),
      validation: { ndcg10: t.ndcg10, hr10: t.hr10 },
      blend: t.blend,
      ranks: stageRanks[k]!,
    });
  });
  stage('test: stages');
  const rounds = await iterateEngine(
    fitT.model,
    batchRunner(test.input.clientCount, params.batchSize, engineOptions(options)),
    engineOptions(options),
    tuning.roundBlend,
    params.maxIterations,
    staticT,
  );
  stage('test: rounds');
  const { full, second } = tuning;
  const reranker = new SecondStageRanker(fitT.model, second);
  const { ranks, predictions, secondRanks } = rankFull(fitT.model, scorerT, test, full.blend, reranker);
  methods.push({
    name: fullIsrf,
    description: 'individual + group + alternating rounds (stages 1-3)',
    test: metricsFromRanks(ranks),
    validation: { ndcg10: full.ndcg10, hr10: full.hr10 },
    blend: full.blend,
    ranks,
  });
  methods.push({
    name: 'full ISRF with second stage',
    description: `full ISRF's top ${second.candidates} reordered by a LambdaMART forest trained on validation (validation: held-out users)`,
    test: metricsFromRanks(secondRanks!),
    validation: second.heldOut.ranker,
    blend: full.blend,
    ranks: secondRanks!,
  });
  stage('test: full ISRF with second stage');
  return { methods, rounds, predictions, secondApplyMs: Math.round(reranker.elapsedMs) };
}

const fullIsrf = 'full ISRF';

/** Every method's paired difference from full ISRF on test, all from one set of resamples. */
function withIntervals(ranked: readonly Ranked[], bootstrap: BootstrapOptions): MethodResult[] {
  const reference = ranked.find((m) => m.name === fullIsrf)!;
  const others = ranked.filter((m) => m !== reference);
  const intervals = versusReference(
    reference.ranks,
    others.map((m) => m.ranks),
    bootstrap,
  );
  return ranked.map((method) => {
    const { ranks: _ranks, ...figures } = method;
    const k = others.indexOf(method);
    return { ...figures, vsFull: k >= 0 ? intervals[k]! : null };
  });
}

function itemsWithFeatures(features: ItemFeatureTable): number {
  let n = 0;
  for (let i = 0; i + 1 < features.offsets.length; i++)
    if (features.offsets[i + 1]! > features.offsets[i]!) n++;
  return n;
}

function engineOptions(options: EvalOptions) {
  return options.signal ? { signal: options.signal } : {};
}

function baselineResult(name: string, description: string, ranks: Int32Array): Ranked {
  return { name, description, test: metricsFromRanks(ranks), validation: null, blend: null, ranks };
}
