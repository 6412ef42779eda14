import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { clientExportSchema } from '../../../core/privacy/export-format.js';
import { runCliCaptured } from '../../support/cli-io.js';

let dir: string;
let file: string;
let her: { externalId: string; name: string; email: string };
const atelier = (...argv: string[]) => runCliCaptured(argv);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'atelier-client-cli-'));
  file = path.join(dir, 'd.db');
  ensureDemoDatabase(file, { clients: 150, items: 200 });
  expect((await atelier('optimize', '--db', file)).code).toBe(0);
  const db = openDatabase(file, { readonly: true });
  her = db
    .prepare(
      `SELECT external_id AS externalId, name, email FROM clients c WHERE email IS NOT NULL
         AND EXISTS (SELECT 1 FROM notes WHERE client_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM clients o WHERE o.id <> c.id AND (o.name = c.name OR o.email = c.email))
       ORDER BY id LIMIT 1`,
    )
    .get() as typeof her;
  db.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atelier client export, then erase', () => {
  it('exports everything held about her to a private file in the documented format', async () => {
    const out = path.join(dir, 'her.json');
    const run = await atelier('client', 'export', '--db', file, '--id', her.externalId, '--out', out);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      new RegExp(`^wrote .*her\\.json: client ${her.externalId}, \\d+ interactions, \\d+ notes`),
    );
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const document = clientExportSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(document.client.email).toBe(her.email);
    expect(document.notes.length).toBeGreaterThan(0);
    const stdout = await atelier('client', 'export', '--db', file, '--id', her.externalId, '--out', '-');
    expect(clientExportSchema.parse(JSON.parse(stdout.out)).client.name).toBe(her.name);
  });

  it('erases her, as the associate named, and she can no longer be exported or erased', async () => {
    const run = await atelier(
      'client',
      'erase',
      '--db',
      file,
      '--id',
      her.externalId,
      '--as',
      'celine marchand',
    );
    expect([run.code, run.err]).toEqual([0, '']);
    expect(run.out).toMatch(new RegExp(`^erased client ${her.externalId}: \\d+ rows in \\d+ tables\\n`));
    expect(run.out).toMatch(
      /neighbours: recomputed the interests, neighbours and recommendations of \d+ clients/,
    );
    expect(run.out).toContain('file: rebuilt, log emptied; erasure log entry 1');
    expect(run.out).not.toContain(her.name);
    const bytes = readFileSync(file);
    for (const text of [her.name, her.email]) expect(bytes.includes(Buffer.from(text)), text).toBe(false);
    const db = openDatabase(file, { readonly: true });
    expect(db.prepare('SELECT erased_by, via FROM erasures').all()).toEqual([
      { erased_by: 'Céline Marchand', via: 'cli' },
    ]);
    db.close();
    for (const args of [['erase'], ['export', '--out', '-']]) {
      const again = await atelier('client', args[0]!, '--db', file, '--id', her.externalId, ...args.slice(1));
      expect([again.code, again.err]).toEqual([
        1,
        `atelier client: there is no client "${her.externalId}" (give a client number, such as CL-100042, or a row id); nothing was changed\n`,
      ]);
    }
  });

  it('says how it is used', async () => {
    expect((await atelier('client')).code).toBe(2);
    expect((await atelier('client', 'forget', '--db', file)).err).toContain('unknown subcommand "forget"');
    expect((await atelier('client', 'erase', '--db', file)).err).toContain('--id is required');
    expect((await atelier('client', 'erase', '--db', path.join(dir, 'none.db'), '--id', '1')).err).toContain(
      'no such database file',
    );
    const help = await atelier('client', '--help');
    expect([help.code, help.out]).toEqual([
      0,
      expect.stringContaining('atelier client export --db PATH --id ID'),
    ]);
    expect((await atelier('client', 'compact', '--db', file)).out).toBe('file rebuilt, log emptied\n');
  });
});
