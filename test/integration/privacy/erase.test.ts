import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { ClientBook } from '../../../core/db/clients/book.js';
import { clientMentions, erasureInventory, erasureLog } from '../../../core/db/clients/erase.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { recentClientHistories } from '../../../core/db/reasoning/store.js';
import { itemsForReasoningByIds } from '../../../core/db/runs/load-queries.js';
import { latestCompletedRun } from '../../../core/db/runs/engine-store.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { runEngine } from '../../../core/engine/index.js';
import { optimizeBoutique } from '../../../core/jobs/optimize.js';
import { reason } from '../../../core/jobs/reason.js';
import { clientHistoryHash } from '../../../core/jobs/reason/plan.js';
import { eraseClient } from '../../../core/privacy/erase.js';

// The demo's history ends on 1 October 2025; runs and erasures are dated there.
const at = '2025-10-01T00:00:00.000Z';
const clock = fixedClock(at);
let dir: string;
let base: string;

interface Her {
  id: number;
  externalId: string;
  name: string;
  email: string;
  phone: string;
}

/**
 * A consenting demo client with an email, a phone and notes, a history before the spring, whom at least three
 * other clients count as a neighbour; her name, email and phone are hers alone (the demo has homonyms).
 */
function pickHer(db: Db): Her {
  const runId = latestCompletedRun(db)!.id;
  return db
    .prepare(
      `SELECT c.id, c.external_id AS externalId, c.name, c.email, c.phone FROM clients c
       WHERE c.email IS NOT NULL AND c.phone IS NOT NULL AND c.consent_profiling = 1
         AND (SELECT count(*) FROM client_neighbours n WHERE n.run_id = ? AND n.neighbour_id = c.id) >= 3
         AND EXISTS (SELECT 1 FROM notes WHERE client_id = c.id)
         AND EXISTS (SELECT 1 FROM interactions WHERE client_id = c.id AND occurred_at < '2025-04-01')
         AND NOT EXISTS (SELECT 1 FROM clients o WHERE o.id <> c.id
           AND (o.name = c.name OR o.email = c.email OR o.phone = c.phone))
       ORDER BY c.id LIMIT 1`,
    )
    .get(runId) as Her;
}

