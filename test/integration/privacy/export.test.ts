import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../core/clock.js';
import { openDatabase, type Db } from '../../../core/db/open.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { runEngine } from '../../../core/engine/index.js';
import { optimizeBoutique } from '../../../core/jobs/optimize.js';
import { clientExport, clientExportFile } from '../../../core/privacy/export.js';
import { clientExportSchema, clientExportVersion } from '../../../core/privacy/export-format.js';
import { repoRoot } from '../../support/paths.js';

const at = '2025-10-01T00:00:00.000Z';
const clock = fixedClock(at);
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-client-export-'));
  const file = join(dir, 'demo.db');
  ensureDemoDatabase(file, { clients: 200, items: 220 });
  db = openDatabase(file);
  await optimizeBoutique(db, runEngine, { clock });
}, 120_000);
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A profiled client with notes, dates and contacts, and a selection made for her. */
function prepared(): { id: number; externalId: string; name: string } {
  const her = db
    .prepare(
      `SELECT c.id, c.external_id AS externalId, c.name FROM clients c WHERE c.consent_profiling = 1
         AND EXISTS (SELECT 1 FROM notes WHERE client_id = c.id) AND EXISTS (SELECT 1 FROM contacts WHERE client_id = c.id)
       ORDER BY c.id LIMIT 1`,
    )
    .get() as { id: number; externalId: string; name: string };
  const selection = db
    .prepare(
      `INSERT INTO selections (client_id, title, message, created_at, updated_at) VALUES (?, 'For the gala', '', ?, ?)
       RETURNING id`,
    )
    .pluck()
    .get(her.id, at, at) as number;
  db.prepare(
    `INSERT INTO selection_items (selection_id, item_id, position, note) VALUES (?, 2, 0, 'in black')`,
  ).run(selection);
  return her;
}

describe('atelier client export (core/privacy)', () => {
  it('holds her profile, interactions, notes, outreach, selections and inferred interests, in the documented shape', () => {
    const her = prepared();
    const document = clientExport(db, her.externalId, clock);
    expect(clientExportSchema.safeParse(JSON.parse(clientExportFile(document).json)).success).toBe(true);
    expect(document).toMatchObject({
      format: 'atelier.client-export',
      version: clientExportVersion,
      exportedAt: at,
    });
    expect(document.client).toMatchObject({ externalId: her.externalId, name: her.name });

    const count = (sql: string) => db.prepare(sql).pluck().get(her.id) as number;
    expect(document.interactions).toHaveLength(
      count('SELECT count(*) FROM interactions WHERE client_id = ?'),
    );
    expect(document.interactions.length).toBeGreaterThan(0);
    const notes = db
      .prepare('SELECT body FROM notes WHERE client_id = ? ORDER BY created_at, id')
      .pluck()
      .all(her.id);
    expect(document.notes.map((n) => n.body)).toEqual(notes);
    expect(document.contacts).toHaveLength(count('SELECT count(*) FROM contacts WHERE client_id = ?'));
    expect(document.dates).toHaveLength(count('SELECT count(*) FROM client_dates WHERE client_id = ?'));
    expect(document.selections).toEqual([
      expect.objectContaining({
        title: 'For the gala',
        items: [expect.objectContaining({ note: 'in black' })],
      }),
    ]);
    expect(document.inferred?.explicitInterests.length).toBeGreaterThan(0);
    expect(document.inferred?.recommendations[0]?.reasons.length).toBeGreaterThan(0);
    // Times go oldest first.
    const times = document.interactions.map((x) => x.occurredAt);
    expect(times).toEqual([...times].sort());
  });

  it('names no other client: not her neighbours, not the clients behind her group interests', () => {
    const her = db
      .prepare(`SELECT id FROM clients WHERE consent_profiling = 1 ORDER BY id LIMIT 1`)
      .pluck()
      .get() as number;
    const neighbours = db
      .prepare(
        `SELECT c.name, c.external_id FROM client_neighbours n JOIN clients c ON c.id = n.neighbour_id
         WHERE n.client_id = ?`,
      )
      .raw()
      .all(her) as [string, string][];
    expect(neighbours.length).toBeGreaterThan(0);
    const text = clientExportFile(clientExport(db, her, clock)).json;
    for (const [name, externalId] of neighbours) {
      expect(text).not.toContain(`"${name}"`);
      expect(text).not.toContain(externalId);
    }
  });

  it('says which id is unknown', () => {
    expect(() => clientExport(db, 'CL-NOBODY', clock)).toThrow(/there is no client "CL-NOBODY"/);
  });

  it('is documented field by field in docs/client-export.md', () => {
    const doc = readFileSync(join(repoRoot, 'docs/client-export.md'), 'utf8');
    const document = clientExport(db, 1, clock);
    const fields = (value: unknown): string[] =>
      value !== null && typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => [...(/^\d+$/.test(k) ? [] : [k]), ...fields(v)])
        : [];
    const sizes = new Set(Object.keys(document.client.sizes));
    const undocumented = [...new Set(fields(document))].filter(
      (f) => !sizes.has(f) && !doc.includes(`"${f}"`),
    );
    expect(undocumented).toEqual([]);
  });
});
