import type { Cell } from '../types.js';
import { CellError, isBlank, quote, toText } from './cells.js';

/** Text cells with structure: lists, category paths, sizes, HTML descriptions, image URLs. */

/** A comma-joined list ("Blue, Green, Red") or a JSON array. */
export function parseList(value: Cell, separator: string | RegExp): string[] {
  if (isBlank(value)) return [];
  const parts = Array.isArray(value)
    ? value.map((v) => toText(v as Cell) ?? '')
    : (toText(value) ?? '').split(separator);
  return [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
}

/** A category path "Clothing > Tshirts"; when a row lists several paths comma-joined, the first one. */
export function parsePath(value: Cell, separator: string): string[] {
  if (isBlank(value)) return [];
  if (Array.isArray(value)) return parseList(value, separator);
  const text = toText(value) ?? '';
  const first = separator === ',' ? text : (text.split(',').find((p) => p.trim() !== '') ?? '');
  return first
    .split(separator)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Sizes as "shoe: 38; ring: 52", a JSON object, or a JSON object written in a cell. */
export function parseSizes(value: Cell): Record<string, string> {
  if (isBlank(value)) return {};
  let source: Cell = value;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      source = JSON.parse(value) as Cell;
    } catch {
      throw new CellError(`${quote(value)} is not a valid JSON object of sizes`);
    }
  }
  const sizes: Record<string, string> = {};
  if (source !== null && typeof source === 'object' && !Array.isArray(source) && !(source instanceof Date)) {
    for (const [k, v] of Object.entries(source)) {
      const text = toText(v);
      if (text !== null) sizes[k.trim()] = text;
    }
    return sizes;
  }
  for (const part of (toText(source) ?? '').split(/[;|\n]/)) {
    if (part.trim() === '') continue;
    const m = /^\s*([^:=]+?)\s*[:=]\s*(.+?)\s*$/.exec(part);
    if (!m) throw new CellError(`${quote(value)} is not a list of sizes like "shoe: 38; ring: 52"`);
    sizes[m[1]!] = m[2]!;
  }
  return sizes;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Descriptions exported as HTML (Shopify "Body (HTML)") become plain text: the engine reads words. */
export function htmlToText(text: string): string {
  if (!/[<&\u2028\u2029]/.test(text)) return text.trim();
  return text
    .replace(/<\s*(br|\/p|\/li|\/div|\/h\d|\/tr)\b[^>]*>/gi, '\n')
    .replace(/<\s*li\b[^>]*>/gi, '- ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X'))
        return String.fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
      return entities[code.toLowerCase()] ?? whole;
    })
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/** Image cells often hold a comma-joined list of URLs (WooCommerce): the first one is the item's image. */
export function firstImage(value: Cell): string | null {
  if (Array.isArray(value)) return value.length > 0 ? toText(value[0] as Cell) : null;
  const text = toText(value);
  if (text === null) return null;
  const first = text.split(/,\s*|\s+(?=https?:)/)[0]?.trim();
  return first === undefined || first === '' ? null : first;
}
