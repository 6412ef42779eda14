import { basename } from 'node:path';
import type { ClientRecord, ItemRecord } from '../domain/catalog.js';
import { systemClock } from '../clock.js';
import { CatalogWriter, tableCounts } from '../db/catalog/store.js';
import { ImportedDatesWriter } from '../db/outreach/dates.js';
import { withPageCache, type Db } from '../db/open.js';
import { IssueLog } from './issues.js';
import type { ImportMapping, ParsedMapping } from './mapping.js';
import { readCatalogFile } from './read-catalog.js';
import { emptySet, type Keyed, type ReadSetup, type RecordSet } from './read-common.js';
import { writeSkipped } from './skipped.js';
import { readInteractionsFile, type InteractionRow, type InteractionsRead } from './read-interactions.js';
import { entityMapping, resolveMapping, valueSettings } from './resolve-mapping.js';
import { futureLimitMs, noEvidence } from './values/dates.js';
import type { ValueSettings } from './build.js';
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
  // The boutique's currency stands in where the mapping names none; the report counts where it was used.
  const mapped = valueSettings(mapping);
  const boutique = mapped.defaultCurrency === null ? (options.currency ?? null) : null;
  const notAfter = clock.now().getTime() + futureLimitMs;
  const settings = { ...mapped, defaultCurrency: mapped.defaultCurrency ?? boutique, notAfter };
  const log = new IssueLog(options.maxIssues ?? 1000, options.skipInvalid ?? false);
  signal?.throwIfAborted();

  const setup = (entity: ImportEntity, file: string): ReadSetup => ({
    file,
    mapping: entityMapping(mapping, entity),
    settings: fileSettings(settings, boutique !== null, mapping.options?.dateFormat === undefined),
    delimiter: mapping.options?.delimiter,
    encoding: mapping.options?.encoding,
    sheet: mapping.options?.sheet,
    log,
    signal,
    onBytes: onProgress && ((done, total) => onProgress({ step: `read:${entity}`, done, total })),
    suggestPresets: files.mapping === undefined,
  });

  const { summaries, items, clients, interactions } = await readAll(files, setup);
  signal?.throwIfAborted();

  const writer = new CatalogWriter(db, () => clock.now().toISOString());
  const dates = new ImportedDatesWriter(db);
  if (interactions !== null) checkReferences(writer, files, interactions, items, clients, log, onProgress);

  const counts = { items: zero(), clients: zero(), interactions: zero() };
  let reported = summaries;
  const done = (ok: boolean): ImportReport => ({
    ok,
    counts,
    files: reported,
    issues: log.all,
    errorCount: log.errorCount,
    warningCount: log.warningCount,
    invalidRows: reported.reduce((n, f) => n + f.invalid, 0),
  });
  // With skipInvalid, rows in error are left out, unless a file itself is in error (unreadable, a column missing).
  const partial = log.skipInvalid && log.errorCount > 0 && log.fatalCount === 0;
  if (log.errorCount > 0 && !partial) return done(false);

  let rows = interactions?.records ?? [];
  if (partial) {
    if (interactions !== null) rows = leaveOutRejected(rows, files.interactions!, log);
    reported = await writeSkipped(summaries, log, options.skippedRowsFile, (summary) => ({
      ...setup(summary.entity, summary.file),
      onBytes: undefined,
    }));
    if (log.fatalCount > 0) return done(false);
  }
  signal?.throwIfAborted();

  const derivedItems = interactions?.derivedItems.records ?? new Map<string, Keyed<ItemRecord>>();
  const derivedClients = interactions?.derivedClients.records ?? new Map<string, Keyed<ClientRecord>>();
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
        for (const { record, dates: brought } of clients.records.values()) {
          const existed = writer.clientId(record.externalId) !== undefined;
          const changed = writer.upsertClient(record);
          // A client whose only news is a date is updated too.
          const moved = brought !== undefined && dates.write(writer.clientId(record.externalId)!, brought);
          tally(counts.clients, existed, changed || moved);
          step();
        }
        for (const { record, dates: brought } of derivedClients.values()) {
          const existed =
            clients.records.has(record.externalId) || writer.clientId(record.externalId) !== undefined;
          if (!existed) {
            writer.upsertClient(record);
            if (brought !== undefined) dates.write(writer.clientId(record.externalId)!, brought);
          }
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

/** Reads every file of the call (each reports its own problems into the setup's log). */
async function readAll(files: ImportFiles, setup: (entity: ImportEntity, file: string) => ReadSetup) {
  const summaries: ImportedFile[] = [];
  let items: RecordSet<ItemRecord> = emptySet();
  let clients: RecordSet<ClientRecord> = emptySet();
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
  return { summaries, items, clients, interactions };
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

/** One file's value settings, with the counters its report reads once it is read (read-common's summary). */
function fileSettings(
  settings: ValueSettings,
  boutiqueCurrency: boolean,
  learnDayOrder: boolean,
): ValueSettings {
  return {
    ...settings,
    ...(boutiqueCurrency ? { tally: { defaultCurrency: 0 } } : {}),
    ...(learnDayOrder ? { dayOrder: noEvidence() } : {}),
  };
}

function tally(counts: EntityCounts, existed: boolean, changed: boolean): void {
  if (!existed) counts.inserted++;
  else if (changed) counts.updated++;
  else counts.unchanged++;
}

/**
 * Every interaction must name a client and an item known to the database or brought by this import. With
 * skipInvalid, one whose client or item row is left out is left out too, saying which row.
 */
function checkReferences(
  writer: CatalogWriter,
  files: ImportFiles,
  read: InteractionsRead,
  items: RecordSet<ItemRecord>,
  clients: RecordSet<ClientRecord>,
  log: IssueLog,
  onProgress: ((progress: ImportProgress) => void) | undefined,
): void {
  const file = files.interactions!;
  type Found = true | false | { readonly row: number; readonly file: string };
  const known = { client: new Map<string, Found>(), item: new Map<string, Found>() };
  const find = (kind: 'client' | 'item', id: string): Found => {
    let found = known[kind].get(id);
    if (found === undefined) {
      const [set, derived, inDb, setFile] =
        kind === 'client'
          ? [clients, read.derivedClients, (id: string) => writer.clientId(id), files.clients]
          : [items, read.derivedItems, (id: string) => writer.itemId(id), files.items];
      const failed = set.failed.get(id);
      const failedDerived = derived.failed.get(id);
      found =
        set.records.has(id) || derived.records.has(id) || inDb(id) !== undefined
          ? true
          : failed !== undefined && setFile !== undefined
            ? { row: failed, file: setFile }
            : failedDerived !== undefined
              ? { row: failedDerived, file }
              : false;
      known[kind].set(id, found);
    }
    return found;
  };
  const check = (kind: 'client' | 'item', id: string, row: number, column: string | null) => {
    const found = find(kind, id);
    if (found === false)
      log.error(file, row, column, `${kind} "${id}" is neither in the database nor in this import`);
    // Ids of rows already reported as errors: one problem, one message (unless this row is left out for it).
    else if (found !== true)
      log.follow(
        file,
        row,
        column,
        `${kind} "${id}" is left out: ${found.file === file ? '' : `${basename(found.file)} `}row ${found.row} has problems`,
      );
  };
  const total = read.records.length;
  read.records.forEach(({ record, row, clientColumn, itemColumn }, i) => {
    check('client', record.clientExternalId, row, clientColumn);
    check('item', record.itemExternalId, row, itemColumn);
    if ((i + 1) % progressEvery === 0) onProgress?.({ step: 'check', done: i + 1, total });
  });
  onProgress?.({ step: 'check', done: total, total });
}

/** The interactions whose rows are not left out; rows counted with a left-out row go with it. */
function leaveOutRejected(rows: readonly InteractionRow[], file: string, log: IssueLog): InteractionRow[] {
  const kept: InteractionRow[] = [];
  for (const r of rows) {
    if (!log.isRejected(file, r.row)) kept.push(r);
    else
      for (const later of r.sameAs ?? [])
        log.follow(file, later, null, `counted as one line with row ${r.row}, which is left out`);
  }
  return kept;
}
