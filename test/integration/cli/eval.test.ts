import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../core/cli/run.js';
import type { EvalReport } from '../../../core/eval/run.js';
import { captureIo } from '../../support/cli-io.js';
import { fixture } from '../../support/paths.js';

const fixtures = fixture('eval');
const out = mkdtempSync(join(tmpdir(), 'atelier-eval-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const sequences = (dir: string) =>
  new Map(
    readFileSync(join(fixtures, dir, 'sequential.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [user, ...items] = line.split(' ');
        return [user!, items] as const;
      }),
  );

describe('atelier eval on a small dataset folder', () => {
  it('prints every method, writes predictions that reproduce the reported figures, and a JSON report', async () => {
    const predictions = join(out, 'predictions.txt');
    const json = join(out, 'report.json');
    const io = captureIo();
    const code = await runCli(
      [
        'eval',
        '--dataset',
        join(fixtures, 'small'),
        '--predictions',
        predictions,
        '--json',
        json,
        '--ablations',
      ],
      io,
    );
    expect(code, io.stderr).toBe(0);
    for (const name of [
      'popularity',
      'item-kNN',
      'sequence only',
      'explicit only',
      'group only',
      'individual',
      'ISRF without iteration',
      'full ISRF',
      'full ISRF with second stage',
    ])
      expect(io.stdout).toMatch(
        new RegExp(`^${name} +\\d\\.\\d{4} +\\d\\.\\d{4} +\\d\\.\\d{4} +\\d\\.\\d{4}$`, 'm'),
      );
    expect(io.stderr).toMatch(/^validation: engine: \d+ ms$/m);

    const report = JSON.parse(readFileSync(json, 'utf8')) as EvalReport;
    expect(report.dataset).toMatchObject({
      users: 40,
      items: 35,
      interactions: 243,
      itemText: 'items.jsonl',
    });
    expect(report.methods.map((m) => m.name)).toHaveLength(9);
    expect(report.peakRssMb).toBeGreaterThan(0);
    expect(report.wallMs).toBeGreaterThan(0);
    expect(Object.keys(report.stagesMs)).toEqual(
      expect.arrayContaining([
        'load',
        'item features',
        'validation: engine',
        'test: rounds',
        'validation: second stage',
        'test: full ISRF with second stage',
      ]),
    );
    expect(report.iterations.test.length).toBeGreaterThan(0);
    const full = report.methods.find((m) => m.name === 'full ISRF')!;
    const popularity = report.methods.find((m) => m.name === 'popularity')!;
    // The planted sequences make the next item easy for the engine and invisible to popularity.
    expect(full.test['HR@10']).toBeGreaterThanOrEqual(0.8);
    expect(full.test['HR@10']).toBeGreaterThan(popularity.test['HR@10']);

    // Recompute full ISRF's metrics from the predictions file alone.
    const seqs = sequences('small');
    const lines = readFileSync(predictions, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(40);
    let hr5 = 0;
    let hr10 = 0;
    let ndcg10 = 0;
    for (const line of lines) {
      const [user, ...items] = line.split(' ');
      const sequence = seqs.get(user!)!;
      const history = new Set(sequence.slice(0, -1));
      const target = sequence.at(-1)!;
      expect(items).toHaveLength(20);
      expect(new Set(items).size).toBe(20);
      for (const item of items) {
        expect(history.has(item), `user ${user} was offered ${item} from her history`).toBe(false);
        expect(Number(item)).toBeGreaterThanOrEqual(1);
        expect(Number(item)).toBeLessThanOrEqual(35);
      }
      const rank = items.indexOf(target);
      if (rank >= 0 && rank < 5) hr5++;
      if (rank >= 0 && rank < 10) {
        hr10++;
        ndcg10 += 1 / Math.log2(rank + 2);
      }
    }
    expect(full.test['HR@5']).toBeCloseTo(hr5 / 40, 12);
    expect(full.test['HR@10']).toBeCloseTo(hr10 / 40, 12);
    expect(full.test['NDCG@10']).toBeCloseTo(ndcg10 / 40, 12);
  });

  it('runs unchanged on a folder whose only item text is item_text_idgenrec.txt', async () => {
    const json = join(out, 'text.json');
    const io = captureIo();
    expect(
      await runCli(['eval', '--dataset', join(fixtures, 'small-text'), '--json', json, '--quiet'], io),
    ).toBe(0);
    expect(io.stderr).toBe('');
    const report = JSON.parse(readFileSync(json, 'utf8')) as EvalReport;
    expect(report.dataset.itemText).toBe('item_text_idgenrec.txt');
    // Without --ablations: the baselines, one pass, the full engine and its learned second stage.
    expect(report.methods.map((m) => m.name)).toEqual([
      'popularity',
      'item-kNN',
      'ISRF without iteration',
      'full ISRF',
      'full ISRF with second stage',
    ]);
    expect(report.methods.find((m) => m.name === 'full ISRF')!.test['HR@10']).toBeGreaterThanOrEqual(0.8);
  });

  it('says what is wrong with the command or the folder', async () => {
    const missing = captureIo();
    expect(await runCli(['eval'], missing)).toBe(2);
    expect(missing.stderr).toMatch(/--dataset is required/);
    const nowhere = captureIo();
    expect(await runCli(['eval', '--dataset', join(out, 'nope')], nowhere)).toBe(1);
    expect(nowhere.stderr).toMatch(/no such dataset folder/);
    const noText = captureIo();
    expect(await runCli(['eval', '--dataset', out], noText)).toBe(1);
    expect(noText.stderr).toMatch(/sequential.txt: missing/);
  });
});
