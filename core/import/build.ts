import {
  clientRecordSchema,
  interactionRecordSchema,
  itemRecordSchema,
  type ClientRecordInput,
  type InteractionKind,
  type InteractionRecordInput,
  type ItemRecordInput,
} from '../domain/catalog.js';
import type { CompiledColumns } from './columns.js';
import { CellError, toText } from './values/cells.js';
import { excelShortened, parseMoney, parseQuantity } from './values/numbers.js';
import { parseDate, type DateOptions, type DateOrder, type DayOrderEvidence } from './values/dates.js';
import { parseImportantDate, type DayOfYear } from './values/important-dates.js';
import { dateLabelOf } from './mapping.js';
import { parseBoolean, parseKind, type BooleanWords } from './values/words.js';
import { firstImage, htmlToText, parseList, parsePath, parseSizes } from './values/text.js';
import type { Cell } from './types.js';
import type { ImportEntity } from '../domain/imports.js';
import type { z } from 'zod';

/** How this import reads values, from the mapping's options. */
export interface ValueSettings {
  readonly dateOrder: DateOrder;
  readonly offsetMinutes: number;
  /** The latest instant a date may be (epoch ms): the import's clock plus a year. */
  readonly notAfter?: number | undefined;
  readonly decimalSeparator: ',' | '.' | undefined;
  readonly defaultCurrency: string | null;
  /** Per file: how many values took `defaultCurrency` for want of their own (the report says so). */
  readonly tally?: { defaultCurrency: number };
  /** Per file, when the mapping names no dateFormat: what its dates say of their order. */
  readonly dayOrder?: DayOrderEvidence;
  readonly booleans: BooleanWords;
  readonly kinds: Readonly<Record<string, InteractionKind>>;
}

export interface EntitySettings {
  readonly listSeparator: string | RegExp;
  readonly pathSeparator: string;
  readonly amountIsUnitPrice: boolean;
}

export interface FieldProblem {
  readonly column: string | null;
  readonly message: string;
}

/** A row read into a record's input shape, before validation; `ranks` say which source each field came from. */
export interface Built<T> {
  readonly input: T;
  readonly ranks: Record<string, number>;
  readonly problems: FieldProblem[];
  readonly compiled: CompiledColumns;
}

/** Fields whose value may come from another field's column. */
const sourceFields: Readonly<Record<string, readonly string[]>> = {
  priceMinor: ['price', 'priceMinor'],
  amountMinor: ['amount', 'amountMinor'],
  name: ['name', 'firstName', 'lastName'],
};

/** The header a built field was read from (for the report). */
export function columnOf(built: Built<unknown>, field: string): string | null {
  const fields = sourceFields[field] ?? [field];
  for (const f of fields) {
    const rank = built.ranks[f];
    if (rank !== undefined && rank !== Infinity) return built.compiled.columnAt(f, rank);
  }
  for (const f of fields) if (built.compiled.has(f)) return built.compiled.columnOf(f);
  return null;
}

const currencySigns: Readonly<Record<string, string>> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY' };

/** Reads the fields of one row; each conversion problem is kept with its column instead of stopping the row. */
class RowReader {
  readonly ranks: Record<string, number> = {};
  readonly problems: FieldProblem[] = [];

  constructor(
    readonly compiled: CompiledColumns,
    private readonly cells: readonly Cell[],
  ) {}

  /** undefined when the file has no column for the field (the record's default applies). */
  read<T>(field: string, convert: (value: Cell) => T): T | undefined {
    if (!this.compiled.has(field)) return undefined;
    const value = this.compiled.pick(field, this.cells);
    const rank = this.compiled.lastRank;
    this.ranks[field] = rank;
    try {
      return convert(value);
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      this.problems.push({ column: this.compiled.columnAt(field, rank), message: error.message });
      return undefined;
    }
  }

  text(field: string): string | null | undefined {
    return this.read(field, toText);
  }

  /** An id or a phone number, refused when Excel shortened it to "7.02255E+12" (its digits are lost). */
  digits(field: string, required: boolean): string | null | undefined {
    const value = required ? this.required(field) : this.text(field);
    const problem = typeof value === 'string' ? excelShortened(value) : null;
    if (problem === null) return value;
    this.problems.push({
      column: this.compiled.columnAt(field, this.ranks[field] ?? Infinity),
      message: problem,
    });
    return required ? undefined : null;
  }

