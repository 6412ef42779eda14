import { currencyHint, headerAliases, normaliseHeader, sizeFieldOf } from './aliases.js';
import { entityFields, type ColumnsMapping, type FieldSource, type SourceSpec } from './mapping.js';
import { isBlank, toText } from './values/cells.js';
import type { Cell } from './types.js';
import type { ImportEntity } from '../domain/imports.js';

type Alternative =
  | { readonly kind: 'column'; readonly index: number; readonly column: string }
  | {
      readonly kind: 'join';
      readonly indexes: readonly number[];
      readonly separator: string;
      readonly prefix: string;
      readonly column: string;
    }
  | { readonly kind: 'value'; readonly value: Cell }
  | {
      readonly kind: 'pairs';
      readonly pairs: readonly (readonly [number, number])[];
      readonly names: ReadonlySet<string>;
      readonly column: string;
    };

export interface CompiledField {
  readonly field: string;
  readonly alternatives: readonly Alternative[];
  /** A currency written in the header, "Price (EUR)". */
  readonly currencyHint: string | null;
}

export interface MissingField {
  readonly field: string;
  /** The column names looked for. */
  readonly lookedFor: readonly string[];
  readonly explicit: boolean;
}

export interface ColumnsSetup {
  readonly columns?: ColumnsMapping | undefined;
  readonly aliases?: boolean | undefined;
  readonly ignoreValues?: readonly string[] | undefined;
}

/** The fields of one entity bound to a file's header: reads each field from a row's cells. */
export class CompiledColumns {
  readonly fields = new Map<string, CompiledField>();
  readonly missing: MissingField[] = [];
  readonly usedColumns = new Set<number>();
  /** Columns read as the record's id: another field may read them too (an email that is the id stays the email). */
  private readonly idColumns = new Set<number>();
  private readonly ignore: ReadonlySet<string>;
  private readonly byNormalised = new Map<string, number>();

  constructor(
    readonly entity: ImportEntity,
    readonly headers: readonly string[],
    setup: ColumnsSetup,
  ) {
    this.ignore = new Set((setup.ignoreValues ?? []).map((v) => v.trim()));
    headers.forEach((h, i) => {
      const key = normaliseHeader(h);
      if (key !== '' && !this.byNormalised.has(key)) this.byNormalised.set(key, i);
    });
    const explicit = setup.columns ?? {};
    for (const [field, source] of Object.entries(explicit)) this.bind(field, source, true);
    if (setup.aliases ?? true) {
      for (const field of entityFields[entity]) {
        const aliases = headerAliases[entity][field];
        if (!(field in explicit) && aliases !== undefined) this.bind(field, aliases, false);
      }
      if (entity === 'clients') {
        headers.forEach((h, i) => {
          const field = sizeFieldOf(normaliseHeader(h));
          if (field && !(field in explicit) && !this.usedColumns.has(i)) this.bind(field, h, false);
        });
      }
    }
  }

  /** The index of a column named by a mapping: exact header first, then the normalised form. */
  columnIndex(name: string): number | undefined {
    const exact = this.headers.indexOf(name);
    if (exact >= 0) return exact;
    return this.byNormalised.get(normaliseHeader(name));
  }

