import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../core/db/open.js';
import { CatalogWriter } from '../../core/db/catalog/store.js';
import {
  clientRecordSchema,
  interactionRecordSchema,
  itemRecordSchema,
  type ClientRecordInput,
  type InteractionRecordInput,
  type ItemRecordInput,
} from '../../core/domain/catalog.js';
import { fixture } from './paths.js';

/**
 * A small hand-made boutique for the selection, export and client-book tests: accents, a comma and quotes in
 * a title, JPY and a missing price, every kind of image (JPEG data URI, PNG file, SVG, remote URL, none),
 * and clients whose lifetime values are worked out by hand below.
 */
export const fixturesDir = fixture('export');
export const fixedNow = '2026-03-14T10:30:00.000Z';

const jpeg = `data:image/jpeg;base64,${readFileSync(join(fixturesDir, 'scarf.jpg')).toString('base64')}`;
const svg =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#fbf7f0"/>' +
      '<circle cx="50" cy="50" r="30" fill="#7a4e3b"/></svg>',
  );

export const items: ItemRecordInput[] = [
  {
    externalId: 'SKU-SCARF',
    title: 'Carré en soie « Brides de Gala »',
    maison: 'Hermès',
    categoryPath: ['Accessories', 'Silk scarves'],
    priceMinor: 45_000,
    currency: 'EUR',
    image: jpeg,
    colours: ['navy', 'gold'],
  },
  {
    externalId: 'SKU-TOTE',
    title: 'Tote "Le Grand", cuir grainé',
    maison: 'Maison Margiela',
    categoryPath: ['Bags', 'Totes'],
    priceMinor: 189_000,
    currency: 'EUR',
    image: 'tote.png',
  },
  {
    externalId: 'SKU-WATCH',
    title: 'Montre Tank Louis',
    maison: 'Cartier',
    categoryPath: ['Watches'],
    priceMinor: 1_250_000,
    currency: 'JPY',
    image: 'https://images.example.com/tank.jpg',
  },
  {
    externalId: 'SKU-RING',
    title: 'Bague Quatre',
    maison: 'Van Cleef & Arpels',
    categoryPath: ['Jewellery', 'Rings'],
    priceMinor: null,
    currency: null,
    image: svg,
  },
  {
    externalId: 'SKU-SHOE',
    title: 'Escarpins',
    maison: null,
    categoryPath: ['Shoes'],
    priceMinor: 79_000,
    currency: 'EUR',
  },
  {
    externalId: 'SKU-BELT',
    title: 'Ceinture H',
    maison: 'Hermès',
    categoryPath: ['Accessories', 'Belts'],
    priceMinor: 65_000,
    currency: 'EUR',
  },
];

export const clients: ClientRecordInput[] = [
  {
    externalId: 'C-1',
    name: 'Camille Moreau',
    email: 'camille.moreau@example.fr',
    phone: '+33 6 12 34 56 78',
    tier: 'Platinum',
    store: 'Paris Faubourg',
    associate: 'Léa Martin',
    sizes: { ring: '52', shoe: '38' },
    tags: ['vip', 'silk'],
    consentMarketing: true,
    createdAt: '2024-01-10T09:00:00.000Z',
  },
  {
    externalId: 'C-2',
    name: 'Mme Hélène Dubois',
    email: 'h.dubois@example.fr',
    tier: 'Gold',
    store: 'Paris Faubourg',
    associate: 'Léa Martin',
    tags: ['watches'],
    consentMarketing: false,
    createdAt: '2024-02-01T09:00:00.000Z',
  },
  {
    externalId: 'C-3',
    name: 'Kenji Sato',
    phone: '090-1234-5678',
    tier: 'Silver',
    store: 'Tokyo Ginza',
    associate: 'Yui Tanaka',
    consentMarketing: true,
    createdAt: '2024-03-01T09:00:00.000Z',
  },
  {
    externalId: 'C-4',
    name: 'Ana Souza',
    store: 'London Sloane',
    consentProfiling: false,
    createdAt: '2024-04-01T09:00:00.000Z',
  },
  {
    externalId: 'C-5',
    name: 'Zoë Ångström',
    email: 'zoe@example.se',
    tier: 'Gold',
    store: 'London Sloane',
    associate: 'Oliver Grey',
    tags: ['vip'],
    consentMarketing: true,
    createdAt: '2024-05-01T09:00:00.000Z',
  },
];

