import { describe, expect, it } from 'vitest';
import { UsabilityMeter, type GateFailureNote } from '../../../core/jobs/reason/usability.js';

/** The run's verdict on its first answers, and what it lets the job store meanwhile. */

const refusal = (id: number): GateFailureNote => ({
  subject: 'item',
  id,
  label: `Piece ${id}`,
  reason: 'not words',
  detail: 'not words: love is 0 % words',
});

/** Feeds the meter answers (true: usable) as the job does: a usable one is stored, then recorded. */
function run(meter: UsabilityMeter, answers: readonly boolean[]): { stored: number[]; verdicts: string[] } {
  const stored: number[] = [];
  const verdicts: string[] = [];
  answers.forEach((usable, id) => {
    if (usable) meter.store(() => stored.push(id));
    const verdict = meter.record(usable ? null : refusal(id));
    if (verdict !== null) verdicts.push(verdict);
  });
  return { stored, verdicts };
}

describe('UsabilityMeter', () => {
  it('holds the first answers until the sample is judged usable, then stores them and the rest at once', () => {
    const meter = new UsabilityMeter(30);
    const answers = Array.from({ length: 30 }, (_, i) => i % 5 !== 0); // 4 refusals in the first 20: 20 %
    const seen: number[][] = [];
    const stored: number[] = [];
    answers.forEach((usable, id) => {
      if (usable) meter.store(() => stored.push(id));
      expect(meter.record(usable ? null : refusal(id))).toBeNull();
      seen.push([...stored]);
    });
    expect(seen[18]).toEqual([]);
    expect(meter.usable).toBe(true);
    expect(seen[19]).toEqual(answers.slice(0, 20).flatMap((u, i) => (u ? [i] : [])));
    expect(stored).toEqual(answers.flatMap((u, i) => (u ? [i] : [])));
  });

  it('says the output is not usable at the fifth refusal of 20 and drops what it held', () => {
    const meter = new UsabilityMeter(400);
    const { stored, verdicts } = run(meter, [true, false, false, true, false, false, false, true, true]);
    expect(verdicts).toEqual([
      "the model's output is not usable: 5 of its first 7 answers failed the plausibility gate (not words 5)",
    ]);
    expect(stored).toEqual([]);
    expect(meter.usable).toBe(false);
    meter.storeHeld();
    expect(stored).toEqual([]);
    expect(meter.notes.map((n) => n.id)).toEqual([1, 2, 4, 5, 6]);
  });

  it('judges a run smaller than the sample on all its answers', () => {
    expect(run(new UsabilityMeter(3), [true, false, true]).verdicts).toEqual([
      "the model's output is not usable: 1 of its first 2 answers failed the plausibility gate (not words 1)",
    ]);
    const small = new UsabilityMeter(4);
    expect(run(small, [true, true, true, true])).toEqual({ stored: [0, 1, 2, 3], verdicts: [] });
  });

  it('stores what it holds when the run completes before the sample is judged', () => {
    // Answers that never validated are failures the gate does not judge: the sample may stay short.
    const meter = new UsabilityMeter(5);
    const { stored } = run(meter, [true, true]);
    expect(stored).toEqual([]);
    meter.storeHeld();
    expect(stored).toEqual([0, 1]);
  });

  it('never stops a run with a tolerant policy, and stores as it goes once the sample is in', () => {
    const meter = new UsabilityMeter(3, { sample: 2, maxFailedShare: 1 });
    expect(run(meter, [false, false, true])).toEqual({ stored: [2], verdicts: [] });
  });
});
