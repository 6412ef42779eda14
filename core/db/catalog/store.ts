import type { Db } from '../open.js';
import type { ClientRecord, InteractionRecord, ItemRecord, NoteRecord } from '../../domain/catalog.js';
import { encodeCategoryPath } from '../../domain/category-path.js';

/** A reference in an interaction to a client or item the database does not hold. */
export interface UnknownReference {
  readonly index: number;
  readonly field: 'clientExternalId' | 'itemExternalId';
  readonly value: string;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const json = (v: unknown): string => JSON.stringify(v);

/**
 * Bulk writers. They never open a transaction of their own: the caller (an import, the demo
 * generator) wraps all of its writes in one, so a failure leaves the database as it was.
 * Upserts are keyed by external id and leave a row untouched (no new updated_at) when nothing changed,
 * so re-importing the same file changes nothing.
 */
export class CatalogWriter {
  private readonly upsertItemStmt;
  private readonly upsertClientStmt;
  private readonly insertInteractionStmt;
  private readonly insertNoteStmt;
  private readonly clientIdStmt;
  private readonly itemIdStmt;
  private readonly clientIds = new Map<string, number>();
  private readonly itemIds = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly now: () => string,
  ) {
    this.upsertItemStmt = db.prepare(`
      INSERT INTO items (external_id, title, maison, category_path, materials, colours, occasions, price_minor,
        currency, collection, description, image, variant_group, available, created_at, updated_at)
      VALUES (@externalId, @title, @maison, @categoryPath, @materials, @colours, @occasions, @priceMinor,
        @currency, @collection, @description, @image, @variantGroup, @available, coalesce(@createdAt, @now), @now)
      ON CONFLICT (external_id) DO UPDATE SET
        title = excluded.title, maison = excluded.maison, category_path = excluded.category_path,
        materials = excluded.materials, colours = excluded.colours, occasions = excluded.occasions,
        price_minor = excluded.price_minor, currency = excluded.currency, collection = excluded.collection,
        description = excluded.description, image = excluded.image, variant_group = excluded.variant_group,
        available = excluded.available, updated_at = excluded.updated_at
      WHERE (title, maison, category_path, materials, colours, occasions, price_minor, currency, collection,
        description, image, variant_group, available) IS NOT (excluded.title, excluded.maison,
        excluded.category_path, excluded.materials, excluded.colours, excluded.occasions, excluded.price_minor,
        excluded.currency, excluded.collection, excluded.description, excluded.image, excluded.variant_group,
        excluded.available)
      RETURNING id`);
    this.upsertClientStmt = db.prepare(`
      INSERT INTO clients (external_id, name, email, phone, tier, store, associate, sizes, preferences, tags,
        consent_profiling, consent_marketing, language, salutation, created_at, updated_at)
      VALUES (@externalId, @name, @email, @phone, @tier, @store, @associate, @sizes, @preferences, @tags,
        @consentProfiling, @consentMarketing, @language, @salutation, @createdAt, @now)
      ON CONFLICT (external_id) DO UPDATE SET
        name = excluded.name, email = excluded.email, phone = excluded.phone, tier = excluded.tier,
        store = excluded.store, associate = excluded.associate, sizes = excluded.sizes,
        preferences = excluded.preferences, tags = excluded.tags, consent_profiling = excluded.consent_profiling,
        consent_marketing = excluded.consent_marketing, language = excluded.language,
        salutation = excluded.salutation, updated_at = excluded.updated_at
      WHERE (name, email, phone, tier, store, associate, sizes, preferences, tags, consent_profiling,
        consent_marketing, language, salutation) IS NOT (excluded.name, excluded.email, excluded.phone,
        excluded.tier, excluded.store, excluded.associate, excluded.sizes, excluded.preferences, excluded.tags,
        excluded.consent_profiling, excluded.consent_marketing, excluded.language, excluded.salutation)
      RETURNING id`);
    this.insertInteractionStmt = db.prepare(`
      INSERT INTO interactions (client_id, item_id, kind, quantity, amount_minor, currency, occurred_at, channel)
      VALUES (@clientId, @itemId, @kind, @quantity, @amountMinor, @currency, @occurredAt, @channel)
      ON CONFLICT (client_id, item_id, kind, occurred_at) DO UPDATE SET
        quantity = excluded.quantity, amount_minor = excluded.amount_minor, currency = excluded.currency,
        channel = excluded.channel
      WHERE (quantity, amount_minor, currency, channel) IS NOT
        (excluded.quantity, excluded.amount_minor, excluded.currency, excluded.channel)
      RETURNING id`);
    this.insertNoteStmt = db.prepare(`
      INSERT INTO notes (client_id, body, author, created_at)
      SELECT @clientId, @body, @author, @createdAt
      WHERE NOT EXISTS (SELECT 1 FROM notes WHERE client_id = @clientId AND body = @body AND created_at = @createdAt)`);
    this.clientIdStmt = db.prepare('SELECT id FROM clients WHERE external_id = ?').pluck();
    this.itemIdStmt = db.prepare('SELECT id FROM items WHERE external_id = ?').pluck();
  }

