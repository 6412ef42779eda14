import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/db/open.js';
import { runCliCaptured } from '../../support/cli-io.js';
import { fixturesDir } from '../../support/paths.js';

const fixture = (name: string) => join(fixturesDir, 'import', name);

let dir: string;
let file: string;
let writer: Database.Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-busy-'));
  file = join(dir, 'boutique.db');
  openDatabase(file).close();
  const seeded = await runCliCaptured([
    'import',
    '--db',
    file,
    '--items',
    fixture('items.csv'),
    '--clients',
    fixture('clients.csv'),
    '--interactions',
    fixture('interactions.csv'),
  ]);
  if (seeded.code !== 0) throw new Error(seeded.err);
  // Another Atelier process in the middle of a long write: it holds the write lock past the busy timeout.
  writer = new Database(file);
  writer.prepare('BEGIN IMMEDIATE').run();
});
afterAll(() => {
  writer.prepare('ROLLBACK').run();
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const busyMessage = (command: string) =>
  `atelier ${command}: ${file} is busy: another Atelier process (the app, an import or an optimisation) is ` +
  'writing to it and kept it locked for more than 5 s. Wait for it to finish, then run the command again.\n';

describe('a command that finds the book locked by another writer', () => {
  it.each([
    ['import', ['--clients', fixture('clients.csv')]],
    ['optimize', ['--iterations', '0']],
  ])('%s says so plainly and exits 1, without a stack trace', async (command, args) => {
    const result = await runCliCaptured([command, '--db', file, ...args]);
    expect(result).toMatchObject({ code: 1, err: busyMessage(command) });
    expect(result.err).not.toMatch(/SqliteError|\n\s+at /);
  });
});
