import {
  clientRecordSchema,
  interactionRecordSchema,
  itemRecordSchema,
  type ClientRecordInput,
  type InteractionRecordInput,
  type ItemRecordInput,
} from '../../../core/domain/catalog.js';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import type { Db } from '../../../core/db/open.js';
import {
  completeOptimizeRun,
  startOptimizeRun,
  writeClientRows,
  type ClientRunRows,
} from '../../../core/db/runs/engine-store.js';
import { setClientDate } from '../../../core/db/outreach/dates.js';
import { featuresOfItems } from '../../../core/runs/item-features.js';

/**
 * A hand-made boutique for Today and attribution, on Tuesday 10 March 2026 in Paris: each client is there for
 * one reason (or none), so the expected list is exact. Céline Marchand (Paris) holds every client but Julie,
 * who is Marc Conti's, in Milano.
 */
export const now = '2026-03-10T08:00:00.000Z';
export const timeZone = 'Europe/Paris';
const old = '2025-01-01T00:00:00.000Z';

export const items: ItemRecordInput[] = [
  {
    externalId: 'TOTE',
    title: 'Bond Street Tote',
    maison: 'Vautrin',
    categoryPath: ['Leather goods', 'Bags'],
    priceMinor: 320000,
    currency: 'EUR',
    variantGroup: 'TOTE-G',
    createdAt: old,
  },
  {
    externalId: 'DRESS',
    title: 'Prairie Dress',
    maison: 'Solmare',
    categoryPath: ['Ready-to-wear', 'Dresses'],
    priceMinor: 180000,
    currency: 'EUR',
    createdAt: old,
  },
  {
    externalId: 'CHRONO',
    title: 'Reinach Chronograph',
    maison: 'Reinach',
    categoryPath: ['Watches'],
    priceMinor: 1000000,
    currency: 'EUR',
    createdAt: old,
  },
  {
    externalId: 'CARD',
    title: 'Card Holder',
    maison: 'Vautrin',
    categoryPath: ['Leather goods', 'Small leather goods'],
    priceMinor: 45000,
    currency: 'EUR',
    createdAt: old,
  },
  // Two arrivals of 5 March: a cashmere coat, and the tote in another colour (a variant of Alice's).
  {
    externalId: 'NEW1',
    title: 'Vessel Cocoon Coat',
    maison: 'Atelier Nox',
    categoryPath: ['Ready-to-wear', 'Coats'],
    materials: ['cashmere'],
    colours: ['camel'],
    priceMinor: 420000,
    currency: 'EUR',
    createdAt: '2026-03-05T09:00:00.000Z',
  },
  {
    externalId: 'NEW2',
    title: 'Bond Street Tote — Green',
    maison: 'Vautrin',
    categoryPath: ['Leather goods', 'Bags'],
    colours: ['green'],
    priceMinor: 320000,
    currency: 'EUR',
    variantGroup: 'TOTE-G',
    createdAt: '2026-03-05T09:00:00.000Z',
  },
];

const paris = { store: 'Paris', associate: 'Céline Marchand', consentMarketing: true };
export const clients: ClientRecordInput[] = [
  { externalId: 'A', name: 'Alice Martin', ...paris },
  { externalId: 'B', name: 'Béatrice Roy', ...paris },
  { externalId: 'C', name: 'Chloé Petit', ...paris },
  { externalId: 'D', name: 'Diane Noir', ...paris },
  { externalId: 'E', name: 'Emma Blanc', ...paris, consentMarketing: false },
  { externalId: 'F', name: 'Fanny Gris', ...paris, consentProfiling: false },
  { externalId: 'G', name: 'Gaëlle Vert', ...paris },
  { externalId: 'H', name: 'Hélène Bleu', ...paris, tier: 'VIP' },
  { externalId: 'I', name: 'Inès Rose', ...paris },
  { externalId: 'J', name: 'Julie Conti', store: 'Milano', associate: 'Marc Conti', consentMarketing: true },
];

