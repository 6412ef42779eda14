import {
  isTasteFacet,
  keyableFeature,
  maxSegmentKeyLength,
  segmentKey,
  segmentTastes,
  type TasteFacet,
} from '../domain/segments.js';
import type { Facet } from '../domain/features.js';

/**
 * Finding micro-segments: combinations of two to four tastes that clients share far more often than chance,
 * over compact arrays (a book of 25,000 clients in tens of milliseconds). Pure: the profiles come in, the
 * segments go out; reading and naming them is read.ts's and segment-names.ts's.
 *
 * 1. Seeds: pairs of tastes held together by at least `minSupport` clients and at least twice as often as
 *    if tastes were independent (two colours never pair; nor a phrase and a phrase inside it, "leather" and
 *    "structured leather", which say one thing twice). Strongest first by n·ln(lift), the pair's share of the
 *    book's mutual information: large, tight pairs before tiny rare ones.
 * 2. Growth: a seed takes on, one at a time, the taste its members share most (held by at least a quarter of
 *    them and by `minSupport`, at least three times as often as in the book, and whose own holders mostly hold
 *    the theme already),
 *    up to four tastes and two colours. Members: clients holding at least two of the tastes, one not a colour.
 * 3. A theme whose members are mostly (half of the smaller) another's is the same community: the stronger seed
 *    keeps it, and the pairs inside a theme seed nothing more.
 * 4. Distinctness: lift = members / expected, where expected is how many clients would hold two of the tastes
 *    if each client's tastes were independent draws at the book's rates. It is smoothed as (members + α) /
 *    (expected + α) with α = `minSupport`, as if α more clients sat at chance level: three clients who share
 *    two rare tastes (lift 80) do not outrank a community of three hundred (lift 4). The list sorts on it.
 */

export interface TasteBook {
  /** Clients, indexed 0..clientCount-1; client i's tastes are entries offsets[i]..offsets[i+1]. */
  readonly clientCount: number;
  readonly offsets: Int32Array;
  readonly features: Int32Array;
  readonly weights: Float64Array;
  readonly featureNames: readonly string[];
  readonly featureFacets: readonly TasteFacet[];
}

/**
 * Compact profiles from each client's interests: only taste facets and phrases a key can hold, one entry per
 * feature (its strongest weight), features numbered in order of first appearance.
 */
export function tasteBook(
  profiles: readonly { readonly features: readonly string[]; readonly weights: readonly number[] }[],
  facetOf: (feature: string) => Facet | undefined,
): TasteBook {
  const ids = new Map<string, number>();
  const featureNames: string[] = [];
  const featureFacets: TasteFacet[] = [];
  const offsets = new Int32Array(profiles.length + 1);
  const features: number[] = [];
  const weights: number[] = [];
  profiles.forEach((p, i) => {
    const start = features.length;
    p.features.forEach((name, k) => {
      let id = ids.get(name);
      if (id === undefined) {
        const facet = facetOf(name);
        if (facet === undefined || !isTasteFacet(facet) || !keyableFeature(name)) return;
        id = featureNames.length;
        ids.set(name, id);
        featureNames.push(name);
        featureFacets.push(facet);
      }
      const w = p.weights[k] ?? 0;
      const at = features.indexOf(id, start);
      if (at < 0) {
        features.push(id);
        weights.push(w);
      } else weights[at] = Math.max(weights[at]!, w);
    });
    offsets[i + 1] = features.length;
  });
  return {
    clientCount: profiles.length,
    offsets,
    features: Int32Array.from(features),
    weights: Float64Array.from(weights),
    featureNames,
    featureFacets,
  };
}

export interface FoundTaste {
  readonly facet: TasteFacet;
  readonly feature: string;
  /** Share of the segment's members who hold it. */
  readonly share: number;
  /** That share over its share of the whole book. */
  readonly lift: number;
}

export interface FoundSegment {
  readonly key: string;
  /** Most held first. */
  readonly tastes: readonly FoundTaste[];
  /** Client indices, ascending. */
  readonly members: Int32Array;
  readonly expected: number;
  readonly lift: number;
  readonly distinctness: number;
}

const rule = { seedLift: 2, share: 0.25, lift: 3, back: 0.5, overlap: 0.5, colours: 2 } as const;

