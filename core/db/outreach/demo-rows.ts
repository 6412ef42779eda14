import type { Db } from '../open.js';
import type { ContactChannel } from '../../domain/outreach.js';
import type { ReasonSource } from '../../domain/recommendations.js';

/** What core/demo/outreach.ts makes for the demo boutique. */
export interface DemoDate {
  readonly clientExternalId: string;
  readonly label: string;
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
}

export interface DemoContact {
  readonly clientExternalId: string;
  readonly associate: string;
  readonly store: string | null;
  readonly channel: ContactChannel;
  readonly contactedAt: string;
  /** The pieces sent, with the engine's reason that put each there. */
  readonly pieces: readonly { readonly itemExternalId: string; readonly source: ReasonSource }[];
}

export interface DemoOutreach {
  readonly dates: DemoDate[];
  readonly contacts: DemoContact[];
  /** Pieces whose price dropped: the price before, and when (the record carries the new price). */
  readonly priceDrops: {
    readonly itemExternalId: string;
    readonly previousPriceMinor: number;
    readonly at: string;
  }[];
  /** Pieces back in stock, and when. */
  readonly backInStock: { readonly itemExternalId: string; readonly at: string }[];
}

/**
 * Writes the demo boutique's outreach (core/demo/outreach.ts) after its catalogue and book: the dates, the
 * price drops and returns (straight to the columns the triggers keep, since the record already carries the new
 * price), and the contacts with the pieces frozen as sent. Seeding again writes nothing twice. Returns the rows
 * written.
 */
export function writeDemoOutreach(db: Db, outreach: DemoOutreach): number {
  let written = 0;
  const date = db.prepare(
    `INSERT INTO client_dates (client_id, label, month, day, year)
     SELECT id, ?, ?, ?, ? FROM clients WHERE external_id = ? ON CONFLICT DO NOTHING`,
  );
  for (const d of outreach.dates)
    written += date.run(d.label, d.month, d.day, d.year, d.clientExternalId).changes;
  const drop = db.prepare(
    `UPDATE items SET previous_price_minor = ?, price_dropped_at = ?
     WHERE external_id = ? AND price_dropped_at IS NULL AND price_minor < ?`,
  );
  for (const d of outreach.priceDrops)
    written += drop.run(d.previousPriceMinor, d.at, d.itemExternalId, d.previousPriceMinor).changes;
  const back = db.prepare(
    'UPDATE items SET back_at = ? WHERE external_id = ? AND back_at IS NULL AND available = 1',
  );
  for (const b of outreach.backInStock) written += back.run(b.at, b.itemExternalId).changes;
  const contact = db.prepare(
    `INSERT INTO contacts (client_id, associate_id, associate, store, channel, message, contacted_at)
     SELECT c.id, (SELECT a.id FROM associates a WHERE a.name = @associate), @associate, @store, @channel, '', @at
     FROM clients c WHERE c.external_id = @client
       AND NOT EXISTS (SELECT 1 FROM contacts k WHERE k.client_id = c.id AND k.contacted_at = @at)
     RETURNING id`,
  );
  const piece = db.prepare(
    `INSERT INTO contact_items (contact_id, position, item_id, item_external_id, title, variant_group, price_minor,
       currency, reason_source)
     SELECT ?, ?, id, external_id, title, variant_group, price_minor, currency, ? FROM items WHERE external_id = ?`,
  );
  for (const k of outreach.contacts) {
    const row = contact.get({
      associate: k.associate,
      store: k.store,
      channel: k.channel,
      at: k.contactedAt,
      client: k.clientExternalId,
    }) as { id: number } | undefined;
    if (!row) continue;
    written++;
    k.pieces.forEach((p, position) => piece.run(row.id, position, p.source, p.itemExternalId));
  }
  return written;
}
