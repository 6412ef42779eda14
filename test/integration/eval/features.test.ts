import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../../core/eval/run.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { fixture } from '../../support/paths.js';

const small = fixture('eval', 'small');
const out = mkdtempSync(join(tmpdir(), 'atelier-eval-features-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What a reasoner might say of the fixture's items: the brand (as a maison) and the category leaf. */
function featureLines(): string[] {
  return readFileSync(join(small, 'items.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((raw) => JSON.parse(raw) as { item_id: number; asin: string; brand: string; categories: string[] })
    .map((item, k) =>
      JSON.stringify({
        // Half the lines name the item by its id, half by its ASIN.
        ...(k % 2 === 0 ? { itemId: item.item_id } : { externalId: item.asin }),
        features: [
          { feature: item.brand, facet: 'maison', weight: 0.8 },
          { feature: item.categories.at(-1)!, facet: 'category', weight: 1 },
        ],
      }),
    );
}

describe('atelier eval --features FILE', () => {
  it('runs the whole protocol on the features of the file, with every interval', async () => {
    const file = join(out, 'features.jsonl');
    const lines = featureLines();
    writeFileSync(file, lines.join('\n') + '\n');
    const json = join(out, 'report.json');
    const {
      code,
      out: stdout,
      err,
    } = await runCliCaptured([
      'eval',
      '--dataset',
      small,
      '--features',
      file,
      '--json',
      json,
      '--ablations',
      '--quiet',
    ]);
    expect(code, err).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as EvalReport;
    expect(report.dataset.featureSource).toBe(file);
    expect(report.dataset.itemsWithFeatures).toBe(lines.length);
    const distinct = new Set(
      lines.flatMap((l) =>
        (JSON.parse(l) as { features: { feature: string }[] }).features.map((f) => f.feature.toLowerCase()),
      ),
    );
    expect(report.dataset.features).toBe(distinct.size);
    expect(stdout).toContain(`item features: ${file}; ${lines.length} of 35 items have features`);
    // The planted sequences are still found.
    const full = report.methods.find((m) => m.name === 'full ISRF')!;
    expect(full.test['HR@10']).toBeGreaterThanOrEqual(0.8);

    // Every other method carries its difference from full ISRF with an interval around it.
    expect(full.vsFull).toBeNull();
    expect(report.bootstrap).toEqual({ resamples: 1000, seed: 1, confidence: 0.95 });
    for (const m of report.methods.filter((x) => x !== full)) {
      for (const metric of ['HR@10', 'NDCG@10'] as const) {
        const d = m.vsFull![metric];
        expect(d.difference).toBeCloseTo(m.test[metric] - full.test[metric], 12);
        expect(d.low).toBeLessThanOrEqual(d.difference);
        expect(d.high).toBeGreaterThanOrEqual(d.difference);
      }
      expect(stdout).toMatch(
        new RegExp(
          `^${m.name} +[-+]\\d\\.\\d{4}  \\[[-+]\\d\\.\\d{4}, [-+]\\d\\.\\d{4}\\]  [-+]\\d\\.\\d{4}  \\[`,
          'm',
        ),
      );
    }
    // Popularity cannot see the planted sequences: its whole interval lies below full ISRF.
    expect(report.methods[0]!.vsFull!['HR@10'].high).toBeLessThan(0);

    // The same seed draws the same intervals.
    const again = join(out, 'again.json');
    const second = await runCliCaptured([
      'eval',
      '--dataset',
      small,
      '--features',
      file,
      '--json',
      again,
      '--quiet',
    ]);
    expect(second.code, second.err).toBe(0);
    const rerun = JSON.parse(readFileSync(again, 'utf8')) as EvalReport;
    const popularity = (r: EvalReport) => r.methods.find((m) => m.name === 'popularity')!.vsFull;
    expect(popularity(rerun)).toEqual(popularity(report));
  });

  it('refuses a bad file, naming the file, the line and the field', async () => {
    const lines = featureLines();
    lines[2] = JSON.stringify({
      itemId: 3,
      features: [{ feature: 'mascara', facet: 'category', weight: 2 }],
    });
    lines[4] = JSON.stringify({ itemId: 'B999', features: [] });
    const bad = join(out, 'bad.jsonl');
    writeFileSync(bad, lines.join('\n'));
    const refused = await runCliCaptured(['eval', '--dataset', small, '--features', bad, '--quiet']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`${bad}:3: features[0].weight: must be from 0 to 1 (got 2)`);
    expect(refused.err).toContain(`${bad}:5: itemId: no item "B999" in the dataset`);
    expect(refused.out).toBe('');

    const empty = join(out, 'empty.jsonl');
    writeFileSync(empty, JSON.stringify({ itemId: 1, features: [] }) + '\n');
    const nothing = await runCliCaptured(['eval', '--dataset', small, '--features', empty, '--quiet']);
    expect(nothing.code).toBe(1);
    expect(nothing.err).toContain(`${empty}: no item has a feature`);

    const missing = await runCliCaptured(['eval', '--dataset', small, '--features', join(out, 'nope.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.jsonl: cannot read/);
  });
});
