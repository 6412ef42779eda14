import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import type { BookFilter } from '../../../core/db/outreach/book.js';
import { setClientDate } from '../../../core/db/outreach/dates.js';
import { rulesMaterialised } from '../../../core/db/outreach/follow-ups.js';
import { outreachSettings, updateOutreachSettings } from '../../../core/db/outreach/settings.js';
import { interactionRecordSchema, type InteractionRecordInput } from '../../../core/domain/catalog.js';
import { materialiseFollowUps } from '../../../core/outreach/follow-ups.js';
import { seedToday, timeZone } from './boutique.js';

let folder: string;
let db: Db;
let id: Record<string, number>;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-follow-ups-rerun-'));
  db = openDatabase(join(folder, 'follow-ups.db'));
  ({ id } = seedToday(db));
});

afterEach(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

const today = '2026-03-10';
const materialise = (book?: BookFilter, on = today) =>
  materialiseFollowUps(db, {
    today: on,
    timeZone,
    settings: outreachSettings(db),
    now: `${on}T08:00:00.000Z`,
    ...(book ? { book } : {}),
  });
const made = (client: string, rule: string) =>
  db
    .prepare('SELECT count(*) FROM follow_ups WHERE client_id = ? AND rule = ?')
    .pluck()
    .get(id[client], rule);
function record(rows: InteractionRecordInput[]): void {
  const writer = new CatalogWriter(db, () => '2026-03-09T12:00:00.000Z');
  db.transaction(() =>
    rows.forEach((r, n) => writer.insertInteraction(interactionRecordSchema.parse(r), n)),
  )();
}
const bought = (client: string, occurredAt = '2026-03-09T10:00:00Z') =>
  record([{ clientExternalId: client, itemExternalId: 'CARD', kind: 'purchase', occurredAt }]);
const mine = (name: string, store: string): BookFilter => ({ scope: 'mine', associate: { name, store } });

describe('the rules run again when what they read has changed, and only then', () => {
  it('makes the follow-up of a purchase, a birthday, a new VIP or a removed follow-up opened after the last run', () => {
    expect(materialise()).toBeGreaterThan(0);
    expect(materialise()).toBe(0);
    bought('G');
    expect(materialise()).toBe(1);
    expect(made('G', 'thank-you')).toBe(1);
    // Gaëlle's birthday moves from September to 15 March: the birthday rule's follow-up is due a week before.
    setClientDate(db, id.G!, { label: 'Birthday', month: 3, day: 15 });
    expect(materialise()).toBe(1);
    expect(made('G', 'birthday')).toBe(1);
    // Diane was last seen in September; once she is a VIP she is lapsing.
    db.prepare(`UPDATE interactions SET occurred_at = '2025-09-01T10:00:00Z' WHERE client_id = ?`).run(id.D);
    expect(materialise()).toBe(0);
    db.prepare(`UPDATE clients SET tier = 'VIP' WHERE id = ?`).run(id.D);
    expect(materialise()).toBe(1);
    expect(made('D', 'vip-lapsing')).toBe(1);
    db.prepare(`DELETE FROM follow_ups WHERE client_id = ? AND rule = 'thank-you'`).run(id.A);
    expect(materialise()).toBe(1);
    expect(made('A', 'thank-you')).toBe(1);
    expect(materialise()).toBe(0);
  });

  it('runs again when a rule is turned back on or another day comes', () => {
    updateOutreachSettings(db, { rules: { thankYou: { enabled: false } } }, '2026-03-10T07:00:00.000Z');
    materialise();
    expect(made('A', 'thank-you')).toBe(0);
    updateOutreachSettings(db, { rules: { thankYou: { enabled: true } } }, '2026-03-10T07:30:00.000Z');
    expect(materialise()).toBe(1);
    expect(made('A', 'thank-you')).toBe(1);
    // Inès bought on 5 February: on 10 March her thank-you is past the rules' 30 days, on 6 March it was not.
    bought('I', '2026-02-05T10:00:00Z');
    expect(materialise()).toBe(0);
    expect(materialise(undefined, '2026-03-06')).toBe(1);
  });

  it('remembers the books it ran for: an associate’s book is hers only, the whole boutique’s covers every book', () => {
    bought('J');
    const celine = mine('Céline Marchand', 'Paris');
    const marc = mine('Marc Conti', 'Milano');
    expect(materialise(celine)).toBeGreaterThan(0);
    expect(made('J', 'thank-you')).toBe(0);
    // Julie's thank-you, and her birthday of 11 March.
    expect(materialise(marc)).toBe(2);
    expect(made('J', 'thank-you')).toBe(1);
    expect(materialise(celine)).toBe(0);
    expect(rulesMaterialised(db)?.books).toEqual([
      JSON.stringify(['mine', 'Céline Marchand']),
      JSON.stringify(['mine', 'Marc Conti']),
    ]);
    expect(materialise()).toBe(0);
    expect(rulesMaterialised(db)?.books).toEqual(['all']);
    expect(materialise(marc)).toBe(0);
    expect(rulesMaterialised(db)?.books).toEqual(['all']);
  });
});
