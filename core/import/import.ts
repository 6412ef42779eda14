import type { ClientRecord, ItemRecord } from '../domain/catalog.js';
import { systemClock } from '../clock.js';
import { CatalogWriter, tableCounts } from '../db/catalog/store.js';
import { withPageCache, type Db } from '../db/open.js';
import { IssueLog } from './issues.js';
import type { ImportMapping, ParsedMapping } from './mapping.js';
import { readCatalogFile } from './read-catalog.js';
import type { Keyed, ReadSetup, RecordSet } from './read-common.js';
import { readInteractionsFile, type InteractionRow, type InteractionsRead } from './read-interactions.js';
import { entityMapping, resolveMapping, valueSettings } from './resolve-mapping.js';
import type { EntityCounts, ImportProgress, ImportReport, ImportRunOptions, ImportedFile } from './types.js';
import type { ImportEntity } from '../domain/imports.js';

export interface ImportFiles {
  readonly items?: string | undefined;
  readonly clients?: string | undefined;
  readonly interactions?: string | undefined;
  /** A mapping or preset (see core/import/presets); without one, common header names are recognised. */
  readonly mapping?: ImportMapping | ParsedMapping | undefined;
}

const zero = (): EntityCounts => ({ inserted: 0, updated: 0, unchanged: 0 });
const progressEvery = 5_000;
const importCacheKib = 64 * 1024;

/**
 * Imports a catalog, a client book and interactions from CSV, XLSX, JSON or JSONL files, in one transaction:
 * every file of the call is read and checked first (types, duplicates, references to clients and items),
 * and a single problem means nothing is written. Re-importing the same files changes nothing.
 * Aborting (the signal) before the write commits leaves the database as it was and rejects with the reason.
 */
export async function importFiles(
  db: Db,
  files: ImportFiles,
  options: ImportRunOptions = {},
): Promise<ImportReport> {
  const { signal, onProgress } = options;
  const clock = options.clock ?? systemClock;
  const mapping = resolveMapping(files.mapping);
  const settings = valueSettings(mapping);
  const log = new IssueLog(options.maxIssues ?? 1000);
  const summaries: ImportedFile[] = [];
  signal?.throwIfAborted();

  const setup = (entity: ImportEntity, file: string): ReadSetup => ({
    file,
    mapping: entityMapping(mapping, entity),
    settings,
    delimiter: mapping.options?.delimiter,
    encoding: mapping.options?.encoding,
    sheet: mapping.options?.sheet,
    log,
    signal,
    onBytes: onProgress && ((done, total) => onProgress({ step: `read:${entity}`, done, total })),
  });

  let items: RecordSet<ItemRecord> = { records: new Map(), failed: new Set() };
  let clients: RecordSet<ClientRecord> = { records: new Map(), failed: new Set() };
  let interactions: InteractionsRead | null = null;
  if (files.items !== undefined) {
    const read = await readCatalogFile('items', setup('items', files.items));
    summaries.push(read.summary);
    items = read.set;
  }
  if (files.clients !== undefined) {
    const read = await readCatalogFile('clients', setup('clients', files.clients));
    summaries.push(read.summary);
    clients = read.set;
  }
  if (files.interactions !== undefined) {
    const read = await readInteractionsFile(setup('interactions', files.interactions));
    summaries.push(read.summary);
    interactions = read.read;
  }
  signal?.throwIfAborted();

  const writer = new CatalogWriter(db, () => clock.now().toISOString());
  if (interactions !== null)
    checkReferences(writer, files.interactions!, interactions, items, clients, log, onProgress);

  const counts = { items: zero(), clients: zero(), interactions: zero() };
  const done = (ok: boolean): ImportReport => ({
    ok,
    counts,
    files: summaries,
    issues: log.all,
    errorCount: log.errorCount,
    warningCount: log.warningCount,
  });
  if (log.errorCount > 0) return done(false);

  const derivedItems = interactions?.derivedItems.records ?? new Map<string, Keyed<ItemRecord>>();
  const derivedClients = interactions?.derivedClients.records ?? new Map<string, Keyed<ClientRecord>>();
  const rows = interactions?.records ?? [];
  const total =
    items.records.size + clients.records.size + derivedItems.size + derivedClients.size + rows.length;
  let written = 0;
  const step = () => {
    if (++written % progressEvery !== 0) return;
    onProgress?.({ step: 'write', done: written, total });
    // The write is synchronous: an abort can only be seen when it was requested from inside onProgress.
    signal?.throwIfAborted();
  };

  withPageCache(db, importCacheKib, () =>
    db
      .transaction(() => {
        for (const { record } of items.records.values()) {
          const existed = writer.itemId(record.externalId) !== undefined;
          tally(counts.items, existed, writer.upsertItem(record));
          step();
        }
        for (const { record } of derivedItems.values()) {
          const existed =
            items.records.has(record.externalId) || writer.itemId(record.externalId) !== undefined;
          if (!existed) writer.upsertItem(record);
          if (!items.records.has(record.externalId)) tally(counts.items, existed, !existed);
          step();
        }
        for (const { record } of clients.records.values()) {
          const existed = writer.clientId(record.externalId) !== undefined;
          tally(counts.clients, existed, writer.upsertClient(record));
          step();
        }
        for (const { record } of derivedClients.values()) {
          const existed =
            clients.records.has(record.externalId) || writer.clientId(record.externalId) !== undefined;
          if (!existed) writer.upsertClient(record);
          if (!clients.records.has(record.externalId)) tally(counts.clients, existed, !existed);
          step();
        }
        const before = tableCounts(db)['interactions'] ?? 0;
        let changed = 0;
        for (const i of clientOrder(rows, writer)) {
          const outcome = writer.insertInteraction(rows[i]!.record, i);
          // References were checked above; an unknown one here is a bug, and throwing rolls everything back.
          if (Array.isArray(outcome))
            throw new Error(`interaction on row ${rows[i]!.row} lost its reference`);
          if (outcome) changed++;
          step();
        }
        const inserted = (tableCounts(db)['interactions'] ?? 0) - before;
        counts.interactions = { inserted, updated: changed - inserted, unchanged: rows.length - changed };
      })
      .immediate(),
  );
  onProgress?.({ step: 'write', done: total, total });
  return done(true);
}

