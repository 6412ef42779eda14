import type { Selection } from '../api/contract/selections.js';
import { formatPrice } from './money.js';
import type { ResolvedExportOptions } from './options.js';

/** One item as every export format shows it: already worded and formatted. */
export interface LookbookItem {
  /** 1-based, in the selection's order. */
  readonly number: number;
  readonly reference: string;
  readonly maison: string | null;
  readonly title: string;
  /** 'Accessories › Silk scarves', or '' when uncategorised. */
  readonly category: string;
  readonly price: string;
  readonly note: string;
  readonly image: string | null;
  /** For the placeholder when there is no picture: the maison's initials (or the title's). */
  readonly initials: string;
}

/** The words of a lookbook, shared by the PDF, the printable HTML and the text message. */
export interface Lookbook {
  readonly title: string;
  readonly clientName: string | null;
  /** How the client is greeted: a first name, or the full name when it starts with a title (Mme, Dr). */
  readonly greetingName: string | null;
  readonly message: string;
  readonly boutique: string | null;
  readonly associate: string | null;
  /** The date of the export, long form in the locale (e.g. '14 March 2026'). */
  readonly date: string;
  readonly items: readonly LookbookItem[];
}

const honorifics = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'dame',
  'lady',
  'lord',
  'm',
  'mme',
  'mlle',
  'herr',
  'frau',
  'sig',
  'sra',
  'sr',
  'signora',
  'signor',
]);

/** 'Camille Moreau' -> 'Camille'; 'Mme Moreau' -> 'Mme Moreau' (greeting a title alone would be rude). */
export function greetingName(fullName: string): string {
  const words = fullName.trim().split(/\s+/);
  const first = words[0] ?? '';
  if (words.length > 1 && honorifics.has(first.toLowerCase().replace(/\.$/, ''))) return words.join(' ');
  return first;
}

const particles = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'di',
  'da',
  'del',
  'von',
  'der',
  'and',
  'et',
  'of',
  'the',
]);

/** 'Van Cleef & Arpels' -> 'VCA', 'Hermès' -> 'H', 'Maison de la Soie' -> 'MS'. */
export function initialsOf(name: string): string {
  const letters = name
    .split(/[\s&+\-/.,]+/)
    .filter((w) => w !== '' && !particles.has(w.toLowerCase()))
    .map((w) => [...w][0]!.toLocaleUpperCase());
  return letters.slice(0, 3).join('') || '·';
}

export function lookbookContent(selection: Selection, options: ResolvedExportOptions): Lookbook {
  const client = selection.client;
  return {
    title: selection.title,
    clientName: client?.name ?? null,
    greetingName: client ? greetingName(client.name) : null,
    message: selection.message,
    boutique: options.boutique ?? client?.store ?? null,
    // Who prepared it; for selections made before authors were recorded, the client's own associate.
    associate: options.associate ?? selection.author ?? client?.associate ?? null,
    date: new Intl.DateTimeFormat(options.locale, { dateStyle: 'long', timeZone: options.timeZone }).format(
      options.clock.now(),
    ),
    items: selection.items.map((item, index) => ({
      number: index + 1,
      reference: item.externalId,
      maison: item.maison,
      title: item.title,
      category: item.category.join(' › '),
      price: formatPrice(item.priceMinor, item.currency, options.locale),
      note: item.note,
      image: item.image,
      initials: initialsOf(item.maison ?? item.title),
    })),
  };
}

export const pieces = (n: number): string => `${n} ${n === 1 ? 'piece' : 'pieces'}`;
