import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { ClientBook } from '../../../core/db/clients/book.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { SelectionStore } from '../../../core/db/selections/store.js';
import { seedDemo, type DemoBoutique } from '../../../core/demo/index.js';
import { exportSelection, lookbookHtml, lookbookPdf, selectionText } from '../../../core/export/index.js';
import type { Selection } from '../../../core/api/contract/selections.js';
import { flowing, readPdf } from '../../support/pdf.js';

// The demo boutique end to end: a client found in the book, a selection of their wishlist, every export.
const clock = fixedClock('2025-10-02T09:00:00.000Z');
let dir: string;
let db: Db;
let demo: DemoBoutique;
let book: ClientBook;
let selection: Selection;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-export-demo-'));
  db = openDatabase(join(dir, 'demo.db'));
  demo = seedDemo(db, {}, () => '2025-10-01T00:00:00.000Z').boutique;
  book = new ClientBook(db, clock);
  const client = demo.clients.find((c) => c.consentMarketing && c.tier !== null)!;
  const found = book.listClients({ search: client.name });
  expect(found.rows.map((r) => r.externalId)).toContain(client.externalId);
  const id = found.rows.find((r) => r.externalId === client.externalId)!.id;
  const seen = book.clientTimeline(id, { limit: 500 }).rows.map((e) => e.item.id);
  const store = new SelectionStore(db, clock);
  selection = store.create({
    title: 'For your next visit',
    clientId: id,
    message: 'A few pieces I set aside for you.',
    itemIds: [...new Set(seen)].slice(0, 4),
  });
  store.setItemNote(selection.id, selection.items[1]!.itemId, 'In your size, in store this week.');
  selection = store.get(selection.id);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exports of a demo selection', () => {
  it('draws the demo SVG pictures as swatches in the PDF, on the cover and two item pages', async () => {
    expect(selection.items).toHaveLength(4);
    expect(selection.items.every((i) => i.image?.startsWith('data:image/svg+xml'))).toBe(true);
    const pdf = await lookbookPdf(selection, { clock, compress: false, timeZone: 'UTC' });
    const { count, pages } = await readPdf(pdf);
    expect(count).toBe(3);
    const text = flowing(pages.slice(1).flat());
    for (const item of selection.items) expect(text).toContain(item.title);
    expect(text).toContain('In your size, in store this week.');
    expect(pdf.toString('latin1')).not.toContain('/Subtype /Image');
  });

  it('shows the demo SVG pictures themselves in the printable HTML', () => {
    const html = lookbookHtml(selection, { clock });
    expect(html.match(/<img src="data:image\/svg\+xml;base64,/g)).toHaveLength(4);
  });

  it('lists the same items in the CSV and the text message', async () => {
    const csv = parse((await exportSelection(selection, 'csv', { clock })).bytes, { bom: true });
    expect(csv.slice(1).map((r) => r[1])).toEqual(selection.items.map((i) => i.externalId));
    const text = selectionText(selection, { clock });
    expect(text.split('\n').filter((l) => /^\d\. /.test(l))).toHaveLength(4);
  });
});
