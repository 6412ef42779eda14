import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { listAssociates } from '../../../core/db/outreach/associates.js';
import { outreachSettings } from '../../../core/db/outreach/settings.js';
import { SelectionStore } from '../../../core/db/selections/store.js';
import { interactionRecordSchema, type InteractionRecordInput } from '../../../core/domain/catalog.js';
import { attribution } from '../../../core/outreach/attribution.js';
import { markContacted } from '../../../core/outreach/contacts.js';
import { seedToday } from './boutique.js';

let folder: string;
let db: Db;
let id: Record<string, number>;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-attribution-'));
  db = openDatabase(join(folder, 'attribution.db'));
  ({ id } = seedToday(db));
});

afterEach(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

const associate = (name: string) => listAssociates(db).find((a) => a.name === name)!;

/** Sends a selection of `pieces` to a client at `at`. */
function send(client: string, pieces: string[], by: string, at: string): void {
  const selection = new SelectionStore(db, fixedClock(at)).create({
    title: `For ${client}`,
    clientId: id[client]!,
    itemIds: pieces.map((p) => id[p]!),
  });
  markContacted(
    db,
    {
      clientId: id[client]!,
      associate: associate(by),
      channel: 'email',
      selectionId: selection.id,
      message: 'Hello',
    },
    outreachSettings(db),
    at,
  );
}

function record(rows: InteractionRecordInput[]): void {
  const writer = new CatalogWriter(db, () => '2026-03-09T00:00:00.000Z');
  db.transaction(() =>
    rows.forEach((r, n) => writer.insertInteraction(interactionRecordSchema.parse(r), n)),
  )();
}

const purchase = (client: string, item: string, occurredAt: string): InteractionRecordInput => ({
  clientExternalId: client,
  itemExternalId: item,
  kind: 'purchase',
  occurredAt,
});

describe('attribution', () => {
  beforeEach(() => {
    send('A', ['CARD'], 'Céline Marchand', '2026-02-20T09:00:00.000Z');
    send('G', ['TOTE'], 'Céline Marchand', '2026-03-01T10:00:00.000Z');
    send('G', ['TOTE', 'CARD'], 'Marc Conti', '2026-03-01T12:00:00.000Z');
    send('I', ['DRESS'], 'Céline Marchand', '2026-02-01T10:00:00.000Z');
    record([
      // Exactly 14 days after the contact: the window's edge is in.
      purchase('A', 'CARD', '2026-03-06T09:00:00Z'),
      // Another colour of the tote sent, in Paris time: 09:00 UTC, after both contacts; the latest is credited.
      purchase('G', 'NEW2', '2026-03-02T10:00:00+01:00'),
      // A millisecond past the window.
      purchase('I', 'DRESS', '2026-02-15T10:00:00.001Z'),
      // Bought without a contact.
      purchase('I', 'CHRONO', '2026-02-20T10:00:00Z'),
    ]);
  });

  it('credits a purchase of a piece sent, or of its variant group, within the window, to who sent it', () => {
    const view = attribution(db, { since: null, windowDays: 14 });
    expect(view.totals).toEqual({
      contacts: 4,
      selectionsSent: 4,
      selectionsWithPurchase: 2,
      share: 0.5,
      influencedPurchases: 2,
      revenue: [{ currency: 'EUR', amountMinor: 45_000 + 320_000 }],
      // The card holder was the engine's pick for Alice (an explicit interest); the tote, Marc's own.
      bySource: { explicit: 1, group: 0, sequence: 0, popular: 0, associate: 1 },
    });
    expect(view.byAssociate.map((a) => [a.associate, a.store, a.contacts, a.influencedPurchases])).toEqual([
      ['Céline Marchand', 'Paris', 3, 1],
      ['Marc Conti', 'Milano', 1, 1],
    ]);
    expect(view.byStore.map((s) => [s.store, s.contacts, s.selectionsWithPurchase, s.share])).toEqual([
      ['Milano', 1, 1, 1],
      ['Paris', 3, 1, 0.333],
    ]);
    expect(
      view.recent.map((p) => [p.clientName, p.title, p.associate, p.source, p.samePiece, p.purchasedAt]),
    ).toEqual([
      ['Alice Martin', 'Card Holder', 'Céline Marchand', 'explicit', true, '2026-03-06T09:00:00.000Z'],
      [
        'Gaëlle Vert',
        'Bond Street Tote — Green',
        'Marc Conti',
        'associate',
        false,
        '2026-03-02T09:00:00.000Z',
      ],
    ]);
  });

  it('takes a shorter window and a start date, and leaves a returned purchase out', () => {
    expect(attribution(db, { since: null, windowDays: 13 }).totals.influencedPurchases).toBe(1);
    const since = attribution(db, { since: '2026-03-01T11:00:00.000Z', windowDays: 14 });
    expect([since.totals.contacts, since.totals.influencedPurchases]).toEqual([1, 2]);
    record([{ ...purchase('A', 'CARD', '2026-03-08T09:00:00Z'), kind: 'return' }]);
    expect(attribution(db, { since: null, windowDays: 14 }).recent.map((p) => p.clientName)).toEqual([
      'Gaëlle Vert',
    ]);
  });
});