/** What the app and the associate add around her: a selection titled with her name, sent; a task; a date. */
function addOutreach(db: Db, her: Her, other: number): void {
  const selection = db
    .prepare(
      `INSERT INTO selections (client_id, title, message, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(her.id, `For ${her.name}`, `Dear ${her.name}, a few pieces`, at, at) as number;
  db.prepare(
    `INSERT INTO selection_items (selection_id, item_id, position, note) VALUES (?, 1, 0, 'her colour')`,
  ).run(selection);
  const contact = db.prepare(
    `INSERT INTO contacts (client_id, associate, channel, message, selection_id, selection_title, contacted_at)
     VALUES (?, 'Céline Marchand', 'email', ?, ?, ?, ?) RETURNING id`,
  );
  const sent = contact.pluck().get(her.id, `Dear ${her.name}`, selection, `For ${her.name}`, at) as number;
  db.prepare(
    `INSERT INTO contact_items (contact_id, position, item_id, item_external_id, title) VALUES (?, 0, 1, 'X', 'Tote')`,
  ).run(sent);
  // The same selection, sent to another client by mistake: her title must go from that contact too.
  contact.run(other, 'Hello', selection, `For ${her.name}`, at);
  db.prepare(
    `INSERT INTO follow_ups (client_id, due_on, reason, created_at, updated_at) VALUES (?, '2025-10-03', ?, ?, ?)`,
  ).run(her.id, `Call ${her.name} about the tote`, at, at);
  db.prepare(`INSERT INTO notes (client_id, body, created_at) VALUES (?, ?, ?)`).run(
    her.id,
    `${her.name} prefers ${her.email}`,
    at,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-erase-'));
  base = join(dir, 'base.db');
  ensureDemoDatabase(base, { clients: 200, items: 220 });
  const db = openDatabase(base);
  try {
    await optimizeBoutique(db, runEngine, { clock });
    // Reasoned twice: now, and as of the spring (another cut of every history in the cache).
    await reason(db, { reasoner: { kind: 'rules' }, clients: true });
    await reason(db, { reasoner: { kind: 'rules' }, clients: true, historyBefore: '2025-04-01T00:00:00Z' });
    const her = pickHer(db);
    addOutreach(db, her, her.id === 1 ? 2 : 1);
    // Her name changed once and back, her search keys rebuilt each time: older copies left in free space.
    const book = new ClientBook(db, clock);
    book.listClients({ search: 'a' });
    db.prepare('UPDATE clients SET name = ? WHERE id = ?').run('Zéphyrine Oldname', her.id);
    book.listClients({ search: 'a' });
    db.prepare('UPDATE clients SET name = ? WHERE id = ?').run(her.name, her.id);
    book.listClients({ search: 'a' });
  } finally {
    db.close();
  }
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the prepared book (closed: its log folded in). */
function copy(name: string): string {
  const file = join(dir, name);
  copyFileSync(base, file);
  return file;
}

const neighbourLists = (db: Db, runId: number, clients: readonly number[]) =>
  new Map(
    clients.map((c) => [
      c,
      db
        .prepare(
          'SELECT neighbour_id FROM client_neighbours WHERE run_id = ? AND client_id = ? ORDER BY rank',
        )
        .pluck()
        .all(runId, c) as number[],
    ]),
  );

/** Every history hash the two reasoning runs keyed her cached answers by. */
function herCacheKeys(db: Db, clientId: number): string[] {
  const keys = [null, '2025-04-01T00:00:00Z'].flatMap((before) => {
    const entries = recentClientHistories(db, { recent: 8, before }).get(clientId) ?? [];
    const items = new Map(
      itemsForReasoningByIds(
        db,
        entries.map((e) => e.itemId),
      ).map((i) => [i.id, i]),
    );
    if (entries.length === 0) return [];
    return [
      clientHistoryHash({
        id: clientId,
        recentItems: entries.map((e) => ({ item: items.get(e.itemId)!, kind: e.kind })),
      }),
    ];
  });
  return keys;
}

const cacheHas = (db: Db, hash: string) =>
  db
    .prepare(`SELECT count(*) FROM reasoning_cache WHERE subject = 'client' AND content_hash = ?`)
    .pluck()
    .get(hash);

describe('atelier client erase (core/privacy)', () => {
  it('names every table of the schema in its inventory', () => {
    const db = openDatabase(copy('inventory.db'));
    try {
      const tables = db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
        )
        .pluck()
        .all() as string[];
      const placed = new Set([
        ...Object.keys(erasureInventory.erased),
        ...Object.keys(erasureInventory.untouched),
      ]);
      expect(tables.filter((t) => !placed.has(t))).toEqual([]);
      expect([...placed].filter((t) => !tables.includes(t))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('removes her from every table and from the file’s bytes, recomputes the neighbours who named her, logs when and by whom', async () => {
    const file = copy('erase.db');
    const db = openDatabase(file);
    const her = pickHer(db);
    const runId = latestCompletedRun(db)!.id;
    const namedHer = db
      .prepare(
        'SELECT client_id FROM client_neighbours WHERE run_id = ? AND neighbour_id = ? ORDER BY client_id',
      )
      .pluck()
      .all(runId, her.id) as number[];
    const listsBefore = neighbourLists(db, runId, namedHer);
    const keys = herCacheKeys(db, her.id);
    expect(keys.length).toBe(2);
    for (const key of keys) expect(cacheHas(db, key)).toBe(1);
    const otherCache = db
      .prepare(`SELECT count(*) FROM reasoning_cache WHERE subject = 'client'`)
      .pluck()
      .get() as number;
    expect(clientMentions(db, her.id)).toBeGreaterThan(namedHer.length);
    const before = readFileSync(file);
    for (const text of [her.name, her.email, her.phone, 'Zéphyrine Oldname'])
      expect(before.includes(Buffer.from(text)), text).toBe(true);

    const erasure = eraseClient(db, her.externalId, { clock, by: 'Céline Marchand', via: 'cli' });
    expect(erasure.neighbours).toMatchObject({ status: 'refreshed', runId, rowsScrubbed: 0 });
    expect(erasure.neighbours.clientsRecomputed).toBeGreaterThanOrEqual(namedHer.length);
    expect(erasure.removed).toMatchObject({ clients: 1, selections: 1, selection_items: 1, contacts: 1 });
    expect(erasure.removed['notes']).toBeGreaterThanOrEqual(2);
    expect(erasure.removed['interactions']).toBeGreaterThan(0);
    expect(erasure.removed['reasoning_cache']).toBeGreaterThanOrEqual(2);
    expect(erasure.file).toEqual({ vacuumed: true, walEmptied: true });
    expect(erasure.warnings).toEqual([]);

    // No row, of any table, names her id; the clients who named her have full lists again, without her.
    expect(clientMentions(db, her.id)).toBe(0);
    const listsAfter = neighbourLists(db, runId, namedHer);
    for (const c of namedHer) {
      expect(listsAfter.get(c)).not.toContain(her.id);
      expect(listsAfter.get(c)!.length).toBe(listsBefore.get(c)!.length);
    }
    const holding = (sql: string) => db.prepare(sql).pluck().get(her.id) as number;
    expect(holding('SELECT count(*) FROM clients WHERE id = ?')).toBe(0);
    for (const table of ['interactions', 'notes', 'client_dates', 'follow_ups', 'contacts', 'selections'])
      expect(holding(`SELECT count(*) FROM ${table} WHERE client_id = ?`), table).toBe(0);
    for (const key of keys) expect(cacheHas(db, key)).toBe(0);
    // Other clients' cached answers stay (at most the few whose history was the same as hers go with hers).
    const cacheAfter = db
      .prepare(`SELECT count(*) FROM reasoning_cache WHERE subject = 'client'`)
      .pluck()
      .get() as number;
    expect(cacheAfter).toBeGreaterThan(otherCache - 10);
    expect(
      db.prepare('SELECT count(*) FROM contacts WHERE selection_title LIKE ?').pluck().get(`%${her.name}%`),
    ).toBe(0);
    expect(erasureLog(db)).toEqual([{ id: 1, erasedAt: at, erasedBy: 'Céline Marchand', via: 'cli' }]);
    const lists = neighbourLists(db, runId, namedHer);
    db.close();

    // Her name (and her earlier one), email and phone are nowhere in the file, nor in its log.
    const bytes = Buffer.concat([
      readFileSync(file),
      existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0),
    ]);
    for (const text of [her.name, her.email, her.phone, 'Zéphyrine Oldname', her.externalId])
      expect(bytes.includes(Buffer.from(text)), text).toBe(false);

    // The recomputed lists are the ones a full run gives without her.
    const again = openDatabase(file);
    try {
      const full = (await optimizeBoutique(again, runEngine, { clock })).runId;
      expect(neighbourLists(again, full, namedHer)).toEqual(lists);
    } finally {
      again.close();
    }
  }, 120_000);

  it('says which id is unknown and changes nothing', () => {
    const file = copy('unknown.db');
    const db = openDatabase(file);
    try {
      const counts = () =>
        (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[]).map(
          (t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()],
        );
      const before = counts();
      expect(() => eraseClient(db, 'CL-NOBODY', { clock, by: null, via: 'cli' })).toThrow(
        /there is no client "CL-NOBODY".*nothing was changed/,
      );
      expect(() => eraseClient(db, 999_999, { clock, by: null, via: 'app' })).toThrow(/"999999"/);
      expect(counts()).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('leaves everything as it was when any step fails', () => {
    const db = openDatabase(copy('rollback.db'));
    try {
      const her = pickHer(db);
      const snapshot = () =>
        [
          'client_neighbours',
          'group_interests',
          'recommendations',
          'interactions',
          'reasoning_cache',
          'erasures',
        ].map((t) => db.prepare(`SELECT count(*), total(rowid) FROM ${t}`).raw().get());
      const before = [snapshot(), clientMentions(db, her.id)];
      // The last delete (her profile) fails: the incremental update and every delete before it roll back.
      db.exec(
        `CREATE TEMP TRIGGER refuse BEFORE DELETE ON clients BEGIN SELECT RAISE(ABORT, 'refused'); END`,
      );
      expect(() => eraseClient(db, her.id, { clock, by: null, via: 'cli' })).toThrow('refused');
      db.exec('DROP TRIGGER temp.refuse');
      expect([snapshot(), clientMentions(db, her.id)]).toEqual(before);
      expect(db.prepare('SELECT consent_profiling FROM clients WHERE id = ?').pluck().get(her.id)).toBe(1);
    } finally {
      db.close();
    }
  });

  it('takes her id out of a run it cannot recompute (the catalog changed since), and says so', () => {
    const db = openDatabase(copy('catalog.db'));
    try {
      const her = pickHer(db);
      db.prepare(
        `INSERT INTO items (external_id, title, created_at, updated_at) VALUES ('NEW-1', 'New arrival', ?, ?)`,
      ).run(at, at);
      const erasure = eraseClient(db, her.id, { clock, by: null, via: 'app' });
      expect(erasure.neighbours.status).toBe('catalog-changed');
      expect(erasure.neighbours.rowsScrubbed).toBeGreaterThan(0);
      expect(erasure.neighbours.message).toMatch(/run optimize/);
      expect(clientMentions(db, her.id)).toBe(0);
      const empty = db
        .prepare(
          `SELECT count(*) FROM group_interests WHERE neighbour_count < 1 OR evidence_neighbours = '[]'`,
        )
        .pluck()
        .get();
      expect(empty).toBe(0);
      expect(erasureLog(db)).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});
