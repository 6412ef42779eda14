import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClientForReasoning, ItemForReasoning } from '../../../core/domain/catalog.js';
import {
  gateClient,
  gateItem,
  Lexicon,
  phraseIsWords,
  sentenceWordShare,
  type GateVerdict,
} from '../../../core/reasoning/gate.js';
import { UsabilityMeter } from '../../../core/jobs/reason/usability.js';
import type { ClientReasoning, ItemReasoning } from '../../../core/reasoning/types.js';
import { fixture } from '../../support/paths.js';

interface Case<O> {
  readonly name: string;
  readonly answer: O;
  readonly verdict:
    | { readonly ok: true; readonly dropped: readonly string[] }
    | { readonly ok: false; readonly reason: string; readonly detail: string };
}
const answers = JSON.parse(readFileSync(fixture('reasoning', 'answers.json'), 'utf8')) as {
  items: Case<ItemReasoning>[];
  clients: Case<ClientReasoning>[];
};

const kelly: ItemForReasoning = {
  id: 1,
  externalId: 'bag-black',
  title: 'Kelly bag black',
  maison: 'Maison Ardent',
  categoryPath: ['Bags'],
  materials: ['calfskin'],
  colours: ['black'],
  occasions: [],
  priceMinor: 950000,
  currency: 'EUR',
  collection: null,
  description: 'Structured top handle bag.',
  variantGroup: 'kelly',
};
const ring: ItemForReasoning = {
  ...kelly,
  id: 2,
  externalId: 'ring',
  title: 'Gold ring',
  maison: 'Orfevre',
  categoryPath: ['Jewellery'],
  materials: ['gold'],
  colours: [],
  description: 'Hammered band.',
  variantGroup: null,
};
const lexicon = Lexicon.forCatalog([kelly, ring]);
const client: ClientForReasoning = { id: 7, recentItems: [{ item: kelly, kind: 'purchase' }] };

function summary<O extends { features: readonly { phrase: string }[] }>(verdict: GateVerdict<O>) {
  return verdict.ok
    ? { ok: true, dropped: verdict.dropped }
    : { ok: false, reason: verdict.reason, detail: verdict.detail };
}

describe('the plausibility gate on hand-written answers', () => {
  it.each(answers.items.map((c) => [c.name, c] as const))('item: %s', (_, c) => {
    const verdict = gateItem(kelly, c.answer, lexicon);
    expect(summary(verdict)).toEqual(c.verdict);
    if (verdict.ok)
      expect(verdict.output.features.map((f) => f.phrase)).toEqual(
        c.answer.features.map((f) => f.phrase).filter((p) => !c.verdict.ok || !c.verdict.dropped.includes(p)),
      );
  });

  it.each(answers.clients.map((c) => [c.name, c] as const))('client: %s', (_, c) => {
    expect(summary(gateClient(client, c.answer, lexicon))).toEqual(c.verdict);
  });

  it('knows the catalog, the vocabulary and common words, and their endings, but not letters', () => {
    expect(phraseIsWords('Maison Ardent', lexicon)).toBe(true);
    expect(phraseIsWords('hammered gold', lexicon)).toBe(true);
    expect(phraseIsWords('art deco', lexicon)).toBe(true);
    expect(phraseIsWords('tailored evenings', lexicon)).toBe(true);
    expect(phraseIsWords('o e', lexicon)).toBe(false);
    expect(phraseIsWords('agslx', lexicon)).toBe(false);
    expect(phraseIsWords('18 %', lexicon)).toBe(false);
    expect(sentenceWordShare('Clients who love hammered gold rings', lexicon)).toBe(1);
    expect(sentenceWordShare('o wk r agslx nret2 m l e', lexicon)).toBe(0);
    expect(sentenceWordShare('Clients who love xqzt', lexicon)).toBe(0.75);
  });
});

describe('whether a run is usable, from its first answers', () => {
  const refused = (id: number) =>
    ({ subject: 'item', id, label: null, reason: 'not words', detail: 'not words: x' }) as const;

  it('stops at the fifth refusal among the first 20, not before, with the reasons counted', () => {
    const meter = new UsabilityMeter(480);
    const verdicts = [1, 2, 3, 4].map((id) => meter.record(refused(id)));
    for (let id = 5; id < 19; id++) verdicts.push(meter.record(null));
    expect(verdicts.every((v) => v === null)).toBe(true);
    expect(meter.record(refused(19))).toBe(
      "the model's output is not usable: 5 of its first 19 answers failed the plausibility gate (not words 5)",
    );
  });

  it('ignores refusals past the first 20 answers, and judges a small run on all of it', () => {
    const meter = new UsabilityMeter(100);
    for (let id = 0; id < 20; id++) expect(meter.record(id < 4 ? refused(id) : null)).toBeNull();
    for (let id = 20; id < 40; id++) expect(meter.record(refused(id))).toBeNull();
    expect(meter.notes).toHaveLength(20);

    const small = new UsabilityMeter(4);
    expect(small.record(null)).toBeNull();
    expect(small.record(refused(2))).toMatch(/^the model's output is not usable: 1 of its first 2 answers/);
  });
});
