import { interactionKinds, type InteractionKind } from '../../domain/catalog.js';
import type { Cell } from '../types.js';
import { CellError, isBlank, quote, toText } from './cells.js';

/** Cells read through word lists: yes/no in several languages, and the names exports give interaction kinds. */

export interface BooleanWords {
  readonly yes: ReadonlySet<string>;
  readonly no: ReadonlySet<string>;
}
export const defaultBooleanWords: BooleanWords = {
  yes: new Set(['true', 'yes', 'y', '1', 'oui', 'o', 'si', 'sì', 'ja', 'x', 't', 'opt-in', 'subscribed']),
  no: new Set(['false', 'no', 'n', '0', 'non', 'nein', 'f', 'opt-out', 'unsubscribed', 'not_subscribed']),
};

export function parseBoolean(value: Cell, words: BooleanWords): boolean | null {
  if (isBlank(value)) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (words.yes.has(text)) return true;
  if (words.no.has(text)) return false;
  throw new CellError(`${quote(value)} is not yes/no (map it with "booleans" in the mapping)`);
}

export const defaultKindWords: Readonly<Record<string, InteractionKind>> = {
  purchase: 'purchase',
  purchased: 'purchase',
  sale: 'purchase',
  sold: 'purchase',
  order: 'purchase',
  buy: 'purchase',
  achat: 'purchase',
  vente: 'purchase',
  return: 'return',
  returned: 'return',
  refund: 'return',
  retour: 'return',
  'try-on': 'try-on',
  'try on': 'try-on',
  tryon: 'try-on',
  fitting: 'try-on',
  essayage: 'try-on',
  wishlist: 'wishlist',
  wish: 'wishlist',
  favourite: 'wishlist',
  favorite: 'wishlist',
  view: 'view',
  viewed: 'view',
  visit: 'view',
  vue: 'view',
};

export function parseKind(
  value: Cell,
  words: Readonly<Record<string, InteractionKind>>,
): InteractionKind | null {
  if (typeof value === 'string') {
    const direct = words[value];
    if (direct !== undefined && Object.hasOwn(words, value)) return direct;
  }
  const text = toText(value);
  if (text === null) return null;
  const word = text.toLowerCase().replace(/[_\s]+/g, ' ');
  const kind = Object.hasOwn(words, word) ? words[word] : undefined;
  if (kind) return kind;
  throw new CellError(
    `${quote(value)} is not an interaction kind (${interactionKinds.join(', ')}; map others with "kinds" in the mapping)`,
  );
}
