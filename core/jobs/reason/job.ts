import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import { itemsForReasoning } from '../../db/runs/load-queries.js';
import {
  featureSynonyms,
  finishReasoningRun,
  removeReasoningWithoutConsent,
  setRunStatus,
  startReasoningRun,
  unfinishedReasoningRun,
  updateRunProgress,
} from '../../db/reasoning/runs.js';
import type { Db } from '../../db/open.js';
import { logger } from '../../log.js';
import { mergeFeatureSynonyms, type EmbeddingOutcome } from './embeddings.js';
import { PhaseRunner, type PhaseHost } from './phase.js';
import { RateMeter, type ReasoningPhase, type ReasoningProgress, type SubjectCounts } from './progress.js';
import { clientPhase, clientsToReason, itemPhase, type SubjectContext } from './subjects.js';
import { isEmbedder, isMetered } from '../../reasoning/abilities.js';
import type { Reasoner } from '../../reasoning/types.js';
import { Lexicon } from '../../reasoning/gate.js';
import type { ReasoningRunStatus, ReasoningSummary } from './summary.js';
import { ModelOutputNotUsableError, UsabilityMeter, type UsabilityPolicy } from './usability.js';
import { EndpointError } from '../../reasoning/openai/reasoner.js';

const log = logger('reason-job');

export interface ReasoningJobOptions {
  readonly db: Db;
  readonly reasoner: Reasoner;
  readonly clock?: Clock;
  /** The first N items (by id), and with `clients` the first N consenting clients; all by default. */
  readonly limit?: number | null;
  /** Also reason clients (likes, dislikes, core preference) from their recent items. */
  readonly clients?: boolean;
  readonly recentItems?: number;
  /** Only interactions before this ISO time count as history (training history for an evaluation). */
  readonly historyBefore?: string | null;
  /** Subjects in flight at once; the reasoner's parallelism by default. */
  readonly parallel?: number;
  /** Ask the model again about subjects whose output failed validation before. */
  readonly retryFailed?: boolean;
  /** true: continue the latest unfinished run of this reasoner/model/prompt version; a number: that run. */
  readonly resume?: boolean | number;
  /** Cosine at or above which two feature phrases are merged, when the reasoner embeds. */
  readonly mergeThreshold?: number;
  /** Transient failures (timeouts, unreachable endpoint) in a row before the run gives up. */
  readonly maxConsecutiveFailures?: number;
  /** When the plausibility gate's refusals stop the run: more than 20 % of the first 20 answers by default. */
  readonly usability?: UsabilityPolicy;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReasoningProgress) => void;
}

export type { ReasoningRunStatus, ReasoningSummary } from './summary.js';

/** The run gave up: too many transient failures in a row. */
class RunAbandoned extends Error {}

/**
 * Reasoning as a background job. Every finished subject (or variant group) is committed in its own transaction,
 * so a crash, a quit or a cancel keeps all finished work and the next run of the same reasoner, model and
 * prompt version skips it through the cache. Runs in any Node process (CLI, worker thread, Electron utility
 * process): it imports nothing of Electron.
 */
export class ReasoningJob {
  readonly done: Promise<ReasoningSummary>;
  private readonly db: Db;
  private readonly reasoner: Reasoner;
  private readonly clock: Clock;
  private readonly controller = new AbortController();
  private runId = 0;
  private resumed = false;
  private readonly rate = new RateMeter();
  private readonly counts = {
    item: { reasoned: 0, cached: 0, failed: 0 },
    client: { reasoned: 0, cached: 0, failed: 0 },
  };
  private totals = { item: 0, client: 0 };
  private phase: ReasoningPhase = 'items';
  private lastOutputTokens = 0;
  private consecutiveFailures = 0;
  private abandonReason: string | null = null;
  private synonyms: ReadonlyMap<string, string> = new Map();
  private lexicon = new Lexicon([]);
  private usability = new UsabilityMeter(0);
  private notUsable: string | null = null;

