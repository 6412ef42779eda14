import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../../core/eval/report.js';
import { runEvaluation } from '../../../core/eval/run.js';

/**
 * A small dataset where what follows is mostly decided by the maison: 40 items over 4 maisons, 300 users who
 * walk a maison's items in order, sometimes jumping to another maison.
 */
function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-eval-second-'));
  const itemCount = 40;
  const id2item: Record<string, string> = {};
  const items: string[] = [];
  for (let i = 1; i <= itemCount; i++) {
    id2item[String(i)] = `B${i}`;
    const maison = `Maison ${i % 4}`;
    items.push(
      JSON.stringify({
        item_id: i,
        asin: `B${i}`,
        title: `${maison} ${['serum', 'cream', 'lipstick', 'mascara', 'polish'][i % 5]} ${i}`,
        brand: maison,
        categories: ['Beauty', ['Skin Care', 'Makeup'][i % 2]!, ['Face', 'Eyes', 'Lips'][i % 3]!],
        price: 5 + (i % 7) * 10,
      }),
    );
  }
  let state = 11;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const lines: string[] = [];
  for (let u = 1; u <= 300; u++) {
    const length = 5 + Math.floor(random() * 5);
    let item = 1 + Math.floor(random() * itemCount);
    const seen = new Set<number>();
    const sequence: number[] = [];
    while (sequence.length < length) {
      if (!seen.has(item)) {
        seen.add(item);
        sequence.push(item);
      }
      // Mostly the next item of the same maison (4 ids on), sometimes anywhere.
      item = random() < 0.8 ? ((item + 3) % itemCount) + 1 : 1 + Math.floor(random() * itemCount);
    }
    lines.push(`${u} ${sequence.join(' ')}`);
  }
  writeFileSync(join(dir, 'sequential.txt'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'datamaps.json'), JSON.stringify({ id2user: {}, id2item }));
  writeFileSync(join(dir, 'items.jsonl'), items.join('\n') + '\n');
  return dir;
}

const dir = fixture();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the second stage in eval', () => {
  it('is its own method, with its interval against the stage-1 blend, in the report and its JSON', async () => {
    const { report } = await runEvaluation(dir, {
      ablations: false,
      bootstrap: { resamples: 200, seed: 1, confidence: 0.95 },
    });
    const names = report.methods.map((m) => m.name);
    expect(names.slice(-2)).toEqual(['full ISRF', 'full ISRF with second stage']);
    const second = report.methods.find((m) => m.name === 'full ISRF with second stage')!;
    const full = report.methods.find((m) => m.name === 'full ISRF')!;
    // Its interval is against full ISRF (the stage-1 blend it reorders), and says the same difference.
    expect(second.vsFull).not.toBeNull();
    const d = second.vsFull!['NDCG@10'];
    expect(d.difference).toBeCloseTo(second.test['NDCG@10'] - full.test['NDCG@10'], 10);
    expect(d.low).toBeLessThanOrEqual(d.difference);
    expect(d.high).toBeGreaterThanOrEqual(d.difference);
    expect(second.blend).toEqual(full.blend);
    // Trained on validation only: its held-out figures, never test's.
    const s = report.secondStage;
    expect(s.candidates).toBe(50);
    expect(s.features.length).toBeGreaterThan(20);
    expect(s.heldOut.users).toBeGreaterThan(0);
    expect(s.trainQueries).toBeGreaterThan(0);
    expect(second.validation).toEqual(s.heldOut.ranker);
    // The forest never does worse than stage 1 on the users that chose it (it is cut at its best tree).
    expect(s.heldOut.ranker.ndcg10).toBeGreaterThanOrEqual(s.heldOut.stage1.ndcg10);
    expect(Object.keys(report.stagesMs)).toContain('validation: second stage');
    const text = formatReport(report);
    expect(text).toMatch(/^full ISRF with second stage +[+-]\d\.\d{4} +\[/m);
    expect(text).toContain(`second stage: ${s.trees} trees of depth`);
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(json.secondStage.heldOut).toEqual(s.heldOut);
  }, 60_000);
});
