import type { InteractionKind } from '../domain/catalog.js';
import type { StoredReason } from '../db/runs/engine-store.js';
import type { Facet } from '../domain/features.js';

/**
 * Reason sentences in the boutique's words, from the facts a run stored: "Claire's interest in structured
 * leather, from 3 purchases", "7 clients with similar taste bought it", "often follows the Bond Street tote
 * Claire bought last". Pure functions: the read API passes names and titles in.
 */

const kindNouns: Readonly<Record<InteractionKind, readonly [one: string, many: string]>> = {
  purchase: ['a purchase', 'purchases'],
  'try-on': ['a try-on', 'try-ons'],
  wishlist: ['a wishlist', 'wishlists'],
  view: ['a view', 'views'],
  return: ['a return', 'returns'],
};
const kindVerbs: Readonly<Record<InteractionKind, string>> = {
  purchase: 'bought',
  'try-on': 'tried on',
  wishlist: 'wished for',
  view: 'looked at',
  return: 'returned',
};
const kindOrder: readonly InteractionKind[] = ['purchase', 'try-on', 'wishlist', 'view', 'return'];

export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "3 purchases and a try-on"; '' when nothing is known. */
export function kindsText(kinds: Partial<Record<InteractionKind, number>>): string {
  const parts: string[] = [];
  for (const k of kindOrder) {
    const n = kinds[k] ?? 0;
    if (n === 1) parts.push(kindNouns[k][0]);
    else if (n > 1) parts.push(`${n} ${kindNouns[k][1]}`);
  }
  return listWords(parts);
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}

const clients = (n: number): string => (n === 1 ? '1 client' : `${n} clients`);
const similar = (n: number, one: string, many: string): string =>
  `${clients(n)} with similar taste ${n === 1 ? one : many}`;

/** Names that are already plural or uncountable: "jewellery", "leather goods", "ready to wear". */
const uncountable = /(s|jewellery|wear|ware|linen|denim|cashmere|silk)$/;

/** "bag" -> "bags", "watch" -> "watches", "accessory" -> "accessories"; only the last word changes. */
export function plural(phrase: string): string {
  if (uncountable.test(phrase)) return phrase;
  if (/(ch|sh|x|z)$/.test(phrase)) return `${phrase}es`;
  if (/[^aeiou]y$/.test(phrase)) return `${phrase.slice(0, -1)}ies`;
  return `${phrase}s`;
}

/**
 * A feature as the object of "interest in ...": "relaxed pieces", "pieces for evening", "bags", "camel".
 * Unknown facets (older runs) leave the phrase as it is.
 */
export function interestPhrase(feature: string, facet: Facet | null): string {
  switch (facet) {
    case 'style':
    case 'craft':
    case 'price':
      return `${feature} pieces`;
    case 'occasion':
      return `pieces for ${feature}`;
    case 'season':
      return `${feature} collections`;
    case 'category':
      return plural(feature);
    case 'audience':
      return feature === 'unisex' ? 'unisex pieces' : `${feature}’s pieces`;
    case 'material':
    case 'colour':
    case 'maison':
    case null:
      return feature;
    default:
      return facet satisfies never;
  }
}

const groupVerbs: Readonly<Record<Exclude<InteractionKind, 'return'>, string>> = {
  purchase: 'bought it',
  'try-on': 'tried it on',
  wishlist: 'wished for it',
  view: 'looked at it',
};

/** The strongest kind of a kind-count record (what the client did with an anchor item). */
function strongestKind(kinds: Partial<Record<InteractionKind, number>>): InteractionKind | null {
  return kindOrder.find((k) => (kinds[k] ?? 0) > 0) ?? null;
}

export interface ReasonContext {
  /** The client's full name; the sentence uses the first name. */
  readonly clientName: string;
  /** Item id -> title, for sequence anchors. */
  readonly titles: ReadonlyMap<number, string>;
}

export function reasonText(reason: StoredReason, context: ReasonContext): string {
  const name = firstName(context.clientName);
  switch (reason.source) {
    case 'explicit': {
      const from = kindsText(reason.kinds);
      const feature =
        reason.feature !== null ? interestPhrase(reason.feature, reason.facet) : 'pieces like it';
      const evidence =
        from !== ''
          ? `, from ${from}`
          : reason.count > 0
            ? `, from ${reason.count} of ${possessive(name)} pieces`
            : '';
      return `${possessive(name)} interest in ${feature}${evidence}`;
    }
    case 'group': {
      if (reason.feature !== null) {
        const what = interestPhrase(reason.feature, reason.facet);
        if (reason.count > 0) return similar(reason.count, `is drawn to ${what}`, `are drawn to ${what}`);
        return `clients with similar taste are drawn to ${what}`;
      }
      if (reason.bought > 0) return similar(reason.bought, 'bought it', 'bought it');
      const done = (['try-on', 'wishlist', 'view'] as const).filter((k) => (reason.kinds[k] ?? 0) > 0);
      if (done.length === 1) {
        const n = reason.kinds[done[0]!]!;
        return similar(n, groupVerbs[done[0]!], groupVerbs[done[0]!]);
      }
      if (done.length > 1) {
        const n = done.reduce((sum, k) => sum + (reason.kinds[k] ?? 0), 0);
        return similar(n, 'showed interest in it', 'showed interest in it');
      }
      if (reason.count > 0) return similar(reason.count, 'is likely to love it', 'are likely to love it');
      return 'clients with similar taste are likely to love it';
    }
    case 'sequence': {
      const anchor = reason.items[0];
      const title = anchor !== undefined ? context.titles.get(anchor) : undefined;
      if (title === undefined) return `often follows ${possessive(name)} latest pieces`;
      // What she did with this anchor (older runs only stored what she did with all of them).
      const kind = reason.anchorKind ?? strongestKind(reason.kinds) ?? 'purchase';
      // "last" only when it is the latest piece she did that with; a run that did not store the anchor's kind
      // cannot tell.
      const last = reason.latest === true && reason.anchorKind !== undefined;
      return `often follows the ${title} ${name} ${kindVerbs[kind]}${last ? ' last' : ''}`;
    }
    case 'popular':
      return reason.count > 0
        ? `popular in the boutique: wanted ${reason.count} times`
        : 'popular in the boutique';
    default:
      return reason.source satisfies never;
  }
}
