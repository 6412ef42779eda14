import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { z } from 'zod';
import {
  adoptReasoning,
  cachedOutcome,
  recordFailure,
  storeOutcome,
  type CacheKey,
  type StoredReasoningState,
  type Subject,
} from '../../db/reasoning/runs.js';
import type { Db } from '../../db/open.js';
import { logger } from '../../log.js';
import { variantUnits } from './plan.js';
import type { ReasoningPhase, SubjectCounts } from './progress.js';
import { ReasoningOutputError } from '../../reasoning/llama/chain.js';
import type { Reasoner } from '../../reasoning/types.js';
import type { GateReason, GateVerdict } from '../../reasoning/gate.js';
import type { RefusalReason } from './usability.js';

const log = logger('reason-job');

/** One subject of a phase: an item or a client, with the hash its outcome is keyed by. */
export interface Member<S> {
  readonly id: number;
  readonly hash: string;
  readonly variantGroup: string | null;
  readonly value: S;
}

/** A phase of the job (items, then clients): its subjects, how to reason one and how to store an answer. */
export interface PhaseSpec<S, O> {
  readonly phase: Exclude<ReasoningPhase, 'embeddings'>;
  readonly subject: Subject;
  readonly members: readonly Member<S>[];
  readonly states: ReadonlyMap<number, StoredReasoningState>;
  readonly outputSchema: z.ZodType<O>;
  reason(value: S, signal: AbortSignal): Promise<O>;
  /** The plausibility gate: whether an answer (fresh or from the cache) may become this subject's features. */
  gate(value: S, output: O): GateVerdict<O>;
  /** How a failure names the subject to the associate: an item's title; a client only by id. */
  label(value: S): string | null;
  write(member: Member<S>, output: O): void;
}

/** How one subject's answer was judged: usable, or refused by the gate with its reason. */
export type Judgement =
  | { readonly usable: true }
  | { readonly usable: false; readonly reason: RefusalReason; readonly detail: string };

/** What a phase needs from the job running it. */
export interface PhaseHost {
  readonly db: Db;
  readonly reasoner: Reasoner;
  readonly runId: number;
  readonly retryFailed: boolean;
  readonly parallel: number;
  readonly signal: AbortSignal;
  now(): string;
  counts(subject: Subject): SubjectCounts;
  /** The subjects answerable from the store are done; model work starts. */
  phaseAnswered(phase: PhaseSpec<unknown, unknown>['phase']): void;
  modelWork(active: boolean): void;
  progressed(subjects: number): void;
  /** A unit settled: null when the model answered (validly or not), else the transient error. */
  settled(transient: Error | null): void;
  /**
   * Stores a usable answer as the subject's reasoning and features: at once when the run is already judged
   * usable, else held until it is (and dropped if it never is). Called before `judged` for the same answer.
   */
  store(write: () => void): void;
  /** One subject's answer was judged by the gate (fresh, from the cache, or its stored reasoning current). */
  judged(subject: Subject, id: number, label: string | null, judgement: Judgement): void;
}

/** The step a gate failure is recorded under, and how its error reads: "not words: love is 12 % words…". */
export const gateStep = 'gate';
const gateError = (reason: GateReason, detail: string): string => `${reason}: ${detail}`;

/**
 * At most this long between two turns of the event loop. A reasoner that answers without waiting (the rules
 * reasoner) would otherwise keep the loop for the whole run: a cancel or a pause (a timer, a message from the
 * app) could not land before the end. A turn costs microseconds; model-backed reasoners wait anyway.
 */
const yieldEveryMs = 20;

/**
 * Runs one phase: answers what the store can, then reasons the rest unit by unit (a variant group is one
 * unit) with `parallel` units in flight, committing each unit's outcome in its own transaction.
 */
export class PhaseRunner {
  private lastTurn = performance.now();

  constructor(private readonly host: PhaseHost) {}

  /** Lets the event loop turn when the job has held it for `yieldEveryMs`. */
  private async letTheLoopTurn(): Promise<void> {
    if (performance.now() - this.lastTurn < yieldEveryMs) return;
    await yieldToEventLoop();
    this.lastTurn = performance.now();
  }