export const interactions: InteractionRecordInput[] = [
  { clientExternalId: 'A', itemExternalId: 'TOTE', kind: 'purchase', occurredAt: '2026-03-08T10:00:00Z' },
  { clientExternalId: 'B', itemExternalId: 'DRESS', kind: 'try-on', occurredAt: '2026-03-01T15:00:00+01:00' },
  { clientExternalId: 'D', itemExternalId: 'CHRONO', kind: 'wishlist', occurredAt: '2026-01-15T10:00:00Z' },
  { clientExternalId: 'E', itemExternalId: 'CHRONO', kind: 'wishlist', occurredAt: '2026-01-16T10:00:00Z' },
  { clientExternalId: 'F', itemExternalId: 'CHRONO', kind: 'wishlist', occurredAt: '2026-01-17T10:00:00Z' },
  { clientExternalId: 'H', itemExternalId: 'CARD', kind: 'purchase', occurredAt: '2025-10-01T10:00:00Z' },
];

/** Writes the boutique and its run; returns row ids by external id and the run's id. */
export function seedToday(db: Db): { id: Record<string, number>; runId: number } {
  const writer = new CatalogWriter(db, () => old);
  db.transaction(() => {
    for (const i of items) writer.upsertItem(itemRecordSchema.parse(i));
    for (const c of clients) writer.upsertClient(clientRecordSchema.parse(c));
    interactions.forEach((x, n) => writer.insertInteraction(interactionRecordSchema.parse(x), n));
  })();
  const id: Record<string, number> = {};
  for (const i of items) id[i.externalId] = writer.itemId(i.externalId)!;
  for (const c of clients) id[c.externalId] = writer.clientId(c.externalId)!;
  // The chronograph's price dropped on 5 March.
  db.prepare(
    `UPDATE items SET price_minor = 800000, updated_at = '2026-03-05T09:00:00.000Z' WHERE id = ?`,
  ).run(id.CHRONO);
  setClientDate(db, id.C!, { label: 'Birthday', month: 3, day: 13 });
  setClientDate(db, id.E!, { label: 'Birthday', month: 3, day: 11, year: 1980 });
  setClientDate(db, id.F!, { label: 'Wedding anniversary', month: 3, day: 20 });
  setClientDate(db, id.J!, { label: 'Birthday', month: 3, day: 11 });
  setClientDate(db, id.G!, { label: 'Birthday', month: 9, day: 1 });

  // The run: Gaëlle loves everything the coat is, Inès half as much, Alice everything the green tote is.
  const features = featuresOfItems(db, [id.NEW1!, id.NEW2!], 'rules');
  const on = (itemId: number, weight: number) =>
    features.get(itemId)!.map((f) => ({ feature: f.phrase, facet: f.facet, weight, evidenceItems: [] }));
  const rows = (clientId: number, interests: ClientRunRows['interests']): ClientRunRows => ({
    clientId,
    interests,
    neighbours: [],
    groupInterests: [],
    recommendations: [],
  });
  const runId = startOptimizeRun(db, {
    reasoner: 'rules',
    model: null,
    promptVersion: 'rules-1',
    params: {},
    startedAt: old,
    progressTotal: 4,
  });
  writeClientRows(db, runId, [
    {
      ...rows(id.A!, on(id.NEW2!, 1)),
      recommendations: [
        {
          itemId: id.CARD!,
          score: 0.9,
          reasons: [
            { source: 'explicit', feature: 'leather', count: 1, items: [id.TOTE!], clients: [], share: 1 },
          ],
        },
      ],
    },
    rows(id.G!, on(id.NEW1!, 1)),
    rows(id.I!, on(id.NEW1!, 0.5)),
    // Fanny refused profiling: whatever a run holds for her, Today never matches her.
    rows(id.F!, on(id.NEW1!, 1)),
  ]);
  completeOptimizeRun(db, runId, { metrics: {}, finishedAt: old, durationMs: 1 });
  return { id, runId };
}
