import { CoreError } from '../../domain/errors.js';
import type { GateReason } from '../../reasoning/gate.js';
import type { Subject } from '../../db/reasoning/runs.js';

/**
 * Whether a run's reasoner is worth listening to, judged on its first answers: when more than `maxFailedShare`
 * of the first `sample` subjects (all of them in a smaller run) are refused by the plausibility gate, the run
 * stops as failed. Until the sample is judged the job stores none of the run's answers as features (they wait
 * in memory; the cache has them), so a run that stops writes nothing over an earlier run's features, and since
 * readers only take completed runs, none of its features reach `optimize`.
 */

export interface UsabilityPolicy {
  /** How many of the run's first answers are judged. */
  readonly sample: number;
  /** The share of them the gate may refuse; past it the run stops. 1: never stops (refusals are still failures). */
  readonly maxFailedShare: number;
}

export const defaultUsabilityPolicy: UsabilityPolicy = { sample: 20, maxFailedShare: 0.2 };

export const notUsableMessage = "the model's output is not usable";

/**
 * Why an answer was not usable: the plausibility gate's reason, or 'invalid output' when it never validated
 * against the chain's schema (the reasoner's own retries spent). Both count against the run.
 */
export type RefusalReason = GateReason | 'invalid output';

/** One subject whose answer was not usable, as the CLI and the app's job list them. */
export interface GateFailureNote {
  readonly subject: Subject;
  readonly id: number;
  /** An item's title; null for a client (named by id only). */
  readonly label: string | null;
  readonly reason: RefusalReason;
  /** The reason with what in the answer made it: `not words: love is 12 % words: "o wk r"`. */
  readonly detail: string;
}

/** The run stopped: most of its first answers are not plausible. */
export class ModelOutputNotUsableError extends CoreError<'model-output-not-usable'> {
  constructor(message: string) {
    super('model-output-not-usable', 'bad-input', message);
  }
}

/** Failures kept for the summary: enough to show what went wrong, bounded for a long run. */
const notesKept = 20;

export class UsabilityMeter {
  private judged = 0;
  private refused = 0;
  private readonly reasons = new Map<RefusalReason, number>();
  readonly notes: GateFailureNote[] = [];
  private readonly sample: number;
  private verdict: string | null = null;
  private held: (() => void)[] = [];

  constructor(
    subjects: number,
    private readonly policy: UsabilityPolicy = defaultUsabilityPolicy,
  ) {
    this.sample = Math.min(policy.sample, subjects);
  }

  /** The sample is judged and the run's output usable: its answers may be stored as they come. */
  get usable(): boolean {
    return this.judged >= this.sample && this.verdict === null;
  }

  /**
   * Stores a usable answer (`write` its rows): at once when the run is judged usable, else once it is, never
   * when it is not. Called before `record` for the same answer, inside its transaction.
   */
  store(write: () => void): void {
    if (this.usable) write();
    else if (this.verdict === null) this.held.push(write);
  }

  /** Stores the answers held: the run completes without its sample judged (answers that never validated). */
  storeHeld(): void {
    const writes = this.held;
    this.held = [];
    for (const write of writes) write();
  }

  /**
   * Records one judged subject; returns the run's error when this answer makes its output not usable, else
   * null. The answer that completes a usable sample stores those held, inside its transaction.
   */
  record(note: GateFailureNote | null): string | null {
    if (note !== null && this.notes.length < notesKept) this.notes.push(note);
    if (this.judged >= this.sample || this.verdict !== null) return null;
    this.judged++;
    if (note !== null) {
      this.refused++;
      this.reasons.set(note.reason, (this.reasons.get(note.reason) ?? 0) + 1);
    }
    // Certain as soon as the refusals pass the share of the whole sample: no need to wait for the rest.
    if (this.refused <= this.policy.maxFailedShare * this.sample) {
      if (this.usable) this.storeHeld();
      return null;
    }
    this.held = [];
    const reasons = [...this.reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`);
    const what = this.reasons.has('invalid output') ? 'were not usable' : 'failed the plausibility gate';
    const share = `${this.refused} of its first ${this.judged} answers`;
    this.verdict = `${notUsableMessage}: ${share} ${what} (${reasons.join(', ')})`;
    return this.verdict;
  }
}