  private key(subject: Subject, hash: string): CacheKey {
    return {
      subject,
      contentHash: hash,
      model: this.host.reasoner.model ?? this.host.reasoner.kind,
      promptVersion: this.host.reasoner.promptVersion,
    };
  }

  private failure<S>(
    spec: PhaseSpec<S, unknown>,
    member: Member<S>,
    kind: 'output' | 'transient',
    step: string | null,
    error: string,
    rawText: string,
    reason: GateReason | null = null,
  ): void {
    recordFailure(this.host.db, {
      subject: spec.subject,
      subjectId: member.id,
      reasoner: this.host.reasoner.kind,
      runId: this.host.runId,
      model: this.host.reasoner.model,
      promptVersion: this.host.reasoner.promptVersion,
      contentHash: member.hash,
      kind,
      step,
      reason,
      error,
      rawText,
      now: this.host.now(),
    });
    // An answer that never validated counts against the run as a refusal does (a gate refusal is judged by `judge`).
    if (kind === 'output' && reason === null)
      this.host.judged(spec.subject, member.id, spec.label(member.value), {
        usable: false,
        reason: 'invalid output',
        detail: `invalid output: ${error}`,
      });
  }

  /**
   * Passes one answer through the gate: a usable one is stored as the subject's reasoning (its features those
   * the gate kept) once the run is judged usable, a refused one is recorded as an output failure with the answer
   * as its raw text. Inside the caller's transaction. Returns whether the answer was usable.
   */
  private judge<S, O>(
    spec: PhaseSpec<S, O>,
    member: Member<S>,
    output: O,
    verdict: GateVerdict<O> = spec.gate(member.value, output),
  ): boolean {
    if (verdict.ok) {
      const output = verdict.output;
      this.host.store(() => spec.write(member, output));
      this.host.judged(spec.subject, member.id, spec.label(member.value), { usable: true });
      return true;
    }
    const error = gateError(verdict.reason, verdict.detail);
    this.failure(spec, member, 'output', gateStep, error, JSON.stringify(output), verdict.reason);
    this.host.counts(spec.subject).failed++;
    this.host.judged(spec.subject, member.id, spec.label(member.value), {
      usable: false,
      reason: verdict.reason,
      detail: error,
    });
    return false;
  }

  /**
   * Everything answerable without the model, in one transaction: subjects whose stored reasoning is current,
   * outcomes in the cache (including known failures), and variants whose group already has an answer.
   * Returns the subjects left for the model.
   */
  private answerFromStore<S, O>(spec: PhaseSpec<S, O>): Member<S>[] {
    const counts = this.host.counts(spec.subject);
    const pending: Member<S>[] = [];
    const groupAnswers = new Map<string, O>();
    const adopt: number[] = [];
    const cachedOk = (member: Member<S>): O | null => {
      const outcome = cachedOutcome(this.host.db, this.key(spec.subject, member.hash));
      if (outcome?.status !== 'ok') return null;
      const parsed = spec.outputSchema.safeParse(outcome.output);
      return parsed.success ? parsed.data : null;
    };
    this.host.db
      .transaction(() => {
        for (const member of spec.members) {
          const state = spec.states.get(member.id);
          if (
            state &&
            state.contentHash === member.hash &&
            state.model === this.host.reasoner.model &&
            state.promptVersion === this.host.reasoner.promptVersion
          ) {
            if (!state.runCompleted && state.runId !== this.host.runId) adopt.push(member.id);
            counts.cached++;
            this.host.judged(spec.subject, member.id, spec.label(member.value), { usable: true });
            if (member.variantGroup !== null && !groupAnswers.has(member.variantGroup)) {
              const answer = cachedOk(member);
              if (answer !== null) groupAnswers.set(member.variantGroup, answer);
            }
            continue;
          }
          const outcome = cachedOutcome(this.host.db, this.key(spec.subject, member.hash));
          if (outcome?.status === 'ok') {
            const parsed = spec.outputSchema.safeParse(outcome.output);
            // A cached answer is judged again: the gate (and the catalog's words) may have changed since. A refused
            // one is asked again with retryFailed.
            const verdict = parsed.success ? spec.gate(member.value, parsed.data) : null;
            if (parsed.success && verdict && (verdict.ok || !this.host.retryFailed)) {
              this.judge(spec, member, parsed.data, verdict);
              if (member.variantGroup !== null && !groupAnswers.has(member.variantGroup))
                groupAnswers.set(member.variantGroup, parsed.data);
              counts.cached++;
              continue;
            }
          } else if (outcome?.status === 'failed' && !this.host.retryFailed) {
            this.failure(spec, member, 'output', outcome.step, outcome.error, outcome.rawText);
            counts.cached++;
            counts.failed++;
            continue;
          }
          pending.push(member);
        }
        if (adopt.length > 0)
          adoptReasoning(this.host.db, spec.subject, adopt, this.host.reasoner.kind, this.host.runId);
      })
      .immediate();
    const left: Member<S>[] = [];
    this.host.db
      .transaction(() => {
        for (const member of pending) {
          const answer = member.variantGroup === null ? undefined : groupAnswers.get(member.variantGroup);
          if (answer === undefined) {
            left.push(member);
            continue;
          }
          storeOutcome(
            this.host.db,
            this.key(spec.subject, member.hash),
            { status: 'ok', output: answer },
            this.host.runId,
            this.host.now(),
          );
          this.judge(spec, member, answer);
          counts.cached++;
        }
      })
      .immediate();
    return left;
  }

