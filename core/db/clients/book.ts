import { z } from 'zod';
import type { Db } from '../open.js';
import type { Clock } from '../../clock.js';
import { interactionKinds, type InteractionKind } from '../../domain/catalog.js';
import {
  ClientStoreError,
  clientQuerySchema,
  newNoteSchema,
  parseQuery as parse,
  timelineQuerySchema,
  type ClientDetail,
  type ClientFacets,
  type ClientNote,
  type ClientQuery,
  type ClientRow,
  type FacetCount,
  type Money,
  type NewNote,
  type Page,
  type TimelineEvent,
  type TimelineQuery,
} from './types.js';
import { latestCompletedRun } from '../runs/engine-store.js';
import { segmentRows } from '../runs/read-queries.js';
import { segmentMembersSql } from '../runs/segment-queries.js';
import { parseSegmentKey } from '../../domain/segments.js';
import { ClientSearchKeys, fold } from './search.js';
import { wholeBoutique, type BookFilter } from '../outreach/book.js';
import { inList, jsonList } from '../catalog/queries.js';
import { decodeCategoryPath as categoryOf } from '../../domain/category-path.js';

export * from './types.js';

/** A client's strongest few group interests place them in that interest's segment (and its filter). */
export const segmentDepth = 3;

// ---- Row mapping ----

interface DbClientRow {
  id: number;
  external_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  tier: string | null;
  store: string | null;
  associate: string | null;
  tags: string;
  consent_marketing: number;
  consent_profiling: number;
  last_visit: string | null;
}

const toClientRow = (r: DbClientRow): ClientRow => ({
  id: r.id,
  externalId: r.external_id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  tier: r.tier,
  store: r.store,
  associate: r.associate,
  tags: jsonList(r.tags),
  consentMarketing: r.consent_marketing === 1,
  consentProfiling: r.consent_profiling === 1,
  lastVisit: r.last_visit,
});

const clientColumns = `c.id, c.external_id, c.name, c.email, c.phone, c.tier, c.store, c.associate, c.tags,
  c.consent_marketing, c.consent_profiling`;

/** Sort expressions, and whether they can be empty (empties go last either way). */
const clientSort = {
  // Folded so Élodie sorts with Elise, not after Zoë.
  name: ['k.name_key', false],
  lastVisit: ['k.last_visit', true],
  tier: ['k.tier COLLATE NOCASE', true],
  store: ['k.store COLLATE NOCASE', true],
  createdAt: ['k.created_at', false],
} as const;

const nextDay = (d: string): string =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The client book as the associate's screens read it: search, filters, sorting and paging with a total, a
 * client's detail and timeline, notes. Searching ignores case and accents ('helene' finds Hélène) through the
 * search keys of client-search.ts. The catalog's queries are in catalog-queries.ts.
 */
