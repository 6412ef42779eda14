import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { CatalogWriter } from '../db/catalog/store.js';
import { checkpoint, openDatabase, type Db } from '../db/open.js';
import type { BookKey } from '../db/key.js';
import { writeDemoOutreach } from '../db/outreach/demo-rows.js';
import { demoClock, setDemoClock } from '../db/outreach/settings.js';
import { logger } from '../log.js';
import { generateDemo, type DemoBoutique, type DemoOptions } from './generate.js';

const log = logger('demo');

/** Rows actually written (inserted or changed); all zero when the same boutique is seeded again. */
export interface DemoWrites {
  items: number;
  clients: number;
  interactions: number;
  notes: number;
  /** Important dates, price drops, returns and contacts. */
  outreach: number;
}

export interface DemoSeed {
  readonly boutique: DemoBoutique;
  readonly written: DemoWrites;
}

/**
 * Writes the demo boutique through the CatalogWriter in one transaction: all of it or nothing. Upserts by
 * external id, so seeding the same options twice leaves the database as it was.
 */
export function seedDemo(
  db: Db,
  options: DemoOptions = {},
  now: () => string = () => new Date().toISOString(),
): DemoSeed {
  const started = performance.now();
  const boutique = generateDemo(options);
  const generatedMs = performance.now() - started;
  const writer = new CatalogWriter(db, now);
  const written: DemoWrites = { items: 0, clients: 0, interactions: 0, notes: 0, outreach: 0 };
  db.transaction(() => {
    for (const item of boutique.items) if (writer.upsertItem(item)) written.items++;
    for (const client of boutique.clients) if (writer.upsertClient(client)) written.clients++;
    boutique.interactions.forEach((interaction, index) => {
      const outcome = writer.insertInteraction(interaction, index);
      if (Array.isArray(outcome))
        throw new Error(
          `demo interaction ${index} refers to unknown ${outcome.map((u) => u.value).join(', ')}`,
        );
      if (outcome) written.interactions++;
    });
    for (const note of boutique.notes) if (writer.insertNote(note)) written.notes++;
    written.outreach = writeDemoOutreach(db, boutique.outreach);
    // The demo's clock starts at the end of its history (core/outreach/clock.ts); the first seed sets it.
    if (!demoClock(db))
      setDemoClock(db, { referenceDate: boutique.options.referenceDate, seededAt: now() }, now());
  }).immediate();
  log.info('demo boutique seeded', {
    ...boutique.options,
    written,
    generatedMs: Math.round(generatedMs),
    totalMs: Math.round(performance.now() - started),
  });
  return { boutique, written };
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/**
 * The app's first launch: when `file` does not exist yet, creates it holding the demo boutique. The boutique
 * is built in a side file and renamed into place, so an interrupted first launch never leaves a half-seeded
 * database behind. With `key`, the boutique is encrypted from its first page. Returns whether it created the file.
 */
export function ensureDemoDatabase(
  file: string,
  options: DemoOptions = {},
  key: BookKey | null = null,
): { created: boolean } {
  if (existsSync(file)) return { created: false };
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.seeding-${process.pid}`;
  removeDatabaseFiles(partial);
  try {
    const db = openDatabase(partial, { key });
    try {
      seedDemo(db, options);
      checkpoint(db);
    } finally {
      db.close();
    }
    renameSync(partial, file);
    return { created: true };
  } finally {
    removeDatabaseFiles(partial);
  }
}
