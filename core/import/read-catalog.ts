import type { ClientRecord, ItemRecord } from '../domain/catalog.js';
import { buildClient, buildItem, columnOf, datesOf, mergeBuilt, validate, type Built } from './build.js';
import {
  emptySet,
  entitySettings,
  forEachRow,
  openEntity,
  report,
  summary,
  type Keyed,
  type ReadSetup,
  type RecordSet,
} from './read-common.js';
import type { ImportedFile } from './types.js';
import { chooseUniqueIds, type RowToKey } from './unique-ids.js';

export type CatalogEntity = 'items' | 'clients';
export type RecordOf<E extends CatalogEntity> = E extends 'items' ? ItemRecord : ClientRecord;
type Identified = Built<{ externalId?: string | undefined }>;

/**
 * Collects records keyed by external id. Continuation rows (with `fillDown`) that describe the same record
 * as the row above fold into it; any other repeated id is reported as a duplicate. A record is all its rows:
 * one row in error and the whole record is left out (with skipInvalid, its other rows are listed too).
 */
class Collector<E extends CatalogEntity> {
  readonly set: RecordSet<RecordOf<E>> = emptySet();
  /** The record being read: its first row, all its rows, and the first of them in error (null: none). */
  private pending: { built: Identified; row: number; rows: number[]; failedRow: number | null } | null = null;
  private lastFailed: { key: string; row: number } | null = null;

  constructor(
    private readonly entity: E,
    private readonly setup: ReadSetup,
    private readonly keyColumn: string | null,
  ) {}

  add(built: Identified, row: number, continuation: boolean): void {
    const key = built.input.externalId;
    const pending = this.pending;
    const samePending = continuation && pending !== null && pending.built.input.externalId === key;
    if (built.problems.length > 0) {
      report(this.setup, row, built.problems);
      if (samePending) {
        pending.rows.push(row);
        pending.failedRow ??= row;
        return;
      }
      if (key !== undefined) this.set.failed.set(key, row);
      this.lastFailed = key === undefined ? null : { key, row };
      return;
    }
    // The rest of a group whose first row was in error: that row's problem is the one to fix.
    const failed = this.lastFailed;
    if (continuation && failed !== null && key === failed.key) {
      this.follow(row, failed.row);
      return;
    }
    if (samePending) {
      pending.rows.push(row);
      mergeBuilt(pending.built, built);
      return;
    }
    this.flush();
    this.pending = { built, row, rows: [row], failedRow: null };
  }

  private follow(row: number, first: number): void {
    this.setup.log.follow(this.setup.file, row, null, `belongs with row ${first}, which has problems`);
  }

  private fail(pending: NonNullable<typeof this.pending>, key: string, failedRow: number): void {
    for (const row of pending.rows) if (row !== failedRow) this.follow(row, failedRow);
    if (!this.set.records.has(key)) this.set.failed.set(key, failedRow);
    this.lastFailed = { key, row: failedRow };
  }

  flush(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null) return;
    const key = pending.built.input.externalId!;
    if (pending.failedRow !== null) return this.fail(pending, key, pending.failedRow);
    const result = validate(this.entity, pending.built);
    if ('problems' in result) {
      report(this.setup, pending.row, result.problems);
      return this.fail(pending, key, pending.row);
    }
    const first = this.set.records.get(key);
    if (first !== undefined) {
      this.setup.log.error(
        this.setup.file,
        pending.row,
        columnOf(pending.built, 'externalId') ?? this.keyColumn,
        `duplicate external id "${key}" (first on row ${first.row})`,
      );
      for (const row of pending.rows.slice(1)) this.follow(row, pending.row);
      return;
    }
    const dates = datesOf(pending.built);
    this.set.records.set(key, { record: result.record as RecordOf<E>, row: pending.row, dates });
  }
}

/** Reads a catalog (items) or client book (clients) file into records keyed by external id. */
export async function readCatalogFile<E extends CatalogEntity>(
  entity: E,
  setup: ReadSetup,
): Promise<{ summary: ImportedFile; set: RecordSet<RecordOf<E>> }> {
  const opened = await openEntity(entity, setup);
  if (opened === null) return { summary: summary(entity, setup, null, 0, 0), set: emptySet() };
  const build = entity === 'items' ? buildItem : buildClient;
  const settings = entitySettings(setup.mapping);
  const { compiled } = opened;
  const collector = new Collector(entity, setup, compiled.columnOf('externalId'));
  // With uniqueIds the rows wait until the whole file says which ids are shared (unique-ids.ts).
  const unique = entity === 'items' && setup.mapping.uniqueIds === true;
  const waiting: RowToKey[] = [];
  const rows = await forEachRow(opened, setup, ({ row, cells, continuation }) => {
    const built = build(compiled, cells, setup.settings, settings);
    if (unique) waiting.push({ built, row, continuation, ids: compiled.texts('externalId', cells) });
    else collector.add(built, row, continuation);
  });
  if (unique) {
    const sources = compiled.fields.get('externalId')?.alternatives ?? [];
    chooseUniqueIds(
      waiting,
      setup,
      sources.map((_, k) => compiled.columnAt('externalId', k) ?? 'another column'),
    );
    for (const { built, row, continuation } of waiting) collector.add(built, row, continuation);
  }
  collector.flush();
  if (entity === 'items' && setup.mapping.inheritFromVariantGroup)
    inheritFromParents(collector.set.records as Map<string, Keyed<ItemRecord>>);
  return { summary: summary(entity, setup, opened, rows, 0), set: collector.set };
}

const inherited = [
  'maison',
  'categoryPath',
  'materials',
  'colours',
  'occasions',
  'collection',
  'description',
  'image',
] as const;

/** Variants (WooCommerce variations) leave blank what their parent says: they take it from the parent. */
function inheritFromParents(items: Map<string, Keyed<ItemRecord>>): void {
  for (const [key, entry] of items) {
    const group = entry.record.variantGroup;
    const parent = group !== null && group !== key ? items.get(group)?.record : undefined;
    if (parent === undefined) continue;
    const record: Record<string, unknown> = { ...entry.record };
    for (const field of inherited) {
      const own = record[field];
      if (own === null || own === '' || (Array.isArray(own) && own.length === 0))
        record[field] = parent[field];
    }
    if (record['currency'] === null && record['priceMinor'] !== null) record['currency'] = parent.currency;
    items.set(key, { record: record as unknown as ItemRecord, row: entry.row });
  }
}