  async run<S, O>(spec: PhaseSpec<S, O>): Promise<void> {
    const pending = this.answerFromStore(spec);
    // The answers from the store may already have judged the run's output not usable.
    this.host.signal.throwIfAborted();
    this.host.phaseAnswered(spec.phase);
    const units = variantUnits(pending);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        await this.letTheLoopTurn();
        this.host.signal.throwIfAborted();
        const unit = units[next++];
        if (!unit) return;
        await this.reasonUnit(spec, unit);
      }
    };
    if (units.length === 0) return;
    this.host.modelWork(true);
    try {
      await Promise.all(Array.from({ length: Math.min(this.host.parallel, units.length) }, worker));
    } finally {
      this.host.modelWork(false);
    }
  }

  private async reasonUnit<S, O>(spec: PhaseSpec<S, O>, unit: readonly Member<S>[]): Promise<void> {
    const counts = this.host.counts(spec.subject);
    const first = unit[0]!;
    let output: O;
    try {
      output = await spec.reason(first.value, this.host.signal);
    } catch (error) {
      if (this.host.signal.aborted) throw error;
      this.host.db
        .transaction(() => {
          for (const member of unit) {
            if (error instanceof ReasoningOutputError) {
              const failed = {
                status: 'failed',
                step: error.step,
                error: error.message,
                rawText: error.rawText,
              } as const;
              storeOutcome(
                this.host.db,
                this.key(spec.subject, member.hash),
                failed,
                this.host.runId,
                this.host.now(),
              );
              this.failure(spec, member, 'output', error.step, error.message, error.rawText);
            } else this.failure(spec, member, 'transient', null, (error as Error).message, '');
          }
        })
        .immediate();
      counts.reasoned += unit.length;
      counts.failed += unit.length;
      this.host.progressed(unit.length);
      if (error instanceof ReasoningOutputError) return this.host.settled(null);
      log.warn(`${spec.subject} ${first.id} could not be reasoned`, { error: (error as Error).message });
      this.host.settled(error as Error);
      this.host.signal.throwIfAborted();
      return;
    }
    this.host.settled(null);
    this.host.db
      .transaction(() => {
        for (const member of unit) {
          // The cache keeps what the model answered; the gate decides what becomes features.
          storeOutcome(
            this.host.db,
            this.key(spec.subject, member.hash),
            { status: 'ok', output },
            this.host.runId,
            this.host.now(),
          );
          this.judge(spec, member, output);
        }
      })
      .immediate();
    counts.reasoned += unit.length;
    this.host.progressed(unit.length);
  }
}
