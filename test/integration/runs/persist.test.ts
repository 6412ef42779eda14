import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  completeOptimizeRun,
  startOptimizeRun,
  writeClientRows,
} from '../../../core/db/runs/engine-store.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { loadEngineInput, type LoadedBoutique } from '../../../core/runs/load.js';
import { RunRowBuilder } from '../../../core/runs/persist.js';
import { clientInterests, clientRecommendations } from '../../../core/runs/read.js';
import { defaultEngineParams, type EngineResult, type Recommendation } from '../../../core/engine/types.js';
import { at, seed } from '../../support/small-boutique.js';

let dir: string;
let db: Db;
let id: Record<string, number>;
let loaded: LoadedBoutique;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-engine-persist-'));
  db = openDatabase(join(dir, 'b.db'));
  id = seed(db);
  loaded = loadEngineInput(db, { reasoner: 'rules', now: new Date(at) });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

// Compact ids of the small boutique: clients C1..C5 are 0..4 (C3, Zoé, refused profiling); items TOTE 0,
// DRESS 1, OUD 2, CHRONO 3, CARD 4.
const [claire, ana, zoe, james, mei] = [0, 1, 2, 3, 4];
const [tote, , oud, chrono, card] = [0, 1, 2, 3, 4];

/**
 * An engine result written out by hand, as careless as an engine could be: it names Zoé as a neighbour and as
 * evidence, and has interests and recommendations for her. What gets stored must not.
 */
function handWrittenResult(feature: (phrase: string) => number): EngineResult {
  const recommendations: Recommendation[] = [
    {
      item: chrono,
      score: 0.9,
      reasons: [
        { source: 'group', feature: null, count: 3, items: [], clients: [ana, zoe, mei], share: 0.7 },
        {
          source: 'sequence',
          feature: null,
          count: 2,
          items: [card],
          clients: [],
          share: 0.3,
          latest: true,
          anchorKind: 'purchase',
        },
      ],
    },
    {
      item: oud,
      score: 0.4,
      reasons: [
        { source: 'explicit', feature: feature('bag'), count: 2, items: [tote, card], clients: [], share: 1 },
      ],
    },
  ];
  return {
    params: defaultEngineParams,
    clientCount: 5,
    itemCount: 5,
    featureCount: loaded.input.featureNames.length,
    iterations: [],
    converged: true,
    durationMs: 1,
    explicitInterests: (c) =>
      c === claire || c === zoe ? [{ feature: feature('bag'), weight: 1, evidenceItems: [tote, card] }] : [],
    neighboursOf: (c) =>
      c === claire || c === zoe
        ? [
            { client: ana, similarity: 0.8 },
            { client: zoe, similarity: 0.7 },
            { client: james, similarity: 0.3 },
          ]
        : [],
    groupInterests: (c) =>
      c === claire || c === zoe
        ? [
            { feature: feature('watch'), strength: 1, neighbours: [ana, zoe, mei], items: [chrono] },
            { feature: feature('dress'), strength: 0.5, neighbours: [zoe], items: [1] },
          ]
        : [],
    recommend: (c, n) => (c === claire || c === zoe ? recommendations.slice(0, n) : []),
  };
}

describe('RunRowBuilder', () => {
  it('maps compact ids to row ids, computes the reason facts and enforces consent again', () => {
    const feature = (phrase: string): number => {
      const f = loaded.input.featureNames.indexOf(phrase);
      expect(f, `${phrase} is a feature`).not.toBe(-1);
      return f;
    };
    const builder = new RunRowBuilder(loaded, handWrittenResult(feature));
    const rows = builder.rowsFor(claire);
    expect(rows).toEqual({
      clientId: id['C1'],
      interests: [{ feature: 'bag', facet: 'category', weight: 1, evidenceItems: [id['TOTE'], id['CARD']] }],
      neighbours: [
        { neighbourId: id['C2'], similarity: 0.8 },
        { neighbourId: id['C4'], similarity: 0.3 },
      ],
      // The interest only Zoé evidenced is gone; the other keeps Ana and Mei.
      groupInterests: [
        {
          feature: 'watch',
          facet: 'category',
          strength: 1,
          neighbourCount: 2,
          evidenceNeighbours: [id['C2'], id['C5']],
          evidenceItems: [id['CHRONO']],
        },
      ],
      recommendations: [
        {
          itemId: id['CHRONO'],
          score: 0.9,
          reasons: [
            {
              source: 'group',
              feature: null,
              facet: null,
              count: 2,
              items: [],
              clients: [id['C2'], id['C5']],
              share: 0.7,
              kinds: { purchase: 2 },
              bought: 2,
            },
            {
              source: 'sequence',
              feature: null,
              facet: null,
              count: 2,
              items: [id['CARD']],
              clients: [],
              share: 0.3,
              kinds: { purchase: 1 },
              bought: 0,
              latest: true,
              anchorKind: 'purchase',
            },
          ],
        },
        {
          itemId: id['OUD'],
          score: 0.4,
          reasons: [
            {
              source: 'explicit',
              feature: 'bag',
              facet: 'category',
              count: 2,
              items: [id['TOTE'], id['CARD']],
              clients: [],
              share: 1,
              kinds: { purchase: 2 },
              bought: 0,
            },
          ],
        },
      ],
    });
    expect(builder.rowsFor(zoe)).toEqual({
      clientId: id['C3'],
      interests: [],
      neighbours: [],
      groupInterests: [],
      recommendations: [],
    });

    // Stored and read back, the facts become the boutique's sentences.
    const runId = startOptimizeRun(db, {
      reasoner: 'rules',
      model: null,
      promptVersion: 'rules-1',
      params: {},
      startedAt: at,
      progressTotal: 5,
    });
    writeClientRows(
      db,
      runId,
      [0, 1, 2, 3, 4].map((c) => builder.rowsFor(c)),
    );
    completeOptimizeRun(db, runId, { metrics: {}, finishedAt: at, durationMs: 1 });
    expect(clientRecommendations(db, id['C1']!)!.items.map((r) => r.reasons.map((x) => x.text))).toEqual([
      ['2 clients with similar taste bought it', 'often follows the Card Holder Claire bought last'],
      ['Claire’s interest in bags, from 2 purchases'],
    ]);
    expect(clientInterests(db, id['C3']!)).toMatchObject({
      profilingAllowed: false,
      explicit: [],
      group: [],
    });
    expect(
      db.prepare('SELECT count(*) FROM client_interests WHERE client_id = ?').pluck().get(id['C3']),
    ).toBe(0);
  });
});