  constructor(private readonly options: ReasoningJobOptions) {
    this.db = options.db;
    this.reasoner = options.reasoner;
    this.clock = options.clock ?? systemClock;
    if (options.signal) {
      const user = options.signal;
      if (user.aborted) this.controller.abort(user.reason);
      else user.addEventListener('abort', () => this.controller.abort(user.reason), { once: true });
    }
    this.done = this.run();
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private openRun(): { runId: number; resumed: boolean } {
    const key = {
      reasoner: this.reasoner.kind,
      model: this.reasoner.model,
      promptVersion: this.reasoner.promptVersion,
    };
    const { resume } = this.options;
    const existing =
      typeof resume === 'number'
        ? resume
        : resume === true
          ? (unfinishedReasoningRun(this.db, key)?.id ?? null)
          : null;
    if (existing !== null) {
      setRunStatus(this.db, existing, 'running');
      return { runId: existing, resumed: true };
    }
    const params = {
      limit: this.options.limit ?? null,
      clients: this.options.clients ?? false,
      recentItems: this.options.recentItems ?? 8,
      historyBefore: this.options.historyBefore ?? null,
      parallel: this.parallel,
      retryFailed: this.options.retryFailed ?? false,
    };
    return { runId: startReasoningRun(this.db, key, params, this.now()), resumed: false };
  }

  private subjectContext(): SubjectContext {
    return {
      db: this.db,
      reasoner: this.reasoner,
      runId: this.runId,
      synonyms: this.synonyms,
      lexicon: this.lexicon,
      recentItems: this.options.recentItems,
      historyBefore: this.options.historyBefore,
      now: () => this.now(),
    };
  }

  private phaseHost(): PhaseHost {
    return {
      db: this.db,
      reasoner: this.reasoner,
      runId: this.runId,
      retryFailed: this.options.retryFailed ?? false,
      parallel: this.parallel,
      signal: this.signal,
      now: () => this.now(),
      counts: (subject) => this.counts[subject],
      phaseAnswered: (phase) => {
        this.phase = phase;
        updateRunProgress(this.db, this.runId, this.doneCount, this.totalCount);
        this.emit();
      },
      modelWork: (active) => {
        if (active) this.rate.start();
        else this.rate.stop();
      },
      progressed: (subjects) => this.progressed(subjects),
      settled: (transient) => {
        if (transient === null) {
          this.consecutiveFailures = 0;
          return;
        }
        // A server that refuses the request (its key, its format) will refuse every other: stop at once.
        const refused = transient instanceof EndpointError && !transient.retryable;
        if (!refused && ++this.consecutiveFailures < (this.options.maxConsecutiveFailures ?? 5)) return;
        this.abandonReason = refused
          ? `the endpoint refused the request: ${transient.message}`
          : `gave up after ${this.consecutiveFailures} failures in a row: ${transient.message}`;
        this.controller.abort(new RunAbandoned(this.abandonReason));
      },
      store: (write) => this.usability.store(write),
      judged: (subject, id, label, judgement) => {
        const note = judgement.usable
          ? null
          : { subject, id, label, reason: judgement.reason, detail: judgement.detail };
        const verdict = this.usability.record(note);
        if (verdict === null || this.notUsable !== null) return;
        this.notUsable = verdict;
        log.info('reasoning run stopped: the output is not usable', { runId: this.runId, verdict });
        this.controller.abort(new ModelOutputNotUsableError(verdict));
      },
    };
  }

  private get parallel(): number {
    const wanted = this.options.parallel ?? (isMetered(this.reasoner) ? this.reasoner.parallelism : 1);
    return Math.max(1, Math.floor(wanted));
  }

  private async run(): Promise<ReasoningSummary> {
    const started = performance.now();
    const { runId, resumed } = this.openRun();
    this.runId = runId;
    this.resumed = resumed;
    const usageAtStart = isMetered(this.reasoner) ? this.reasoner.usage() : null;
    this.lastOutputTokens = usageAtStart?.outputTokens ?? 0;
    this.synonyms = featureSynonyms(this.db, this.reasoner.kind);
    let status: ReasoningRunStatus = 'completed';
    let error: string | null = null;
    let embeddings: EmbeddingOutcome = { status: 'off', merged: 0, embedded: 0, note: null };
    try {
      const allItems = itemsForReasoning(this.db);
      const limit = this.options.limit ?? null;
      const items = limit === null ? allItems : allItems.slice(0, limit);
      this.lexicon = Lexicon.forCatalog(allItems);
      const subjects = this.subjectContext();
      const clients = this.options.clients ? clientsToReason(subjects, allItems, limit) : [];
      this.totals = { item: items.length, client: clients.length };
      this.usability = new UsabilityMeter(this.totalCount, this.options.usability);
      updateRunProgress(this.db, runId, 0, this.totalCount);
      const runner = new PhaseRunner(this.phaseHost());
      await runner.run(itemPhase(subjects, items));
      if (this.options.clients) {
        const removed = removeReasoningWithoutConsent(this.db, this.reasoner.kind);
        if (removed > 0) log.info('removed reasoning of clients without profiling consent', { removed });
        await runner.run(clientPhase(subjects, clients));
      }
      this.signal.throwIfAborted();
      this.db.transaction(() => this.usability.storeHeld()).immediate();
      if (isEmbedder(this.reasoner) && this.reasoner.embeddingModel !== '') {
        this.phase = 'embeddings';
        this.emit();
      }
      embeddings = await mergeFeatureSynonyms({
        db: this.db,
        reasoner: this.reasoner,
        runId,
        threshold: this.options.mergeThreshold ?? 0.92,
        signal: this.signal,
      });
    } catch (e) {
      if (this.notUsable !== null) {
        status = 'failed';
        error = this.notUsable;
      } else if (this.abandonReason !== null) {
        status = 'failed';
        error = this.abandonReason;
      } else if (this.signal.aborted) status = 'cancelled';
      else {
        status = 'failed';
        error = (e as Error).message;
        this.finish(runId, started, status, error, embeddings, usageAtStart);
        throw e;
      }
    }
    return this.finish(runId, started, status, error, embeddings, usageAtStart);
  }

  private get totalCount(): number {
    return this.totals.item + this.totals.client;
  }

  private finish(
    runId: number,
    started: number,
    status: ReasoningRunStatus,
    error: string | null,
    embeddings: EmbeddingOutcome,
    usageAtStart: { modelCalls: number; inputTokens: number; outputTokens: number } | null,
  ): ReasoningSummary {
    this.rate.stop();
    const usage = isMetered(this.reasoner) ? this.reasoner.usage() : null;
    const sum = (k: keyof SubjectCounts): number => this.counts.item[k] + this.counts.client[k];
    const summary: ReasoningSummary = {
      runId,
      status,
      resumed: this.resumed,
      reasoner: this.reasoner.kind,
      model: this.reasoner.model,
      promptVersion: this.reasoner.promptVersion,
      total: this.totalCount,
      items: { ...this.counts.item, total: this.totals.item },
      clients: { ...this.counts.client, total: this.totals.client },
      reasoned: sum('reasoned'),
      cached: sum('cached'),
      failed: sum('failed'),
      modelCalls: usage && usageAtStart ? usage.modelCalls - usageAtStart.modelCalls : 0,
      inputTokens: usage && usageAtStart ? usage.inputTokens - usageAtStart.inputTokens : 0,
      outputTokens: usage && usageAtStart ? usage.outputTokens - usageAtStart.outputTokens : 0,
      tokensPerSecond: Math.round(this.rate.tokensPerSecond * 10) / 10,
      itemsPerMinute: Math.round(this.rate.perMinute * 10) / 10,
      durationMs: Math.round(performance.now() - started),
      embeddings,
      error,
      gateFailures: [...this.usability.notes],
    };
    finishReasoningRun(this.db, runId, {
      status,
      metrics: summary,
      finishedAt: this.now(),
      durationMs: summary.durationMs,
      error,
    });
    updateRunProgress(this.db, runId, this.doneCount, this.totalCount);
    log.info('reasoning run finished', { runId, status, reasoned: summary.reasoned, cached: summary.cached });
    return summary;
  }

  private get doneCount(): number {
    const c = this.counts;
    return c.item.reasoned + c.item.cached + c.client.reasoned + c.client.cached;
  }

  private emit(): void {
    const c = this.counts;
    const progress: ReasoningProgress = {
      runId: this.runId,
      phase: this.phase,
      done: this.doneCount,
      total: this.totalCount,
      counts: {
        reasoned: c.item.reasoned + c.client.reasoned,
        cached: c.item.cached + c.client.cached,
        failed: c.item.failed + c.client.failed,
      },
      itemsPerMinute: this.rate.perMinute,
      etaSeconds: this.rate.eta(this.totalCount - this.doneCount),
      tokensPerSecond: this.rate.tokensPerSecond,
    };
    this.options.onProgress?.(progress);
  }

  private progressed(subjects: number): void {
    const usage = isMetered(this.reasoner) ? this.reasoner.usage() : null;
    const tokens = usage ? usage.outputTokens - this.lastOutputTokens : 0;
    if (usage) this.lastOutputTokens = usage.outputTokens;
    this.rate.record(subjects, tokens);
    updateRunProgress(this.db, this.runId, this.doneCount, this.totalCount);
    this.emit();
  }
}

export function startReasoningJob(options: ReasoningJobOptions): ReasoningJob {
  return new ReasoningJob(options);
}
