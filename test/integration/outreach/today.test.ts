import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { listAssociates } from '../../../core/db/outreach/associates.js';
import { outreachSettings } from '../../../core/db/outreach/settings.js';
import type { BookScope } from '../../../core/domain/outreach.js';
import { markContacted } from '../../../core/outreach/contacts.js';
import { todayView } from '../../../core/outreach/today.js';
import { now, seedToday, timeZone } from './boutique.js';

let folder: string;
let db: Db;
let id: Record<string, number>;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-today-'));
  db = openDatabase(join(folder, 'today.db'));
  ({ id } = seedToday(db));
});

afterEach(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

const celine = () => listAssociates(db).find((a) => a.name === 'Céline Marchand')!;
const today = (scope: BookScope = 'mine', at = now) =>
  todayView(db, {
    clock: fixedClock(at),
    timeZone,
    settings: outreachSettings(db),
    scope,
    associate: celine(),
  });

const lines = (view: ReturnType<typeof today>) =>
  view.entries.map((e) => [e.client.name, e.score, e.kinds, e.reasons.map((r) => r.text)]);

describe('Today on a hand-made boutique', () => {
  it('ranks whom to contact, each line with its reasons in plain words', () => {
    const view = today();
    expect(view.today).toBe('2026-03-10');
    expect(lines(view)).toEqual([
      [
        'Béatrice Roy',
        104,
        ['follow-up'],
        ['Tried on the Prairie Dress on 1 Mar without buying: check in (due 6 Mar, 4 days ago)'],
      ],
      ['Alice Martin', 100, ['follow-up'], ['Thank-you for the Bond Street Tote, bought on 8 Mar']],
      ['Emma Blanc', 88, ['date'], ['Birthday (46) on 11 Mar, tomorrow']],
      ['Chloé Petit', 84, ['date'], ['Birthday on 13 Mar, in 3 days']],
      // A tie is broken by name.
      ['Diane Noir', 80, ['wishlist'], ['From the wish list: the price of Reinach Chronograph dropped']],
      ['Gaëlle Vert', 80, ['new-arrivals'], ['A new arrival matches the client’s taste: cashmere, camel']],
      ['Fanny Gris', 70, ['date'], ['Wedding anniversary on 20 Mar, in 10 days']],
      // Half Gaëlle's match: half the arrivals' 30 points.
      ['Inès Rose', 65, ['new-arrivals'], ['A new arrival matches the client’s taste: cashmere, camel']],
      ['Hélène Bleu', 60, ['lapsing'], ['VIP, not seen since 1 Oct 2025 (160 days)']],
    ]);
    expect(view.counts).toEqual({ 'follow-up': 2, date: 3, 'new-arrivals': 2, wishlist: 1, lapsing: 1 });
    expect(view.bookSize).toBe(9);
    const by = (name: string) => view.entries.find((e) => e.client.name === name)!;
    expect(by('Alice Martin').pieces.map((p) => [p.externalId, p.source, p.why])).toEqual([
      ['CARD', 'explicit', 'Close to the client’s taste'],
    ]);
    expect(by('Diane Noir').pieces.map((p) => [p.externalId, p.source, p.why])).toEqual([
      ['CHRONO', null, 'On the wish list; now €8,000 (was €10,000)'],
    ]);
    expect(by('Gaëlle Vert').pieces.map((p) => [p.externalId, p.source, p.why])).toEqual([
      ['NEW1', 'explicit', 'New on 5 Mar; matches cashmere, camel'],
    ]);
    expect(view.entries.map((e) => e.purpose)).toEqual([
      'check-in',
      'thank-you',
      null,
      'birthday',
      'wishlist',
      'new-arrivals',
      'date',
      'new-arrivals',
      'lapsing',
    ]);
    // The birthday rule's follow-up (due 6 Mar, 7 days before) rides on the date's line: marking it done.
    const chloe = by('Chloé Petit').reasons[0]!;
    expect(chloe.followUpId).not.toBeNull();
    expect(chloe.on).toBe('2026-03-13');
    expect(by('Alice Martin').frequency).toEqual({ recent: 0, limit: 2, withinDays: 7, exceeded: false });
  });

  it('never offers a piece she owns nor a variant of it: Alice loves the green tote, and has the tote', () => {
    const alice = today().entries.find((e) => e.client.name === 'Alice Martin')!;
    expect(alice.kinds).toEqual(['follow-up']);
    expect(alice.pieces.map((p) => p.externalId)).not.toContain('NEW2');
  });

  it('keeps consent: no message nor pieces without marketing consent, only dates and follow-ups without profiling', () => {
    const view = today();
    const emma = view.entries.find((e) => e.client.name === 'Emma Blanc')!;
    expect(emma).toMatchObject({ canMessage: false, pieces: [], purpose: null, kinds: ['date'] });
    // Emma wished for the chronograph too: its price drop is news she never gets without consent.
    const fanny = view.entries.find((e) => e.client.name === 'Fanny Gris')!;
    expect(fanny).toMatchObject({ kinds: ['date'], pieces: [] });
    for (const e of view.entries) {
      if (!e.canMessage) expect(e.pieces).toEqual([]);
      if (e.client.name === 'Fanny Gris' || e.client.name === 'Emma Blanc')
        expect(e.kinds.every((k) => k === 'date' || k === 'follow-up')).toBe(true);
    }
  });

  it('shows my book, my store’s, or every store’s', () => {
    expect(today('store').entries.map((e) => e.client.name)).toEqual(
      today('mine').entries.map((e) => e.client.name),
    );
    const all = today('all');
    expect(all.bookSize).toBe(10);
    expect(all.entries.map((e) => e.client.name)).toContain('Julie Conti');
    expect(today('mine').entries.map((e) => e.client.name)).not.toContain('Julie Conti');
  });

  it('reads dates in the boutique’s zone: at 00:30 in Paris, Emma’s birthday is today', () => {
    const late = today('mine', '2026-03-10T23:30:00.000Z');
    expect(late.today).toBe('2026-03-11');
    expect(lines(late).find(([name]) => name === 'Emma Blanc')).toEqual([
      'Emma Blanc',
      90,
      ['date'],
      ['Birthday (46) on 11 Mar, today'],
    ]);
  });

  it('makes the rules’ follow-ups once, and a contact closes them and clears the news it answered', () => {
    const first = today();
    const count = () => db.prepare('SELECT count(*) FROM follow_ups').pluck().get();
    const made = count();
    today();
    expect(count()).toBe(made);
    const alice = first.entries.find((e) => e.client.name === 'Alice Martin')!;
    const settings = outreachSettings(db);
    const associate = celine();
    markContacted(
      db,
      { clientId: id.A!, associate, channel: 'phone', followUpIds: [alice.reasons[0]!.followUpId!] },
      settings,
      '2026-03-10T08:30:00.000Z',
    );
    markContacted(db, { clientId: id.D!, associate, channel: 'phone' }, settings, '2026-03-10T08:31:00.000Z');
    const after = today('mine', '2026-03-10T09:00:00.000Z').entries.map((e) => e.client.name);
    expect(after).not.toContain('Alice Martin');
    expect(after).not.toContain('Diane Noir');
    expect(count()).toBe(made);
  });
});
