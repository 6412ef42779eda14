/** The typed progress a reasoning job reports, and the rate / ETA arithmetic behind it. */

export type ReasoningPhase = 'items' | 'clients' | 'embeddings';

export interface SubjectCounts {
  /** Subjects the model was asked about in this run (successes and failures). */
  reasoned: number;
  /** Subjects answered from stored outcomes, without a model call (including known failures). */
  cached: number;
  /** Subjects left without usable features: new failures and cached ones. */
  failed: number;
}

export interface ReasoningProgress {
  readonly runId: number;
  readonly phase: ReasoningPhase;
  /** Items and clients finished, of all this run covers. */
  readonly done: number;
  readonly total: number;
  readonly counts: Readonly<SubjectCounts>;
  /** Subjects reasoned by the model per minute of (unpaused) model work. */
  readonly itemsPerMinute: number;
  /** Seconds until done at the current rate; null until a first subject was reasoned. */
  readonly etaSeconds: number | null;
  readonly tokensPerSecond: number;
}

/**
 * Work rates over active time: stretches without model work (loading, waiting on the store) count neither as
 * work nor as time, so the ETA reflects the speed of the machine.
 */
export class RateMeter {
  private activeMs = 0;
  private since: number | null = null;
  private units = 0;
  private tokens = 0;

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  start(): void {
    this.since ??= this.nowMs();
  }

  stop(): void {
    if (this.since === null) return;
    this.activeMs += this.nowMs() - this.since;
    this.since = null;
  }

  record(units: number, tokens = 0): void {
    this.units += units;
    this.tokens += tokens;
  }

  get seconds(): number {
    return (this.activeMs + (this.since === null ? 0 : this.nowMs() - this.since)) / 1000;
  }

  get perMinute(): number {
    const s = this.seconds;
    return s > 0 ? (this.units * 60) / s : 0;
  }

  get tokensPerSecond(): number {
    const s = this.seconds;
    return s > 0 ? this.tokens / s : 0;
  }

  /** Seconds for `remaining` more units at the rate so far; null before the first unit. */
  eta(remaining: number): number | null {
    if (remaining <= 0) return 0;
    if (this.units === 0) return null;
    return (remaining * this.seconds) / this.units;
  }
}
