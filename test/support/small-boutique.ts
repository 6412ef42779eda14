import {
  clientRecordSchema,
  interactionRecordSchema,
  itemRecordSchema,
  type ClientRecordInput,
  type InteractionRecordInput,
  type ItemRecordInput,
} from '../../core/domain/catalog.js';
import { CatalogWriter } from '../../core/db/catalog/store.js';
import {
  completeOptimizeRun,
  startOptimizeRun,
  writeClientRows,
  type ClientRunRows,
} from '../../core/db/runs/engine-store.js';
import type { Db } from '../../core/db/open.js';

/** A hand-made boutique for the engine's store and loader tests: five items, five clients. */
export const at = '2025-06-01T10:00:00.000Z';

// A boutique of five items and five clients; Zoé refused profiling.
export const items: ItemRecordInput[] = [
  {
    externalId: 'TOTE',
    title: 'Bond Street Tote',
    maison: 'Vautrin',
    categoryPath: ['Leather goods', 'Bags'],
  },
  {
    externalId: 'DRESS',
    title: 'Prairie Dress',
    maison: 'Solmare',
    categoryPath: ['Ready-to-wear', 'Dresses'],
  },
  { externalId: 'OUD', title: 'Nuit d’Oud 100 ml', maison: 'Ambre Nomade', categoryPath: ['Fragrance'] },
  { externalId: 'CHRONO', title: 'Reinach Chronograph', maison: 'Reinach', categoryPath: ['Watches'] },
  {
    externalId: 'CARD',
    title: 'Card Holder',
    maison: 'Vautrin',
    categoryPath: ['Leather goods', 'Small leather goods'],
  },
];
export const clients: ClientRecordInput[] = [
  { externalId: 'C1', name: 'Claire Dubois' },
  { externalId: 'C2', name: 'Ana Ruiz' },
  { externalId: 'C3', name: 'Zoé Martin', consentProfiling: false },
  { externalId: 'C4', name: 'James Hart' },
  { externalId: 'C5', name: 'Mei Tanaka' },
];
export const interactions: InteractionRecordInput[] = [
  { clientExternalId: 'C1', itemExternalId: 'TOTE', kind: 'purchase', occurredAt: '2025-03-01T10:00:00Z' },
  { clientExternalId: 'C1', itemExternalId: 'CARD', kind: 'purchase', occurredAt: '2025-04-01T10:00:00Z' },
  { clientExternalId: 'C1', itemExternalId: 'DRESS', kind: 'try-on', occurredAt: '2025-05-01T10:00:00Z' },
  { clientExternalId: 'C2', itemExternalId: 'TOTE', kind: 'purchase', occurredAt: '2025-02-01T10:00:00Z' },
  { clientExternalId: 'C2', itemExternalId: 'CHRONO', kind: 'purchase', occurredAt: '2025-02-03T10:00:00Z' },
  { clientExternalId: 'C3', itemExternalId: 'CHRONO', kind: 'purchase', occurredAt: '2025-01-01T10:00:00Z' },
  { clientExternalId: 'C4', itemExternalId: 'CHRONO', kind: 'wishlist', occurredAt: '2025-01-05T10:00:00Z' },
  { clientExternalId: 'C5', itemExternalId: 'CHRONO', kind: 'purchase', occurredAt: '2025-01-07T10:00:00Z' },
];

/** Writes the boutique; returns row ids by external id. */
export function seed(db: Db): Record<string, number> {
  const writer = new CatalogWriter(db, () => at);
  db.transaction(() => {
    for (const i of items) writer.upsertItem(itemRecordSchema.parse(i));
    for (const c of clients) writer.upsertClient(clientRecordSchema.parse(c));
    interactions.forEach((x, n) => writer.insertInteraction(interactionRecordSchema.parse(x), n));
  })();
  const ids: Record<string, number> = {};
  for (const i of items) ids[i.externalId] = writer.itemId(i.externalId)!;
  for (const c of clients) ids[c.externalId] = writer.clientId(c.externalId)!;
  return ids;
}

