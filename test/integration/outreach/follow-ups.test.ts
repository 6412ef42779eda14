import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { CatalogWriter } from '../../../core/db/catalog/store.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { clientDates, removeClientDate, setClientDate } from '../../../core/db/outreach/dates.js';
import { wholeBoutique } from '../../../core/db/outreach/book.js';
import { listFollowUps } from '../../../core/db/outreach/follow-ups.js';
import { listAssociates } from '../../../core/db/outreach/associates.js';
import { outreachSettings, updateOutreachSettings } from '../../../core/db/outreach/settings.js';
import { SelectionStore } from '../../../core/db/selections/store.js';
import { interactionRecordSchema, type InteractionRecordInput } from '../../../core/domain/catalog.js';
import { clientContacts } from '../../../core/db/outreach/contacts.js';
import { markContacted } from '../../../core/outreach/contacts.js';
import { createFollowUp, materialiseFollowUps, updateFollowUp } from '../../../core/outreach/follow-ups.js';
import { seedToday } from './boutique.js';

let folder: string;
let db: Db;
let id: Record<string, number>;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-follow-ups-'));
  db = openDatabase(join(folder, 'follow-ups.db'));
  ({ id } = seedToday(db));
});

afterEach(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

const settings = () => outreachSettings(db);
const materialise = (today: string, timeZone = 'Europe/Paris') =>
  materialiseFollowUps(db, { today, timeZone, settings: settings(), now: `${today}T08:00:00.000Z` });
const due = (today: string) =>
  listFollowUps(db, { book: wholeBoutique, today, window: 'due' }).map((f) => [
    f.clientName,
    f.rule,
    f.dueOn,
  ]);
function record(rows: InteractionRecordInput[]): void {
  const writer = new CatalogWriter(db, () => '2026-03-09T00:00:00.000Z');
  db.transaction(() =>
    rows.forEach((r, n) => writer.insertInteraction(interactionRecordSchema.parse(r), n)),
  )();
}

describe('follow-up rules at their boundaries', () => {
  it('thanks two days after a purchase: due on the day, not the day before', () => {
    materialise('2026-03-09');
    expect(due('2026-03-09').filter(([, rule]) => rule === 'thank-you')).toEqual([]);
    expect(
      listFollowUps(db, { book: wholeBoutique, today: '2026-03-09', window: 'upcoming' }).map((f) => f.rule),
    ).toContain('thank-you');
    expect(due('2026-03-10').filter(([, rule]) => rule === 'thank-you')).toEqual([
      ['Alice Martin', 'thank-you', '2026-03-10'],
    ]);
  });

  it('reads a purchase’s day in the boutique’s zone: 23:30 UTC is the next day in Tokyo', () => {
    record([
      { clientExternalId: 'G', itemExternalId: 'CARD', kind: 'purchase', occurredAt: '2026-03-01T23:30:00Z' },
    ]);
    materialise('2026-03-10', 'Asia/Tokyo');
    const rows = db
      .prepare(`SELECT due_on, reason FROM follow_ups WHERE client_id = ? AND rule = 'thank-you'`)
      .all(id.G);
    expect(rows).toEqual([
      { due_on: '2026-03-04', reason: 'Thank-you for the Card Holder, bought on 2 Mar' },
    ]);
  });

  it('checks in after a try-on only once its days have passed, and not when she bought it (or its variant)', () => {
    record([
      { clientExternalId: 'G', itemExternalId: 'TOTE', kind: 'try-on', occurredAt: '2026-03-05T10:00:00Z' },
    ]);
    materialise('2026-03-09');
    expect(due('2026-03-09').map(([name]) => name)).not.toContain('Gaëlle Vert');
    record([
      { clientExternalId: 'G', itemExternalId: 'NEW2', kind: 'purchase', occurredAt: '2026-03-07T10:00:00Z' },
    ]);
    materialise('2026-03-10');
    expect(
      due('2026-03-10').filter(([name, rule]) => name === 'Gaëlle Vert' && rule === 'try-on-check-in'),
    ).toEqual([]);
    // Béatrice tried the dress on and never bought it.
    expect(due('2026-03-10')).toContainEqual(['Béatrice Roy', 'try-on-check-in', '2026-03-06']);
  });

  it('makes each follow-up once, however often Today opens, and a rule turned off hides its open ones', () => {
    const first = materialise('2026-03-10');
    expect(first).toBeGreaterThan(0);
    expect(materialise('2026-03-10')).toBe(0);
    expect(materialise('2026-03-11')).toBe(0);
    updateOutreachSettings(db, { rules: { thankYou: { enabled: false } } }, '2026-03-10T09:00:00.000Z');
    const listed = listFollowUps(db, {
      book: wholeBoutique,
      today: '2026-03-10',
      window: 'due',
      disabledRules: ['thank-you'],
    });
    expect(listed.map((f) => f.rule)).not.toContain('thank-you');
  });

  it('greets a 29 February birthday on 28 February in other years, and refuses a day a month does not have', () => {
    setClientDate(db, id.G!, { label: 'Birthday', month: 2, day: 29, year: 1988 });
    materialise('2027-02-21');
    expect(due('2027-02-21')).toContainEqual(['Gaëlle Vert', 'birthday', '2027-02-21']);
    expect(() => setClientDate(db, id.G!, { label: 'Anniversary', month: 4, day: 31 })).toThrow(
      'April has no day 31',
    );
    expect(() => setClientDate(db, id.G!, { label: 'Anniversary', month: 2, day: 29, year: 2023 })).toThrow(
      '2023 has no 29 February',
    );
    expect(() => setClientDate(db, id.G!, { label: ' ', month: 2, day: 2 })).toThrow(/needs a label/);
    expect(clientDates(db, id.G!).map((d) => [d.label, d.month, d.day, d.year])).toEqual([
      ['Birthday', 2, 29, 1988],
    ]);
    removeClientDate(db, id.G!, clientDates(db, id.G!)[0]!.id);
    expect(clientDates(db, id.G!)).toEqual([]);
  });

  it('snoozes to a later day only, and a follow-up made by hand needs a real date and a reason', () => {
    const made = createFollowUp(
      db,
      { clientId: id.G!, dueOn: '2026-03-10', reason: 'Call about the fitting', author: 'Céline Marchand' },
      '2026-03-10T08:00:00.000Z',
    );
    expect(() =>
      updateFollowUp(
        db,
        made.id,
        { status: 'snoozed', snoozedUntil: '2026-03-10' },
        '2026-03-10',
        '2026-03-10T08:01:00.000Z',
      ),
    ).toThrow('a follow-up can only be snoozed to a day after today (2026-03-10)');
    const snoozed = updateFollowUp(
      db,
      made.id,
      { status: 'snoozed', snoozedUntil: '2026-03-12' },
      '2026-03-10',
      '2026-03-10T08:01:00.000Z',
    );
    expect(snoozed.status).toBe('snoozed');
    expect(due('2026-03-11').map(([name]) => name)).not.toContain('Gaëlle Vert');
    expect(due('2026-03-12')).toContainEqual(['Gaëlle Vert', null, '2026-03-10']);
    expect(() =>
      createFollowUp(
        db,
        { clientId: id.G!, dueOn: '2026-02-30', reason: 'x', author: null },
        '2026-03-10T08:00:00.000Z',
      ),
    ).toThrow('the due date "2026-02-30" is not a date (YYYY-MM-DD)');
    expect(() =>
      createFollowUp(
        db,
        { clientId: id.G!, dueOn: '2026-03-11', reason: ' ', author: null },
        '2026-03-10T08:00:00.000Z',
      ),
    ).toThrow('a follow-up needs a reason');
  });
});

describe('the contact log', () => {
  const celine = () => listAssociates(db).find((a) => a.name === 'Céline Marchand')!;
  const mark = (clientId: number, at: string, extra: Partial<Parameters<typeof markContacted>[1]> = {}) =>
    markContacted(db, { clientId, associate: celine(), channel: 'phone', ...extra }, settings(), at);

  it('warns before a third contact within 7 days, and goes on once the associate confirms', () => {
    mark(id.G!, '2026-03-04T10:00:00.000Z');
    mark(id.G!, '2026-03-08T10:00:00.000Z');
    expect(() => mark(id.G!, '2026-03-10T10:00:00.000Z')).toThrow(
      'Gaëlle Vert was contacted 2 times in the last 7 days (the boutique allows 2): confirm to contact again',
    );
    expect(clientContacts(db, id.G!)).toHaveLength(2);
    mark(id.G!, '2026-03-10T10:00:00.000Z', { acknowledgeFrequency: true });
    // A week after the first, the window has moved on.
    mark(id.G!, '2026-03-18T10:00:01.000Z', { acknowledgeFrequency: false });
    expect(clientContacts(db, id.G!)).toHaveLength(4);
  });

  it('never sends a selection or a message to a client who refused marketing; a call is logged', () => {
    expect(() => mark(id.E!, '2026-03-10T10:00:00.000Z', { channel: 'email', message: 'Hello' })).toThrow(
      /Emma Blanc/,
    );
    expect(mark(id.E!, '2026-03-10T10:00:00.000Z', { channel: 'phone' }).channel).toBe('phone');
  });

  it('freezes the selection as sent: a later edit of it or of the catalogue does not rewrite the log', () => {
    const store = new SelectionStore(db, fixedClock('2026-03-10T09:00:00.000Z'));
    const selection = store.create({ title: 'Spring', clientId: id.A!, itemIds: [id.CARD!, id.DRESS!] });
    const contact = mark(id.A!, '2026-03-10T10:00:00.000Z', {
      channel: 'email',
      selectionId: selection.id,
      message: 'Dear Alice',
    });
    expect(contact.pieces.map((p) => [p.externalId, p.title, p.priceMinor, p.reasonSource])).toEqual([
      ['CARD', 'Card Holder', 45_000, 'explicit'],
      ['DRESS', 'Prairie Dress', 180_000, null],
    ]);
    store.removeItem(selection.id, id.CARD!);
    db.prepare(`UPDATE items SET title = 'Renamed', price_minor = 1 WHERE id = ?`).run(id.DRESS);
    expect(clientContacts(db, id.A!)[0]!.pieces.map((p) => [p.title, p.priceMinor])).toEqual([
      ['Card Holder', 45_000],
      ['Prairie Dress', 180_000],
    ]);
    const other = store.create({ title: 'Not hers', clientId: id.G!, itemIds: [id.CARD!] });
    expect(() =>
      mark(id.A!, '2026-03-10T11:00:00.000Z', { channel: 'email', selectionId: other.id }),
    ).toThrow(`selection ${other.id} ("Not hers") was prepared for another client`);
  });
});
