import type { ClientRecord, ItemRecord } from '../domain/catalog.js';
import { buildClient, buildItem, mergeBuilt, validate, type Built } from './build.js';
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

export type CatalogEntity = 'items' | 'clients';
export type RecordOf<E extends CatalogEntity> = E extends 'items' ? ItemRecord : ClientRecord;
type Identified = Built<{ externalId?: string | undefined }>;

/**
 * Collects records keyed by external id. Continuation rows (with `fillDown`) that describe the same record
 * as the row above fold into it; any other repeated id is reported as a duplicate.
 */
class Collector<E extends CatalogEntity> {
  readonly set: RecordSet<RecordOf<E>> = emptySet();
  private pending: { built: Identified; row: number } | null = null;
  private lastFailed: string | null = null;

  constructor(
    private readonly entity: E,
    private readonly setup: ReadSetup,
    private readonly keyColumn: string | null,
  ) {}

  add(built: Identified, row: number, continuation: boolean): void {
    const key = built.input.externalId;
    if (built.problems.length > 0) {
      report(this.setup, row, built.problems);
      if (key !== undefined) this.set.failed.add(key);
      this.lastFailed = key ?? null;
      return;
    }
    // The rest of a group whose first row was in error: that row's problem is the one to fix.
    if (continuation && key === this.lastFailed) return;
    if (continuation && this.pending && this.pending.built.input.externalId === key) {
      mergeBuilt(this.pending.built, built);
      return;
    }
    this.flush();
    this.pending = { built, row };
  }

  flush(): void {
    const pending = this.pending;
    this.pending = null;
    if (pending === null) return;
    const key = pending.built.input.externalId!;
    const result = validate(this.entity, pending.built);
    if ('problems' in result) {
      report(this.setup, pending.row, result.problems);
      this.set.failed.add(key);
      this.lastFailed = key;
      return;
    }
    const first = this.set.records.get(key);
    if (first !== undefined) {
      this.setup.log.error(
        this.setup.file,
        pending.row,
        this.keyColumn,
        `duplicate external id "${key}" (first on row ${first.row})`,
      );
      return;
    }
    this.set.records.set(key, { record: result.record as RecordOf<E>, row: pending.row });
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
  const collector = new Collector(entity, setup, opened.compiled.columnOf('externalId'));
  const rows = await forEachRow(opened, setup, ({ row, cells, continuation }) =>
    collector.add(build(opened.compiled, cells, setup.settings, settings), row, continuation),
  );
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