export const interactions: InteractionRecordInput[] = [
  // Camille: 45 000 + 189 000 − 189 000 + 2 × 65 000 (no amount: the catalogue price stands in) = 175 000 EUR.
  {
    clientExternalId: 'C-1',
    itemExternalId: 'SKU-SCARF',
    kind: 'purchase',
    amountMinor: 45_000,
    currency: 'EUR',
    occurredAt: '2025-03-01T11:00:00Z',
    channel: 'store',
  },
  {
    clientExternalId: 'C-1',
    itemExternalId: 'SKU-TOTE',
    kind: 'purchase',
    amountMinor: 189_000,
    currency: 'EUR',
    occurredAt: '2025-05-10T15:00:00Z',
  },
  {
    clientExternalId: 'C-1',
    itemExternalId: 'SKU-TOTE',
    kind: 'return',
    amountMinor: 189_000,
    currency: 'EUR',
    occurredAt: '2025-05-20T10:00:00Z',
  },
  {
    clientExternalId: 'C-1',
    itemExternalId: 'SKU-BELT',
    kind: 'purchase',
    quantity: 2,
    occurredAt: '2025-06-01T10:00:00Z',
  },
  {
    clientExternalId: 'C-1',
    itemExternalId: 'SKU-WATCH',
    kind: 'try-on',
    occurredAt: '2025-06-15T16:00:00Z',
  },
  {
    clientExternalId: 'C-1',
    itemExternalId: 'SKU-RING',
    kind: 'wishlist',
    occurredAt: '2025-07-01T08:00:00Z',
    channel: 'app',
  },
  {
    clientExternalId: 'C-1',
    itemExternalId: 'SKU-SHOE',
    kind: 'view',
    occurredAt: '2025-08-15T20:00:00Z',
    channel: 'web',
  },
  // Hélène: two currencies, 1 250 000 JPY and 45 000 EUR.
  {
    clientExternalId: 'C-2',
    itemExternalId: 'SKU-WATCH',
    kind: 'purchase',
    amountMinor: 1_250_000,
    currency: 'JPY',
    occurredAt: '2024-11-02T03:00:00Z',
  },
  {
    clientExternalId: 'C-2',
    itemExternalId: 'SKU-SCARF',
    kind: 'purchase',
    amountMinor: 45_000,
    currency: 'EUR',
    occurredAt: '2025-01-02T12:00:00Z',
  },
  // Kenji only looked.
  { clientExternalId: 'C-3', itemExternalId: 'SKU-RING', kind: 'view', occurredAt: '2025-09-01T02:00:00Z' },
  // Zoë bought and returned (the POS wrote the refund as a negative amount): 0 EUR.
  {
    clientExternalId: 'C-5',
    itemExternalId: 'SKU-SHOE',
    kind: 'purchase',
    amountMinor: 79_000,
    currency: 'EUR',
    occurredAt: '2025-02-14T10:00:00Z',
  },
  {
    clientExternalId: 'C-5',
    itemExternalId: 'SKU-SHOE',
    kind: 'return',
    amountMinor: -79_000,
    currency: 'EUR',
    occurredAt: '2025-02-20T10:00:00Z',
  },
];

export interface Boutique {
  readonly db: Db;
  /** Database ids by external id. */
  readonly item: (externalId: string) => number;
  readonly client: (externalId: string) => number;
}

/** Opens `file` (created and migrated) and writes the boutique in one transaction. */
export function makeBoutique(file: string): Boutique {
  const db = openDatabase(file);
  const writer = new CatalogWriter(db, () => '2026-01-01T00:00:00.000Z');
  db.transaction(() => {
    for (const i of items) writer.upsertItem(itemRecordSchema.parse(i));
    for (const c of clients) writer.upsertClient(clientRecordSchema.parse(c));
    interactions.forEach((x, index) => {
      const result = writer.insertInteraction(interactionRecordSchema.parse(x), index);
      if (result !== true)
        throw new Error(`fixture interaction ${index} not written: ${JSON.stringify(result)}`);
    });
    writer.insertNote({
      clientExternalId: 'C-1',
      body: 'Prefers silk in navy.',
      author: 'Léa Martin',
      createdAt: '2025-03-01T11:30:00Z',
    });
    writer.insertNote({
      clientExternalId: 'C-1',
      body: 'Birthday in June.',
      author: null,
      createdAt: '2025-05-01T09:00:00Z',
    });
  })();
  const id = (kind: 'item' | 'client') => (externalId: string) => {
    const found = kind === 'item' ? writer.itemId(externalId) : writer.clientId(externalId);
    if (found === undefined) throw new Error(`no fixture ${kind} ${externalId}`);
    return found;
  };
  return { db, item: id('item'), client: id('client') };
}