  /** Returns whether the row was written (inserted or changed). */
  upsertItem(item: ItemRecord): boolean {
    const now = this.now();
    const row = this.upsertItemStmt.get({
      ...item,
      categoryPath: encodeCategoryPath(item.categoryPath),
      materials: json(item.materials),
      colours: json(item.colours),
      occasions: json(item.occasions),
      available: item.available ? 1 : 0,
      now,
    }) as { id: number } | undefined;
    if (row) this.itemIds.set(item.externalId, row.id);
    return row !== undefined;
  }

  upsertClient(client: ClientRecord): boolean {
    const now = this.now();
    const row = this.upsertClientStmt.get({
      ...client,
      sizes: json(client.sizes),
      tags: json(client.tags),
      consentProfiling: client.consentProfiling ? 1 : 0,
      consentMarketing: client.consentMarketing ? 1 : 0,
      createdAt: client.createdAt ?? now,
      now,
    }) as { id: number } | undefined;
    if (row) this.clientIds.set(client.externalId, row.id);
    return row !== undefined;
  }

  clientId(externalId: string): number | undefined {
    let id = this.clientIds.get(externalId);
    if (id === undefined) {
      id = this.clientIdStmt.get(externalId) as number | undefined;
      if (id !== undefined) this.clientIds.set(externalId, id);
    }
    return id;
  }

  itemId(externalId: string): number | undefined {
    let id = this.itemIds.get(externalId);
    if (id === undefined) {
      id = this.itemIdStmt.get(externalId) as number | undefined;
      if (id !== undefined) this.itemIds.set(externalId, id);
    }
    return id;
  }

  /**
   * Writes one interaction. Returns the unknown references instead of writing when the client or item
   * is not in the database; the caller reports them (they are never silently dropped).
   */
  insertInteraction(interaction: InteractionRecord, index: number): UnknownReference[] | boolean {
    const clientId = this.clientId(interaction.clientExternalId);
    const itemId = this.itemId(interaction.itemExternalId);
    if (clientId === undefined || itemId === undefined) {
      const unknown: UnknownReference[] = [];
      if (clientId === undefined)
        unknown.push({ index, field: 'clientExternalId', value: interaction.clientExternalId });
      if (itemId === undefined)
        unknown.push({ index, field: 'itemExternalId', value: interaction.itemExternalId });
      return unknown;
    }
    const row = this.insertInteractionStmt.get({
      clientId,
      itemId,
      kind: interaction.kind,
      quantity: interaction.quantity,
      amountMinor: interaction.amountMinor,
      currency: interaction.currency,
      occurredAt: interaction.occurredAt,
      channel: interaction.channel,
    });
    return row !== undefined;
  }

  insertNote(note: NoteRecord): boolean {
    const clientId = this.clientId(note.clientExternalId);
    if (clientId === undefined) return false;
    return (
      this.insertNoteStmt.run({ clientId, body: note.body, author: note.author, createdAt: note.createdAt })
        .changes > 0
    );
  }
}

export interface TableCounts {
  readonly [table: string]: number;
}

/** Row counts of every table of the schema, for `stats` and for tests that check nothing changed. */
export function tableCounts(db: Db): TableCounts {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
  return counts;
}
