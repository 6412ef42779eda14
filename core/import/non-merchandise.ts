import type { CompiledColumns } from './columns.js';
import type { NonMerchandiseRule } from './mapping.js';
import { rowRanges } from './read-common.js';
import type { Cell } from './types.js';
import { toText } from './values/cells.js';

interface BoundRule {
  readonly label: string;
  /** The first column the rule reads, named in the report. */
  readonly column: string;
  readonly tests: readonly { readonly index: number; readonly pattern: RegExp }[];
}

/**
 * Lines of an orders file that are not merchandise (gift cards, shipping, tips, services): kept out of the
 * catalog and of the history, so that nobody is recommended a gift card, and counted by label for the report.
 * A rule applies only when the file has every column it names (presets serve several layouts).
 */
export class NonMerchandise {
  private readonly rules: BoundRule[] = [];
  private readonly rows = new Map<string, { column: string; rows: number[] }>();
  readonly usedColumns: number[] = [];

  constructor(rules: readonly NonMerchandiseRule[] | undefined, compiled: CompiledColumns) {
    for (const rule of rules ?? []) {
      const tests = Object.entries(rule.when).map(([column, pattern]) => ({
        index: compiled.columnIndex(column),
        pattern: new RegExp(pattern, 'iu'),
      }));
      if (tests.some((t) => t.index === undefined)) continue;
      const bound = tests as { index: number; pattern: RegExp }[];
      this.rules.push({ label: rule.label, column: compiled.headers[bound[0]!.index]!, tests: bound });
      this.usedColumns.push(...bound.map((t) => t.index));
    }
  }

  /** The label of the first rule the row matches (the row is then counted), or null for merchandise. */
  match(cells: readonly Cell[], row: number): string | null {
    for (const rule of this.rules) {
      const matches = rule.tests.every(({ index, pattern }) => {
        const text = toTextOrEmpty(cells[index] ?? null);
        return pattern.test(text);
      });
      if (!matches) continue;
      const seen = this.rows.get(rule.label);
      if (seen === undefined) this.rows.set(rule.label, { column: rule.column, rows: [row] });
      else seen.rows.push(row);
      return rule.label;
    }
    return null;
  }

  /** Lines left out per label, in the order the labels were first met. */
  get counts(): Record<string, number> {
    return Object.fromEntries([...this.rows].map(([label, { rows }]) => [label, rows.length]));
  }

  /** One sentence per label: "12 gift-card lines left out (not merchandise): rows 9, 17-24". */
  messages(): { column: string; message: string }[] {
    return [...this.rows].map(([label, { column, rows }]) => ({
      column,
      message: `${rows.length} ${label} line${rows.length === 1 ? '' : 's'} left out (not merchandise): ${rowRanges(rows)}`,
    }));
  }
}

/** A list or object cell is never a gift card's name: it does not match rather than failing the row. */
function toTextOrEmpty(cell: Cell): string {
  try {
    return toText(cell) ?? '';
  } catch {
    return '';
  }
}