export class ClientBook {
  private readonly keys: ClientSearchKeys;
  private facets: { readonly of: string; readonly value: ClientFacets } | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.keys = new ClientSearchKeys(db);
  }

  /** A page of the client book: `query`'s filters within `book` (the associate's own book, her store's, all). */
  listClients(query: ClientQuery = {}, book: BookFilter = wholeBoutique): Page<ClientRow> {
    const q = parse(clientQuerySchema, query);
    const keys = this.keys.current().table;
    const where: string[] = [];
    const params: unknown[] = [];
    if (book.associate && book.scope === 'mine') {
      where.push('k.associate = ?');
      params.push(book.associate.name);
    } else if (book.associate && book.scope === 'store') {
      where.push(book.associate.store === null ? 'k.store IS NULL' : 'k.store = ?');
      if (book.associate.store !== null) params.push(book.associate.store);
    }
    const phone = q.search.replace(/[\s+().-]/g, '');
    if (/^\d{3,}$/.test(phone)) {
      where.push('instr(k.digits, ?) > 0');
      params.push(phone);
    } else
      for (const word of fold(q.search).split(/\s+/).filter(Boolean)) {
        where.push(`(instr(k.words, ?) > 0 OR k.ext = ?)`);
        params.push(word, word);
      }
    if (q.tiers.length > 0) where.push(inList('k.tier', q.tiers, params));
    if (q.stores.length > 0) where.push(inList('k.store', q.stores, params));
    if (q.associates.length > 0) where.push(inList('k.associate', q.associates, params));
    for (const tag of q.tags) {
      where.push("instr(k.tags, '|' || ? || '|') > 0");
      params.push(tag);
    }
    if (q.consentMarketing !== undefined) where.push(`k.consent_marketing = ${q.consentMarketing ? 1 : 0}`);
    if (q.consentProfiling !== undefined) where.push(`k.consent_profiling = ${q.consentProfiling ? 1 : 0}`);
    if (q.lastVisitFrom !== undefined) {
      where.push('k.last_visit >= ?');
      params.push(q.lastVisitFrom);
    }
    if (q.lastVisitTo !== undefined) {
      where.push('k.last_visit < ?');
      params.push(nextDay(q.lastVisitTo));
    }
    if (q.clientIds !== undefined) {
      where.push('k.id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(q.clientIds));
    }
    const tastes = q.groupInterest === undefined ? null : parseSegmentKey(q.groupInterest);
    if (tastes) {
      // A micro-segment's key: its clients by the one rule (domain/segments.ts), as Insights counts them.
      const members = segmentMembersSql(latestCompletedRun(this.db)?.id ?? null, tastes);
      where.push(`k.consent_profiling = 1 AND k.id IN (SELECT client_id FROM (${members.sql}))`);
      params.push(...members.params);
    } else if (q.groupInterest !== undefined) {
      // As the segments count them (read-queries' segmentRows): consent is read as it is now. Before
      // any run, the run id is null, which matches nobody.
      where.push(
        `k.consent_profiling = 1 AND k.id IN (SELECT g.client_id FROM main.group_interests g
           WHERE g.run_id = ? AND g.feature = ? AND g.rank <= ?)`,
      );
      params.push(latestCompletedRun(this.db)?.id ?? null, q.groupInterest, segmentDepth);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const direction = q.direction === 'asc' ? 'ASC' : 'DESC';
    const [sortBy, nullable] = clientSort[q.sort];
    // Unfiltered, walking the sort index stops after one page. Filtered, walking it to find a few matches
    // costs a row lookup per client (20 ms at 25,000): then a plain scan and sorting the matches (unary +
    // keeps SQLite off the index) is faster. Empty values go last both ways (SQLite puts them first going up).
    const order =
      `${where.length > 0 ? '+' : ''}${sortBy} ${direction}${nullable && direction === 'ASC' ? ' NULLS LAST' : ''}, ` +
      `k.id ${direction}`;
    // Filtered and sorted on the keys alone (no probe into the wide clients rows), the page's ids first,
    // then the columns for those rows only.
    const total = this.db
      .prepare(`SELECT count(*) FROM ${keys} k ${filter}`)
      .pluck()
      .get(...params) as number;
    const page = this.db
      .prepare(`SELECT k.id FROM ${keys} k ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, q.limit, q.offset) as { id: number }[];
    const byId = new Map(
      (
        this.db
          .prepare(
            `SELECT ${clientColumns}, k.last_visit FROM clients c JOIN ${keys} k ON k.id = c.id
             WHERE c.id IN (SELECT value FROM json_each(?))`,
          )
          .all(JSON.stringify(page.map((p) => p.id))) as DbClientRow[]
      ).map((r) => [r.id, r]),
    );
    const rows = page.map((p) => toClientRow(byId.get(p.id)!));
    return { total, offset: q.offset, limit: q.limit, rows };
  }

  /**
   * The values the filters offer, with how many clients have each (kept until the clients or the latest
   * completed run change). Group interests: the latest run's segments, counted as the filter finds them.
   */
  clientFacets(): ClientFacets {
    const run = latestCompletedRun(this.db);
    const of = `${this.keys.current().version}/${run?.id ?? ''}`;
    if (this.facets?.of === of) return this.facets.value;
    const facet = (column: string): FacetCount[] =>
      this.db
        .prepare(
          `SELECT ${column} AS value, count(*) AS count FROM clients WHERE ${column} IS NOT NULL
           GROUP BY ${column} ORDER BY count DESC, value`,
        )
        .all() as FacetCount[];
    const tags = this.db
      .prepare(
        `SELECT t.value AS value, count(*) AS count FROM clients c, json_each(c.tags) t
         GROUP BY t.value ORDER BY count DESC, value LIMIT 100`,
      )
      .all() as FacetCount[];
    const groupInterests = run
      ? segmentRows(this.db, run.id, { minClients: 1, depth: segmentDepth, limit: 300 }).map((s) => ({
          value: s.feature,
          count: s.clientCount,
        }))
      : [];
    const value = {
      tiers: facet('tier'),
      stores: facet('store'),
      associates: facet('associate'),
      tags,
      groupInterests,
    };
    this.facets = { of, value };
    return value;
  }

  private requireClient(clientId: number): DbClientRow & Record<string, unknown> {
    const row = this.db
      .prepare(
        `SELECT ${clientColumns}, c.sizes, c.preferences, c.created_at, c.updated_at,
           (SELECT max(occurred_at) FROM interactions x WHERE x.client_id = c.id) AS last_visit,
           (SELECT min(occurred_at) FROM interactions x WHERE x.client_id = c.id) AS first_seen,
           (SELECT count(*) FROM notes n WHERE n.client_id = c.id) AS note_count
         FROM clients c WHERE c.id = ?`,
      )
      .get(clientId) as (DbClientRow & Record<string, unknown>) | undefined;
    if (!row) throw new ClientStoreError('unknown-client', `client ${clientId} does not exist`);
    return row;
  }

  /**
   * The profile header. Lifetime value: purchases minus returns, per currency. An interaction's amount is
   * what the line came to; without one, the item's catalogue price times the quantity stands in. Returns
   * count against the value whichever sign the POS gave their amount.
   */
  clientDetail(clientId: number): ClientDetail {
    const id = parse(z.number().int().positive(), clientId);
    const row = this.requireClient(id);
    const lifetimeValue = this.db
      .prepare(
        `SELECT coalesce(x.currency, i.currency) AS currency,
           sum((CASE x.kind WHEN 'purchase' THEN 1 ELSE -1 END) * abs(coalesce(x.amount_minor, i.price_minor * x.quantity))) AS amountMinor
         FROM interactions x JOIN items i ON i.id = x.item_id
         WHERE x.client_id = ? AND x.kind IN ('purchase', 'return') AND coalesce(x.amount_minor, i.price_minor) IS NOT NULL
         GROUP BY 1 ORDER BY amountMinor DESC, currency`,
      )
      .all(id) as Money[];
    const counts = Object.fromEntries(interactionKinds.map((k) => [k, 0])) as Record<InteractionKind, number>;
    for (const { kind, n } of this.db
      .prepare('SELECT kind, count(*) AS n FROM interactions WHERE client_id = ? GROUP BY kind')
      .all(id) as { kind: InteractionKind; n: number }[])
      counts[kind] = n;
    const sizes = z.record(z.string(), z.string()).safeParse(JSON.parse(row['sizes'] as string));
    return {
      ...toClientRow(row),
      sizes: sizes.success ? sizes.data : {},
      preferences: row['preferences'] as string,
      createdAt: row['created_at'] as string,
      updatedAt: row['updated_at'] as string,
      lifetimeValue,
      interactionCounts: counts,
      firstSeen: row['first_seen'] as string | null,
      noteCount: row['note_count'] as number,
    };
  }

  /** Purchases, returns, try-ons, wishlist and views with their items, newest first. */
  clientTimeline(clientId: number, query: TimelineQuery = {}): Page<TimelineEvent> {
    const id = parse(z.number().int().positive(), clientId);
    const q = parse(timelineQuerySchema, query);
    this.requireClient(id);
    const kinds = q.kinds.length > 0 ? `AND x.kind IN (${q.kinds.map(() => '?').join(', ')})` : '';
    const total = this.db
      .prepare(`SELECT count(*) FROM interactions x WHERE x.client_id = ? ${kinds}`)
      .pluck()
      .get(id, ...q.kinds) as number;
    const rows = this.db
      .prepare(
        `SELECT x.id, x.kind, x.occurred_at, x.quantity, x.amount_minor, x.currency, x.channel,
           i.id AS item_id, i.external_id, i.title, i.maison, i.image, i.category_path
         FROM interactions x JOIN items i ON i.id = x.item_id
         WHERE x.client_id = ? ${kinds}
         ORDER BY x.occurred_at DESC, x.id DESC LIMIT ? OFFSET ?`,
      )
      .all(id, ...q.kinds, q.limit, q.offset) as Record<string, unknown>[];
    const events = rows.map((r): TimelineEvent => ({
      id: r['id'] as number,
      kind: r['kind'] as InteractionKind,
      occurredAt: r['occurred_at'] as string,
      quantity: r['quantity'] as number,
      amountMinor: r['amount_minor'] as number | null,
      currency: r['currency'] as string | null,
      channel: r['channel'] as string | null,
      item: {
        id: r['item_id'] as number,
        externalId: r['external_id'] as string,
        title: r['title'] as string,
        maison: r['maison'] as string | null,
        image: r['image'] as string | null,
        category: categoryOf(r['category_path'] as string),
      },
    }));
    return { total, offset: q.offset, limit: q.limit, rows: events };
  }

  clientNotes(clientId: number): ClientNote[] {
    const id = parse(z.number().int().positive(), clientId);
    this.requireClient(id);
    return this.db
      .prepare(
        `SELECT id, client_id AS clientId, body, author, created_at AS createdAt FROM notes
         WHERE client_id = ? ORDER BY created_at DESC, id DESC`,
      )
      .all(id) as ClientNote[];
  }

  addNote(note: NewNote): ClientNote {
    const { clientId, body, author } = parse(newNoteSchema, note);
    this.requireClient(clientId);
    return this.db
      .prepare(
        `INSERT INTO notes (client_id, body, author, created_at) VALUES (?, ?, ?, ?)
         RETURNING id, client_id AS clientId, body, author, created_at AS createdAt`,
      )
      .get(clientId, body, author, this.clock.now().toISOString()) as ClientNote;
  }
}
