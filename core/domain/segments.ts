import type { Facet } from './features.js';

/**
 * Micro-segments: clients who share a combination of tastes. The words and the one membership rule, defined
 * once here for the three places that apply it (finding the segments, the client book's filter, the campaign
 * export), so that a segment's count, its filter and its file always hold the same clients.
 */

/** The facets that mean taste. Craft, season and audience describe a piece, not what a client is drawn to. */
export const tasteFacets = [
  'style',
  'material',
  'occasion',
  'maison',
  'category',
  'price',
  'colour',
] as const satisfies readonly Facet[];
export type TasteFacet = (typeof tasteFacets)[number];

export const isTasteFacet = (facet: string): facet is TasteFacet =>
  (tasteFacets as readonly string[]).includes(facet);

/**
 * A client's tastes: the features of her strongest explicit interests (what her own history shows) and of her
 * strongest group interests (what her neighbours hold and she has not touched yet, ISRF's group side), on the
 * taste facets. Both depths stay within the 12 strongest that migration 0080's partial indexes hold.
 */
export const tasteDepth = { explicit: 5, group: 2 } as const;

/** A segment is named by two to four tastes; a member holds at least two of them, one of them not a colour. */
export const segmentTastes = { min: 2, max: 4, held: 2 } as const;

/** The features of a client book filter or an export are at most this long (the contract's limit). */
export const maxSegmentKeyLength = 200;

export interface SegmentTaste {
  readonly facet: TasteFacet;
  readonly feature: string;
}

const order = (a: SegmentTaste, b: SegmentTaste): number =>
  a.facet < b.facet ? -1 : a.facet > b.facet ? 1 : a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0;

/** Whether a feature phrase can sit in a key (normalised phrases always can: letters, digits and spaces). */
export const keyableFeature = (feature: string): boolean =>
  feature.trim() !== '' && !/[+:]/.test(feature) && feature.trim() === feature;

/**
 * A segment's stable key: its tastes in facet then phrase order, `facet:phrase` joined by `+`
 * ("colour:black+material:leather+style:structured"). The same tastes give the same key in every run and
 * scope, and the key alone says who is in the segment (it never contains the run or the clients).
 */
export function segmentKey(tastes: readonly SegmentTaste[]): string {
  return [...tastes]
    .sort(order)
    .map((t) => `${t.facet}:${t.feature}`)
    .join('+');
}

/**
 * The tastes of a segment key, or null when the text is not one (a plain interest phrase never holds a ":").
 * A key must name two to four distinct taste features, at least one of them not a colour.
 */
export function parseSegmentKey(key: string): SegmentTaste[] | null {
  if (!key.includes(':')) return null;
  const tastes: SegmentTaste[] = [];
  for (const part of key.split('+')) {
    const at = part.indexOf(':');
    const facet = part.slice(0, at);
    const feature = part.slice(at + 1);
    if (at <= 0 || !isTasteFacet(facet) || !keyableFeature(feature)) return null;
    tastes.push({ facet, feature });
  }
  const distinct = new Set(tastes.map((t) => t.feature)).size === tastes.length;
  if (!distinct || tastes.length < segmentTastes.min || tastes.length > segmentTastes.max) return null;
  if (tastes.every((t) => t.facet === 'colour')) return null;
  return segmentKey(tastes) === key ? tastes : null;
}