/**
 * The interactions grouped by their client's row id (a counting sort, file order kept within a client): the
 * interaction indexes all start with the client, so inserting in that order appends to them instead of
 * writing all over them (3x faster on a large file).
 */
function clientOrder(rows: readonly InteractionRow[], writer: CatalogWriter): Uint32Array {
  const clientIds = new Uint32Array(rows.length);
  let max = 0;
  rows.forEach((r, i) => {
    const id = writer.clientId(r.record.clientExternalId) ?? 0;
    clientIds[i] = id;
    if (id > max) max = id;
  });
  if (max > 4 * rows.length + 1_000_000) {
    // Sparse row ids (a database with many deleted clients): sort instead of counting.
    return Uint32Array.from(rows.keys()).sort((x, y) => clientIds[x]! - clientIds[y]! || x - y);
  }
  const starts = new Uint32Array(max + 2);
  for (const id of clientIds) starts[id + 1]!++;
  for (let id = 1; id < starts.length; id++) starts[id]! += starts[id - 1]!;
  const order = new Uint32Array(rows.length);
  clientIds.forEach((id, i) => (order[starts[id]!++] = i));
  return order;
}

function tally(counts: EntityCounts, existed: boolean, changed: boolean): void {
  if (!existed) counts.inserted++;
  else if (changed) counts.updated++;
  else counts.unchanged++;
}

/** Every interaction must name a client and an item known to the database or brought by this import. */
function checkReferences(
  writer: CatalogWriter,
  file: string,
  read: InteractionsRead,
  items: RecordSet<ItemRecord>,
  clients: RecordSet<ClientRecord>,
  log: IssueLog,
  onProgress: ((progress: ImportProgress) => void) | undefined,
): void {
  const known = { client: new Map<string, boolean>(), item: new Map<string, boolean>() };
  const isKnown = (kind: 'client' | 'item', id: string): boolean => {
    let found = known[kind].get(id);
    if (found === undefined) {
      const [set, derived, inDb] =
        kind === 'client'
          ? [clients, read.derivedClients, (id: string) => writer.clientId(id)]
          : [items, read.derivedItems, (id: string) => writer.itemId(id)];
      // Ids of rows already reported as errors count as known: one problem, one message.
      found =
        set.records.has(id) ||
        set.failed.has(id) ||
        derived.records.has(id) ||
        derived.failed.has(id) ||
        inDb(id) !== undefined;
      known[kind].set(id, found);
    }
    return found;
  };
  const total = read.records.length;
  read.records.forEach(({ record, row, clientColumn, itemColumn }, i) => {
    if (!isKnown('client', record.clientExternalId))
      log.error(
        file,
        row,
        clientColumn,
        `client "${record.clientExternalId}" is neither in the database nor in this import`,
      );
    if (!isKnown('item', record.itemExternalId))
      log.error(
        file,
        row,
        itemColumn,
        `item "${record.itemExternalId}" is neither in the database nor in this import`,
      );
    if ((i + 1) % progressEvery === 0) onProgress?.({ step: 'check', done: i + 1, total });
  });
  onProgress?.({ step: 'check', done: total, total });
}