  required(field: string): string | undefined {
    const value = this.text(field);
    if (value === null) this.problems.push({ column: this.compiled.columnOf(field), message: 'is empty' });
    return value ?? undefined;
  }

  currency(field: string): string | null | undefined {
    const text = this.text(field);
    return text == null ? text : (currencySigns[text] ?? text.toUpperCase());
  }

  hint(field: string): string | null {
    return this.compiled.fields.get(field)?.currencyHint ?? null;
  }

  /** Money in minor units from a decimal column (`price`) or an integer one (`priceMinor`). */
  money(
    field: string,
    minorField: string,
    currency: string | null,
    settings: ValueSettings,
  ): { minor: number | null; currency: string | null } | undefined {
    const effective = currency ?? this.hint(field) ?? settings.defaultCurrency;
    const money = this.read(field, (v) =>
      parseMoney(v, { currency: effective, decimalSeparator: settings.decimalSeparator }),
    );
    if (money != null) {
      const own = currency ?? money.currency ?? this.hint(field);
      if (own === null && effective !== null && money.minor !== null && settings.tally)
        settings.tally.defaultCurrency++;
      return { minor: money.minor, currency: own ?? effective };
    }
    const minor = this.read(minorField, parseQuantity);
    if (minor != null) return { minor, currency: effective };
    return money === null || minor === null ? { minor: null, currency } : undefined;
  }
}

const dateOptions = (s: ValueSettings): DateOptions => ({
  order: s.dateOrder,
  offsetMinutes: s.offsetMinutes,
  notAfter: s.notAfter,
  evidence: s.dayOrder,
});

function built<T>(reader: RowReader, input: T): Built<T> {
  return { input, ranks: reader.ranks, problems: reader.problems, compiled: reader.compiled };
}

export function buildItem(
  compiled: CompiledColumns,
  cells: readonly Cell[],
  settings: ValueSettings,
  entity: EntitySettings,
): Built<Partial<ItemRecordInput>> {
  const r = new RowReader(compiled, cells);
  const currency = r.currency('currency');
  const price = r.money('price', 'priceMinor', currency ?? null, settings);
  if (price?.minor != null && price.minor < 0)
    r.problems.push({
      column: r.compiled.columnAt('price', r.ranks['price'] ?? Infinity),
      message: 'a price cannot be negative',
    });
  const description = r.text('description');
  return built(r, {
    externalId: r.digits('externalId', true) ?? undefined,
    title: r.required('title'),
    maison: r.text('maison'),
    categoryPath: r.read('categoryPath', (v) => parsePath(v, entity.pathSeparator)),
    materials: r.read('materials', (v) => parseList(v, entity.listSeparator)),
    colours: r.read('colours', (v) => parseList(v, entity.listSeparator)),
    occasions: r.read('occasions', (v) => parseList(v, entity.listSeparator)),
    priceMinor: price?.minor,
    currency: price?.minor == null ? currency : price.currency,
    collection: r.text('collection'),
    description: description == null ? undefined : htmlToText(description),
    image: r.read('image', firstImage),
    variantGroup: r.text('variantGroup'),
  });
}

/** A client's important date read from a file, for client_dates. */
export interface ImportedDate extends DayOfYear {
  readonly label: string;
}

/** A client row: the record's fields and, beside them, her important dates (the record schema has none). */
export type ClientInput = Partial<ClientRecordInput> & { dates?: readonly ImportedDate[] };

/** The dates a built client row brings (undefined: none, or another entity's row). */
export function datesOf(built: Built<object>): readonly ImportedDate[] | undefined {
  const dates = (built.input as ClientInput).dates;
  return dates !== undefined && dates.length > 0 ? dates : undefined;
}

/** Each date field's value; two fields for one label (an alias beside the mapping's column): the first wins. */
function readDates(r: RowReader, settings: ValueSettings): ImportedDate[] {
  const dates = new Map<string, ImportedDate>();
  for (const field of r.compiled.fields.keys()) {
    const label = dateLabelOf(field);
    if (label === null) continue;
    const date = r.read(field, (v) => parseImportantDate(v, settings.dateOrder));
    if (date != null && !dates.has(label.toLowerCase())) dates.set(label.toLowerCase(), { label, ...date });
  }
  return [...dates.values()];
}