/** Hand-written rows of one optimize run over the small boutique (what an engine might store). */
export function runRows(id: Record<string, number>, scoreShift = 0): ClientRunRows[] {
  const n = (k: string): number => id[k]!;
  return [
    {
      clientId: n('C1'),
      interests: [
        {
          feature: 'structured leather',
          facet: 'material',
          weight: 1,
          evidenceItems: [n('TOTE'), n('CARD')],
        },
        { feature: 'bohemian', facet: 'style', weight: 0.4, evidenceItems: [n('DRESS')] },
      ],
      neighbours: [
        { neighbourId: n('C2'), similarity: 0.8 },
        { neighbourId: n('C4'), similarity: 0.3 },
      ],
      groupInterests: [
        {
          feature: 'chronograph',
          facet: 'craft',
          strength: 1,
          neighbourCount: 3,
          evidenceNeighbours: [n('C2'), n('C4'), n('C5')],
          evidenceItems: [n('CHRONO')],
        },
      ],
      recommendations: [
        {
          itemId: n('CHRONO'),
          score: 0.9 + scoreShift,
          reasons: [
            {
              source: 'group',
              feature: null,
              count: 3,
              items: [],
              clients: [n('C2'), n('C4'), n('C5')],
              share: 0.4,
              kinds: { purchase: 2, wishlist: 1 },
              bought: 2,
            },
            {
              source: 'group',
              feature: 'chronograph',
              facet: 'craft',
              count: 3,
              items: [],
              clients: [n('C2'), n('C4'), n('C5')],
              share: 0.2,
            },
            {
              source: 'sequence',
              feature: null,
              count: 4,
              items: [n('CARD')],
              clients: [],
              share: 0.3,
              kinds: { purchase: 1 },
              bought: 0,
              // The card holder is Claire's latest purchase.
              latest: true,
              anchorKind: 'purchase',
            },
            {
              source: 'popular',
              feature: null,
              count: 3,
              items: [],
              clients: [],
              share: 0.1,
              kinds: {},
              bought: 0,
            },
          ],
        },
        {
          itemId: n('TOTE'),
          score: 0.5,
          reasons: [
            {
              source: 'explicit',
              feature: 'structured leather',
              count: 2,
              items: [n('TOTE'), n('CARD')],
              clients: [],
              share: 1,
              kinds: { purchase: 2 },
              bought: 0,
            },
          ],
        },
      ],
    },
    {
      clientId: n('C2'),
      interests: [{ feature: 'chronograph', facet: 'craft', weight: 1, evidenceItems: [n('CHRONO')] }],
      neighbours: [{ neighbourId: n('C1'), similarity: 0.8 }],
      groupInterests: [
        {
          feature: 'bohemian',
          facet: 'style',
          strength: 0.7,
          neighbourCount: 1,
          evidenceNeighbours: [n('C1')],
          evidenceItems: [n('DRESS')],
        },
        {
          feature: 'chronograph',
          facet: 'craft',
          strength: 0.5,
          neighbourCount: 1,
          evidenceNeighbours: [n('C5')],
          evidenceItems: [n('CHRONO')],
        },
      ],
      recommendations: [
        {
          itemId: n('CHRONO'),
          score: 0.7,
          reasons: [
            {
              source: 'popular',
              feature: null,
              count: 3,
              items: [],
              clients: [],
              share: 1,
              kinds: {},
              bought: 0,
            },
          ],
        },
      ],
    },
    {
      clientId: n('C4'),
      interests: [{ feature: 'chronograph', facet: 'craft', weight: 1, evidenceItems: [n('CHRONO')] }],
      neighbours: [{ neighbourId: n('C1'), similarity: 0.3 }],
      groupInterests: [
        {
          feature: 'chronograph',
          facet: 'craft',
          strength: 0.9,
          neighbourCount: 1,
          evidenceNeighbours: [n('C5')],
          evidenceItems: [n('CHRONO')],
        },
        {
          feature: 'bohemian',
          facet: 'style',
          strength: 0.2,
          neighbourCount: 1,
          evidenceNeighbours: [n('C1')],
          evidenceItems: [n('DRESS')],
        },
      ],
      recommendations: [
        {
          itemId: n('CHRONO'),
          score: 0.8,
          reasons: [
            {
              source: 'popular',
              feature: null,
              count: 3,
              items: [],
              clients: [],
              share: 1,
              kinds: {},
              bought: 0,
            },
          ],
        },
      ],
    },
    { clientId: n('C3'), interests: [], neighbours: [], groupInterests: [], recommendations: [] },
  ];
}

/** A completed optimize run holding `runRows`. */
export function completedRun(db: Db, id: Record<string, number>, startedAt = at): number {
  const runId = startOptimizeRun(db, {
    reasoner: 'rules',
    model: null,
    promptVersion: 'rules-1',
    params: { neighbours: 2 },
    startedAt,
    progressTotal: 4,
  });
  writeClientRows(db, runId, runRows(id));
  completeOptimizeRun(db, runId, {
    metrics: { converged: true, iterations: [] },
    finishedAt: at,
    durationMs: 12,
  });
  return runId;
}
