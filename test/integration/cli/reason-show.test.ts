import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordFailure } from '../../../core/db/reasoning/outcomes.js';
import { reason } from '../../../core/jobs/reason.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { createTestBoutique, type TestBoutique } from '../../support/llm.js';

let boutique: TestBoutique;
beforeEach(() => (boutique = createTestBoutique()));
afterEach(() => boutique.cleanup());

describe('atelier reason --show', () => {
  it("prints each reasoner's answers, the features kept and the last failure with the model's own text", async () => {
    const summary = await reason(boutique.db, { reasoner: { kind: 'rules' } });
    expect(summary.status).toBe('completed');
    // A model's answer the gate refused, as the reasoning job records it.
    recordFailure(boutique.db, {
      subject: 'item',
      subjectId: boutique.itemId('scarf'),
      reasoner: 'llama',
      runId: summary.runId,
      model: 'tiny-random-chatml.gguf#abc123',
      promptVersion: 'llm-2',
      contentHash: 'h',
      kind: 'output',
      step: 'gate',
      error: 'not words: love is 0 % words',
      rawText: '{"love":"$ % $ % $ %"}',
      now: '2025-06-02T10:00:00.000Z',
    });
    boutique.db.close();

    const shown = await runCliCaptured(['reason', '--db', boutique.file, '--show', 'scarf']);
    expect(shown.code).toBe(0);
    const lines = shown.out.split('\n');
    expect(lines[0]).toMatch(/^.+ \[scarf\], item \d+$/);
    expect(lines[1]).toBe('llama:');
    expect(lines[2]).toBe('  answers: none stored');
    expect(lines[3]).toBe('  features kept: none');
    expect(lines[4]).toBe(
      `  last failure (run ${summary.runId}, tiny-random-chatml.gguf#abc123, 2025-06-02T10:00:00.000Z): output at step gate: not words: love is 0 % words`,
    );
    expect(lines[5]).toBe('    the model said:');
    expect(lines[6]).toBe('      {"love":"$ % $ % $ %"}');
    expect(lines[7]).toBe('rules:');
    expect(lines[8]).toMatch(new RegExp(`^  answers \\(run ${summary.runId}, no model, rules-1, .+\\):$`));
    expect(lines[9]).toMatch(/^ {4}love: {4}\S.+/);
    expect(lines[10]).toMatch(/^ {4}dislike: \S.+/);
    expect(lines[11]).toMatch(
      /^ {2}features kept: .+ \((style|material|colour|category|occasion|price|maison|craft|season|audience) \d\.\d\d\)/,
    );

    const json = await runCliCaptured(['reason', '--db', boutique.file, '--show', 'scarf', '--json']);
    const detail = JSON.parse(json.out) as {
      item: { externalId: string };
      reasoners: { reasoner: string; features: unknown[]; failure: { error: string } | null }[];
    };
    expect(detail.item.externalId).toBe('scarf');
    expect(detail.reasoners.map((r) => r.reasoner)).toEqual(['llama', 'rules']);
    expect(detail.reasoners[0]!.failure!.error).toBe('not words: love is 0 % words');
    expect(detail.reasoners[1]!.features.length).toBeGreaterThan(0);
  });

  it('says when an item is unknown or not reasoned yet, and refuses --show with a model', async () => {
    boutique.db.close();
    const unknown = await runCliCaptured(['reason', '--db', boutique.file, '--show', 'no-such-item']);
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toBe('atelier reason: no item "no-such-item" (give its id or its external id)\n');
    const fresh = await runCliCaptured(['reason', '--db', boutique.file, '--show', 'ring']);
    expect(fresh.code).toBe(0);
    expect(fresh.out).toMatch(/\[ring\], item \d+\nnot reasoned yet by any reasoner\n$/);
    const both = await runCliCaptured([
      'reason',
      '--db',
      boutique.file,
      '--show',
      'ring',
      '--model',
      'x.gguf',
    ]);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--show reads what is stored: give it without --model or --endpoint');
  });
});