  private bind(field: string, source: FieldSource, explicit: boolean): void {
    const specs: readonly SourceSpec[] = Array.isArray(source) ? source : [source];
    const alternatives: Alternative[] = [];
    const lookedFor: string[] = [];
    let hint: string | null = null;
    const take = (name: string): number | undefined => {
      lookedFor.push(name);
      const index = this.columnIndex(name);
      // An alias never takes a column the mapping gave to another field.
      if (index === undefined || (!explicit && this.usedColumns.has(index) && !this.idColumns.has(index)))
        return undefined;
      return index;
    };
    for (const spec of specs) {
      if (typeof spec === 'string') {
        const index = take(spec);
        if (index === undefined) continue;
        const column = this.headers[index]!;
        hint ??= currencyHint(column);
        alternatives.push({ kind: 'column', index, column });
        if (!explicit) break;
      } else if ('join' in spec) {
        const indexes = spec.join.map(take).filter((i): i is number => i !== undefined);
        if (indexes.length > 0)
          alternatives.push({
            kind: 'join',
            indexes,
            separator: spec.separator,
            prefix: spec.prefix ?? '',
            column: indexes.map((i) => this.headers[i]).join(' + '),
          });
      } else if ('value' in spec) {
        alternatives.push({ kind: 'value', value: spec.value });
      } else {
        const pairs = spec.pairs
          .map(([n, v]) => [take(n), take(v)] as const)
          .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined);
        if (pairs.length > 0)
          alternatives.push({
            kind: 'pairs',
            pairs,
            names: new Set(spec.names.map((n) => n.toLowerCase())),
            column: this.headers[pairs[0]![1]]!,
          });
      }
    }
    if (alternatives.length === 0) {
      this.missing.push({ field, lookedFor, explicit });
      return;
    }
    if (field === 'externalId')
      for (const alt of alternatives)
        if (alt.kind === 'column') this.idColumns.add(alt.index);
        else if (alt.kind === 'join' && alt.indexes.length === 1) this.idColumns.add(alt.indexes[0]!);
    for (const alt of alternatives) {
      if (alt.kind === 'column') this.usedColumns.add(alt.index);
      else if (alt.kind === 'join') alt.indexes.forEach((i) => this.usedColumns.add(i));
      else if (alt.kind === 'pairs')
        alt.pairs.forEach(([n, v]) => (this.usedColumns.add(n), this.usedColumns.add(v)));
    }
    this.fields.set(field, { field, alternatives, currencyHint: hint });
  }

  has(field: string): boolean {
    return this.fields.has(field);
  }

  /** The header of the first column bound to a field (for reporting a problem with it). */
  columnOf(field: string): string | null {
    for (const alt of this.fields.get(field)?.alternatives ?? []) if (alt.kind !== 'value') return alt.column;
    return null;
  }

  private cell(cells: readonly Cell[], index: number): Cell {
    const value = cells[index] ?? null;
    if (typeof value === 'string' && this.ignore.size > 0 && this.ignore.has(value.trim())) return null;
    return value;
  }

  /** The rank of the alternative the last `pick` took its value from (Infinity: none had a value). */
  lastRank = Infinity;

  /**
   * A field's value on a row: the first alternative that is not blank. Sets `lastRank`; the column is
   * `columnAt(field, lastRank)`. (No object per call: this runs for every field of every row.)
   */
  pick(field: string, cells: readonly Cell[]): Cell {
    const alternatives = this.fields.get(field)?.alternatives;
    this.lastRank = Infinity;
    if (alternatives === undefined) return null;
    for (let rank = 0; rank < alternatives.length; rank++) {
      const value = this.read(alternatives[rank]!, cells);
      if (!isBlank(value)) {
        this.lastRank = rank;
        return value;
      }
    }
    return null;
  }

  /** Every alternative's value on a row, in rank order (null where blank): the candidates of a unique id. */
  texts(field: string, cells: readonly Cell[]): (string | null)[] {
    return (this.fields.get(field)?.alternatives ?? []).map((alt) => toText(this.read(alt, cells)));
  }

  /** The header a field's value came from: its alternative at `rank`, or its first column. */
  columnAt(field: string, rank: number): string | null {
    const alt = this.fields.get(field)?.alternatives[rank];
    if (alt !== undefined) return alt.kind === 'value' ? null : alt.column;
    return this.columnOf(field);
  }

  private read(alt: Alternative, cells: readonly Cell[]): Cell {
    switch (alt.kind) {
      case 'column':
        return this.cell(cells, alt.index);
      case 'join': {
        const parts: string[] = [];
        for (const i of alt.indexes) {
          const text = toText(this.cell(cells, i));
          if (text !== null) parts.push(text);
        }
        return parts.length > 0 ? alt.prefix + parts.join(alt.separator) : null;
      }
      case 'value':
        return alt.value;
      case 'pairs': {
        const values: string[] = [];
        for (const [n, v] of alt.pairs) {
          const name = toText(this.cell(cells, n));
          const text = toText(this.cell(cells, v));
          if (name !== null && text !== null && alt.names.has(name.toLowerCase())) values.push(text);
        }
        return values.length > 0 ? values.join(', ') : null;
      }
      default:
        return alt satisfies never;
    }
  }

  /** Columns of the file that no field reads. */
  ignoredColumns(extraUsed: Iterable<number> = []): string[] {
    const used = new Set([...this.usedColumns, ...extraUsed]);
    return this.headers.filter((h, i) => !used.has(i) && h.trim() !== '');
  }
}

/**
 * Continuation rows (Shopify: a product's variant and image rows; an order's further lines): consecutive
 * rows with the same key leave blank what they share with the row above, which this fills back in.
 */
export class FillDown {
  private previousKey: string | null = null;
  private previous: readonly Cell[] = [];

  constructor(private readonly keyIndex: number) {}

  /** Returns the row's cells completed from the row above, and whether it continues that row's group. */
  apply(cells: readonly Cell[]): { cells: readonly Cell[]; continuation: boolean } {
    const key = toText(cells[this.keyIndex] ?? null);
    if (key === null || key !== this.previousKey) {
      this.previousKey = key;
      this.previous = cells;
      return { cells, continuation: false };
    }
    const width = Math.max(cells.length, this.previous.length);
    const filled: Cell[] = new Array<Cell>(width);
    for (let i = 0; i < width; i++) {
      const own = cells[i] ?? null;
      filled[i] = isBlank(own) ? (this.previous[i] ?? null) : own;
    }
    this.previous = filled;
    return { cells: filled, continuation: true };
  }
}
