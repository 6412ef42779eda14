import { CoreError } from '../../domain/errors.js';
import type { GateReason } from '../../reasoning/gate.js';
import type { Subject } from '../../db/reasoning/runs.js';

/**
 * Whether a run's reasoner is worth listening to, judged on its first answers: when more than `maxFailedShare`
 * of the first `sample` subjects (all of them in a smaller run) are refused by the plausibility gate, the run
 * stops as failed, and since readers only take completed runs, none of its features reach `optimize`.
 */

export interface UsabilityPolicy {
  /** How many of the run's first answers are judged. */
  readonly sample: number;
  /** The share of them the gate may refuse; past it the run stops. 1: never stops (refusals are still failures). */
  readonly maxFailedShare: number;
}

export const defaultUsabilityPolicy: UsabilityPolicy = { sample: 20, maxFailedShare: 0.2 };

export const notUsableMessage = "the model's output is not usable";

/** One subject the gate refused, as the CLI and the app's job list them. */
export interface GateFailureNote {
  readonly subject: Subject;
  readonly id: number;
  /** An item's title; null for a client (named by id only). */
  readonly label: string | null;
  readonly reason: GateReason;
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
  private readonly reasons = new Map<GateReason, number>();
  readonly notes: GateFailureNote[] = [];
  private readonly sample: number;

  constructor(
    subjects: number,
    private readonly policy: UsabilityPolicy = defaultUsabilityPolicy,
  ) {
    this.sample = Math.min(policy.sample, subjects);
  }

  /** Records one judged subject; returns the run's error once its output is judged not usable, else null. */
  record(note: GateFailureNote | null): string | null {
    if (note !== null && this.notes.length < notesKept) this.notes.push(note);
    if (this.judged >= this.sample) return null;
    this.judged++;
    if (note === null) return null;
    this.refused++;
    this.reasons.set(note.reason, (this.reasons.get(note.reason) ?? 0) + 1);
    // Certain as soon as the refusals pass the share of the whole sample: no need to wait for the rest.
    if (this.refused <= this.policy.maxFailedShare * this.sample) return null;
    const reasons = [...this.reasons].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`);
    return (
      `${notUsableMessage}: ${this.refused} of its first ${this.judged} answers failed the plausibility gate ` +
      `(${reasons.join(', ')})`
    );
  }
}
