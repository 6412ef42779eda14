import type { ClientRecord, InteractionRecord, ItemRecord } from '../domain/catalog.js';
import {
  buildClient,
  buildInteraction,
  buildItem,
  columnOf,
  datesOf,
  mergeBuilt,
  validate,
  type Built,
} from './build.js';
import { CompiledColumns } from './columns.js';
import { NonMerchandise } from './non-merchandise.js';
import type { EntityMapping } from './mapping.js';
import type { CatalogEntity } from './read-catalog.js';
import {
  emptySet,
  entitySettings,
  forEachRow,
  openEntity,
  report,
  rowRanges,
  summary,
  type Keyed,
  type ReadSetup,
  type RecordSet,
} from './read-common.js';
import type { Cell, ImportedFile } from './types.js';
import { isBlank } from './values/cells.js';

export interface InteractionRow extends Keyed<InteractionRecord> {
  readonly clientColumn: string | null;
  readonly itemColumn: string | null;
  /** Later rows counted as this one (the same receipt line written twice). */
  readonly sameAs?: readonly number[];
}

export interface InteractionsRead {
  readonly records: InteractionRow[];
  readonly derivedClients: RecordSet<ClientRecord>;
  readonly derivedItems: RecordSet<ItemRecord>;
}

type Identified = Built<{ externalId?: string | undefined }>;

/**
 * Records an orders file describes besides its lines (`deriveClients`, `deriveItems`): one per external id,
 * merged over all the rows that mention it.
 */
class Deriver {
  readonly set: RecordSet<ClientRecord | ItemRecord> = emptySet();
  private readonly pending = new Map<string, { built: Identified; row: number }>();
  private readonly label: string;

  constructor(
    private readonly entity: CatalogEntity,
    readonly compiled: CompiledColumns,
    private readonly setup: ReadSetup,
  ) {
    this.label = entity === 'items' ? 'item ' : 'client ';
  }

  /** False when the row describes the record with problems (reported). */
  add(cells: readonly Cell[], row: number): boolean {
    const build = this.entity === 'items' ? buildItem : buildClient;
    const built: Identified = build(
      this.compiled,
      cells,
      this.setup.settings,
      entitySettings(this.setup.mapping),
    );
    const id = built.input.externalId;
    if (built.problems.length > 0) {
      report(this.setup, row, built.problems, this.label);
      if (id !== undefined && !this.set.failed.has(id)) this.set.failed.set(id, row);
      return false;
    }
    const entry = this.pending.get(id!);
    if (entry) mergeBuilt(entry.built, built);
    else this.pending.set(id!, { built, row });
    return true;
  }

  finish(): void {
    for (const [id, { built, row }] of this.pending) {
      const result = validate(this.entity, built);
      if ('problems' in result) {
        report(this.setup, row, result.problems, this.label);
        this.set.failed.set(id, row);
      } else this.set.records.set(id, { record: result.record, row, dates: datesOf(built) });
    }
  }
}

/**
 * Reads an interactions file. Rows repeating the same client, item, kind and time are one line of a
 * receipt written twice: they are counted as one interaction with the quantities added (and a warning).
 */
export async function readInteractionsFile(
  setup: ReadSetup,
): Promise<{ summary: ImportedFile; read: InteractionsRead }> {
  const records: InteractionRow[] = [];
  const opened = await openEntity('interactions', setup);
  if (opened === null)
    return {
      summary: summary('interactions', setup, null, 0, 0),
      read: { records, derivedClients: emptySet(), derivedItems: emptySet() },
    };
  const { compiled } = opened;
  const { mapping, log, file } = setup;
  const settings = entitySettings(mapping);
  const deriver = (entity: CatalogEntity, derived: EntityMapping['deriveClients']) =>
    derived === undefined
      ? null
      : new Deriver(
          entity,
          new CompiledColumns(entity, opened.table.headers, {
            columns: derived.columns,
            aliases: false,
            ignoreValues: mapping.ignoreValues,
          }),
          setup,
        );
  const clients = deriver('clients', mapping.deriveClients);
  const items = deriver('items', mapping.deriveItems);
  const nonMerchandise = new NonMerchandise(mapping.nonMerchandise, compiled);
  const seen = new Map<string, number>();
  const skipped: number[] = [];
  let skippedColumn: string | null = null;

  const rows = await forEachRow(opened, setup, ({ row, cells }) => {
    if (mapping.skipRowsWithoutClient) {
      if (isBlank(compiled.pick('clientExternalId', cells))) {
        skipped.push(row);
        skippedColumn = compiled.columnOf('clientExternalId');
        return;
      }
    }
    if (nonMerchandise.match(cells, row) !== null) {
      // The client bought a gift card: still a client of the boutique, only the line is left out.
      clients?.add(cells, row);
      return;
    }
    const built = buildInteraction(compiled, cells, setup.settings, settings);
    if (built.problems.length > 0) return report(setup, row, built.problems);
    const result = validate('interactions', built);
    if ('problems' in result) return report(setup, row, result.problems);
    // The client and the item the line describes (orders files): a problem there is this row's problem.
    const derived = [clients?.add(cells, row) ?? true, items?.add(cells, row) ?? true];
    if (derived.includes(false)) return;
    const record = result.record;
    const key = `${record.clientExternalId}\u0000${record.itemExternalId}\u0000${record.kind}\u0000${record.occurredAt}`;
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, records.length);
      records.push({
        record,
        row,
        clientColumn: columnOf(built, 'clientExternalId'),
        itemColumn: columnOf(built, 'itemExternalId'),
      });
    } else {
      const first = records[earlier]!;
      const [a, b] = [first.record.amountMinor, record.amountMinor];
      const amountMinor = a === null && b === null ? null : (a ?? 0) + (b ?? 0);
      const quantity = first.record.quantity + record.quantity;
      records[earlier] = {
        ...first,
        record: { ...first.record, quantity, amountMinor },
        sameAs: [...(first.sameAs ?? []), row],
      };
      log.warning(
        file,
        row,
        null,
        `same client, item, kind and time as row ${first.row}: counted as one line, quantities added`,
      );
    }
  });
  clients?.finish();
  items?.finish();
  if (skipped.length > 0)
    log.warning(
      file,
      null,
      skippedColumn,
      `${skipped.length} row${skipped.length === 1 ? '' : 's'} without a client skipped ` +
        `(skipRowsWithoutClient): ${rowRanges(skipped)}`,
    );
  for (const { column, message } of nonMerchandise.messages()) log.warning(file, null, column, message);
  const used = [
    ...(clients?.compiled.usedColumns ?? []),
    ...(items?.compiled.usedColumns ?? []),
    ...nonMerchandise.usedColumns,
  ];
  return {
    summary: summary('interactions', setup, opened, rows, skipped.length, used, nonMerchandise.counts),
    read: {
      records,
      derivedClients: (clients?.set ?? emptySet()) as RecordSet<ClientRecord>,
      derivedItems: (items?.set ?? emptySet()) as RecordSet<ItemRecord>,
    },
  };
}