const nested = (a: string, b: string): boolean => ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `);

/** How many of `n` clients would hold at least two of these tastes, one not a colour, were tastes independent. */
function expectedMembers(rates: readonly number[], colour: readonly boolean[], n: number): number {
  // p[held 0/1/2+][any non-colour 0/1]
  let p = [1, 0, 0, 0, 0, 0];
  rates.forEach((r, i) => {
    const next = [0, 0, 0, 0, 0, 0];
    for (let held = 0; held < 3; held++)
      for (let plain = 0; plain < 2; plain++) {
        const v = p[held * 2 + plain]!;
        next[held * 2 + plain]! += v * (1 - r);
        next[Math.min(2, held + 1) * 2 + (plain || (colour[i] ? 0 : 1))]! += v * r;
      }
    p = next;
  });
  return n * p[5]!;
}

/** Who holds each taste (CSR: holders[holderOffsets[f]..holderOffsets[f+1]]), and how many hold any. */
function tasteHolders(book: TasteBook) {
  const { clientCount: n, offsets, features } = book;
  const F = book.featureNames.length;
  const held = new Int32Array(F);
  for (const f of features) held[f]!++;
  const holderOffsets = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) holderOffsets[f + 1] = holderOffsets[f]! + held[f]!;
  const holders = new Int32Array(features.length);
  const fill = holderOffsets.slice(0, F);
  let booked = 0;
  for (let c = 0; c < n; c++) {
    if (offsets[c + 1]! > offsets[c]!) booked++;
    for (let k = offsets[c]!; k < offsets[c + 1]!; k++) holders[fill[features[k]!]!++] = c;
  }
  return { held, holderOffsets, holders, booked };
}

/** Step 1: the pairs worth growing, strongest first. */
function seedPairs(
  book: TasteBook,
  held: Int32Array,
  booked: number,
  support: number,
): { a: number; b: number; score: number }[] {
  const { clientCount: n, offsets, features, featureNames: names, featureFacets: facets } = book;
  const F = names.length;
  const pairs = new Map<number, number>();
  for (let c = 0; c < n; c++)
    for (let i = offsets[c]!; i < offsets[c + 1]!; i++)
      for (let j = i + 1; j < offsets[c + 1]!; j++) {
        const a = Math.min(features[i]!, features[j]!);
        const b = Math.max(features[i]!, features[j]!);
        if (facets[a] === 'colour' && facets[b] === 'colour') continue;
        pairs.set(a * F + b, (pairs.get(a * F + b) ?? 0) + 1);
      }
  return [...pairs]
    .flatMap(([pair, count]) => {
      const a = Math.floor(pair / F);
      const b = pair % F;
      const lift = (count * booked) / (held[a]! * held[b]!);
      if (count < support || lift < rule.seedLift || nested(names[a]!, names[b]!)) return [];
      return [{ a, b, score: count * Math.log(lift) }];
    })
    .sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
}

export function findSegments(book: TasteBook, options: { readonly minSupport: number }): FoundSegment[] {
  const { clientCount: n, offsets, features, featureNames: names, featureFacets: facets } = book;
  const F = names.length;
  const colour = facets.map((f) => f === 'colour');
  const { held, holderOffsets, holders, booked } = tasteHolders(book);
  if (booked === 0) return [];
  const rate = (f: number) => held[f]! / booked;
  const support = Math.max(1, options.minSupport);
  const seeds = seedPairs(book, held, booked, support);

  const count = new Uint8Array(n);
  const plain = new Uint8Array(n);
  const mark = new Uint8Array(n);
  const touched = new Int32Array(n);
  const membersOf = (theme: readonly number[]): Int32Array => {
    let size = 0;
    for (const f of theme)
      for (let k = holderOffsets[f]!; k < holderOffsets[f + 1]!; k++) {
        const c = holders[k]!;
        if (count[c] === 0) touched[size++] = c;
        count[c]!++;
        if (!colour[f]) plain[c] = 1;
      }
    let kept = 0;
    for (let i = 0; i < size; i++) {
      const c = touched[i]!;
      if (count[c]! >= segmentTastes.held && plain[c] === 1) touched[kept++] = c;
      else count[c] = plain[c] = 0;
    }
    const out = touched.slice(0, kept);
    for (const c of out) count[c] = plain[c] = 0;
    return out.sort();
  };
  const tastesHeld = new Int32Array(F);
  const grow = (seed: readonly number[]): { theme: number[]; members: Int32Array } => {
    const theme = [...seed];
    let members = membersOf(theme);
    while (theme.length < segmentTastes.max) {
      const seen: number[] = [];
      for (const c of members)
        for (let k = offsets[c]!; k < offsets[c + 1]!; k++) {
          const f = features[k]!;
          if (tastesHeld[f] === 0) seen.push(f);
          tastesHeld[f]!++;
        }
      for (const f of theme)
        for (let k = holderOffsets[f]!; k < holderOffsets[f + 1]!; k++) mark[holders[k]!] = 1;
      const colours = theme.filter((f) => colour[f]).length;
      const key = (f: number) =>
        segmentKey([...theme, f].map((t) => ({ facet: facets[t]!, feature: names[t]! })));
      let best = -1;
      let bestValue = 0;
      for (const f of seen) {
        const inSegment = tastesHeld[f]! / members.length;
        const lift = inSegment / rate(f);
        if (theme.includes(f) || tastesHeld[f]! < support || inSegment < rule.share || lift < rule.lift)
          continue;
        if ((colour[f] && colours >= rule.colours) || theme.some((t) => nested(names[t]!, names[f]!)))
          continue;
        let back = 0;
        for (let k = holderOffsets[f]!; k < holderOffsets[f + 1]!; k++) back += mark[holders[k]!]!;
        const value = inSegment * Math.log(lift);
        if (back / held[f]! < rule.back || value <= bestValue || key(f).length > maxSegmentKeyLength)
          continue;
        best = f;
        bestValue = value;
      }
      for (const f of seen) tastesHeld[f] = 0;
      for (const f of theme)
        for (let k = holderOffsets[f]!; k < holderOffsets[f + 1]!; k++) mark[holders[k]!] = 0;
      if (best < 0) break;
      theme.push(best);
      members = membersOf(theme);
    }
    return { theme, members };
  };

  const found: { theme: number[]; members: Int32Array }[] = [];
  const covered = new Set<number>();
  const overlapsFound = (members: Int32Array): boolean => {
    for (const c of members) mark[c] = 1;
    const overlapping = found.some((o) => {
      let shared = 0;
      for (const c of o.members) shared += mark[c]!;
      return shared >= rule.overlap * Math.min(o.members.length, members.length);
    });
    for (const c of members) mark[c] = 0;
    return overlapping;
  };
  for (const { a, b } of seeds) {
    if (covered.has(a * F + b) || overlapsFound(membersOf([a, b]))) continue;
    const theme = grow([a, b]);
    for (const x of theme.theme) for (const y of theme.theme) if (x < y) covered.add(x * F + y);
    if (theme.members.length < support || overlapsFound(theme.members)) continue;
    found.push(theme);
  }
  return found
    .map(({ theme, members }) => describe(book, theme, members, { colour, rate, booked, support }))
    .sort(
      (x, y) =>
        y.distinctness - x.distinctness ||
        y.members.length - x.members.length ||
        (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
    );
}

function describe(
  book: TasteBook,
  theme: readonly number[],
  members: Int32Array,
  ctx: { colour: readonly boolean[]; rate: (f: number) => number; booked: number; support: number },
): FoundSegment {
  const { offsets, features, featureNames: names, featureFacets: facets } = book;
  const inTheme = new Map(theme.map((f, i) => [f, i]));
  const holding = new Array<number>(theme.length).fill(0);
  for (const c of members)
    for (let k = offsets[c]!; k < offsets[c + 1]!; k++) {
      const i = inTheme.get(features[k]!);
      if (i !== undefined) holding[i]!++;
    }
  const tastes = theme
    .map((f, i): FoundTaste => {
      const share = holding[i]! / members.length;
      return { facet: facets[f]!, feature: names[f]!, share, lift: share / ctx.rate(f) };
    })
    .sort((x, y) => y.share - x.share || (x.feature < y.feature ? -1 : 1));
  const expected = expectedMembers(
    theme.map((f) => ctx.rate(f)),
    theme.map((f) => ctx.colour[f]!),
    ctx.booked,
  );
  return {
    key: segmentKey(tastes),
    tastes,
    members,
    expected,
    lift: members.length / expected,
    distinctness: (members.length + ctx.support) / (expected + ctx.support),
  };
}