export function buildClient(
  compiled: CompiledColumns,
  cells: readonly Cell[],
  settings: ValueSettings,
  entity: EntitySettings,
): Built<ClientInput> {
  const r = new RowReader(compiled, cells);
  let name = r.text('name');
  if (name == null) {
    const parts = [r.text('firstName'), r.text('lastName')].filter((p): p is string => p != null);
    if (parts.length > 0) {
      name = parts.join(' ');
    }
  }
  if (name == null)
    r.problems.push({
      column: compiled.columnOf('name') ?? compiled.columnOf('firstName'),
      message: 'is empty',
    });
  let sizes = r.read('sizes', parseSizes);
  for (const field of compiled.fields.keys()) {
    if (!field.startsWith('sizes.')) continue;
    const size = r.text(field);
    if (size != null) sizes = { ...sizes, [field.slice('sizes.'.length)]: size };
  }
  const bool = (v: Cell) => parseBoolean(v, settings.booleans) ?? undefined;
  return built(r, {
    externalId: r.digits('externalId', true) ?? undefined,
    name: name ?? undefined,
    email: r.text('email'),
    phone: r.digits('phone', false),
    tier: r.text('tier'),
    store: r.text('store'),
    associate: r.text('associate'),
    sizes,
    preferences: r.text('preferences') ?? undefined,
    tags: r.read('tags', (v) => parseList(v, entity.listSeparator)),
    consentProfiling: r.read('consentProfiling', bool),
    consentMarketing: r.read('consentMarketing', bool),
    createdAt: r.read('createdAt', (v) => parseDate(v, dateOptions(settings))),
    dates: readDates(r, settings),
  });
}

export function buildInteraction(
  compiled: CompiledColumns,
  cells: readonly Cell[],
  settings: ValueSettings,
  entity: EntitySettings,
): Built<Partial<InteractionRecordInput>> {
  const r = new RowReader(compiled, cells);
  let kind = r.read('kind', (v) => parseKind(v, settings.kinds));
  if (kind === null) r.problems.push({ column: compiled.columnOf('kind'), message: 'is empty' });
  let quantity = r.read('quantity', parseQuantity) ?? undefined;
  // Tills write a return as a sale of a negative quantity.
  if (quantity !== undefined && quantity < 0 && kind === 'purchase') [kind, quantity] = ['return', -quantity];
  const currency = r.currency('currency');
  const amount = r.money('amount', 'amountMinor', currency ?? null, settings);
  let amountMinor = amount?.minor;
  if (entity.amountIsUnitPrice && amountMinor != null) amountMinor *= quantity ?? 1;
  const occurredAt = r.read('occurredAt', (v) => parseDate(v, dateOptions(settings)));
  if (occurredAt === null) r.problems.push({ column: compiled.columnOf('occurredAt'), message: 'is empty' });
  return built(r, {
    clientExternalId: r.digits('clientExternalId', true) ?? undefined,
    itemExternalId: r.digits('itemExternalId', true) ?? undefined,
    kind: kind ?? undefined,
    quantity,
    amountMinor,
    currency: amountMinor == null ? currency : amount?.currency,
    occurredAt: occurredAt ?? undefined,
    channel: r.text('channel'),
  });
}

export const entitySchemas = {
  items: itemRecordSchema,
  clients: clientRecordSchema,
  interactions: interactionRecordSchema,
} as const satisfies Record<ImportEntity, z.ZodType>;

/** Validates a built row with the record schema; each problem names the column its field was read from. */
export function validate<E extends ImportEntity>(
  entity: E,
  row: Built<object>,
): { record: z.output<(typeof entitySchemas)[E]> } | { problems: FieldProblem[] } {
  const result = entitySchemas[entity].safeParse(row.input);
  if (result.success) return { record: result.data as z.output<(typeof entitySchemas)[E]> };
  return {
    problems: result.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '');
      const column = columnOf(row, field);
      return { column, message: column === null ? `${field}: ${issue.message}` : issue.message };
    }),
  };
}

const isEmptyValue = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * Folds a later row describing the same record into an earlier one: a field keeps the value from the
 * better-ranked source (a name from "Billing Name" beats one that fell back to the email), then the first.
 */
export function mergeBuilt<T extends object>(into: Built<T>, from: Built<T>): void {
  const target = into.input as Record<string, unknown>;
  for (const [field, value] of Object.entries(from.input as Record<string, unknown>)) {
    if (isEmptyValue(value)) continue;
    const better = (from.ranks[field] ?? Infinity) < (into.ranks[field] ?? Infinity);
    if (isEmptyValue(target[field]) || better) {
      target[field] = value;
      into.ranks[field] = from.ranks[field] ?? Infinity;
    }
  }
}
