import type { Db } from '../db/open.js';
import {
  arrivedSince,
  interestsOnFeatures,
  ownedPieces,
  type ArrivedItem,
  type ClientInterests,
  type OwnedPieces,
  type TodayClient,
} from '../db/outreach/today-queries.js';
import type { Feature } from '../domain/features.js';
import type { ReasonerKind } from '../domain/reasoners.js';
import { featuresOfItems } from '../runs/item-features.js';
import {
  arrivalsReason,
  type ArrivalMatch,
  type ScoredReason,
  type SuggestedPiece,
} from './today-reasons.js';

/**
 * Today's new arrivals: the pieces that arrived since `floor`, matched against the run's interests of each
 * client. How well a piece matches her: the sum over its features of the piece's weight times her explicit
 * interest and her group interest in it; which of the two weighed more; the two features that matched most. She
 * is matched only against the pieces that share one of her interests, that arrived since she was last contacted,
 * and that she does not own (nor one of their variant group).
 *
 * A big book is tens of thousands of clients, so phrases and pieces are small numbers here and the work for one
 * client is only her interests' share of the pieces: her weights are spread on scratch arrays indexed by phrase,
 * the places her phrases hold in each piece are marked on a bit mask, and a piece's sums add the marked terms in
 * the order of its features. A feature she has no interest in adds an exact zero, so these are the very sums a
 * plain loop over every feature makes (features are finite, as the reasoners make them).
 */
export interface ArrivalsLine {
  readonly client: TodayClient;
  readonly reason: ScoredReason;
  readonly pieces: SuggestedPiece[];
}

/** At most this many lines of new arrivals (the best matches of the book). */
const arrivalLines = 25;

/** A piece with more features than a mask holds has its sums made over every feature. */
const maskBits = 30;

interface Catalog {
  readonly arrived: readonly ArrivedItem[];
  /** Each piece's features in its own order, as phrase numbers and weights. */
  readonly phrases: readonly Int32Array[];
  readonly weights: readonly Float64Array[];
  /** By phrase number (from `start[p]` to `start[p + 1]`): the pieces that have it, and its place in each. */
  readonly start: Int32Array;
  readonly pieceAt: Int32Array;
  readonly placeAt: Int32Array;
  readonly phraseOf: ReadonlyMap<string, number>;
  readonly names: readonly string[];
}

function catalogOf(
  arrived: readonly ArrivedItem[],
  features: ReadonlyMap<number, readonly Feature[]>,
): Catalog {
  const phraseOf = new Map<string, number>();
  const names: string[] = [];
  const holders: number[][] = [];
  const phrases: Int32Array[] = [];
  const weights: Float64Array[] = [];
  arrived.forEach((a, item) => {
    const list = features.get(a.id) ?? [];
    const ps = new Int32Array(list.length);
    const ws = new Float64Array(list.length);
    list.forEach((f, k) => {
      let p = phraseOf.get(f.phrase);
      if (p === undefined) {
        phraseOf.set(f.phrase, (p = names.length));
        names.push(f.phrase);
        holders.push([]);
      }
      holders[p]!.push(item, k);
      ps[k] = p;
      ws[k] = f.weight;
    });
    phrases.push(ps);
    weights.push(ws);
  });
  const start = new Int32Array(names.length + 1);
  holders.forEach((h, p) => (start[p + 1] = start[p]! + h.length / 2));
  const pieceAt = new Int32Array(start[names.length]!);
  const placeAt = new Int32Array(start[names.length]!);
  holders.forEach((h, p) => {
    for (let j = 0; j < h.length; j += 2) {
      pieceAt[start[p]! + j / 2] = h[j]!;
      placeAt[start[p]! + j / 2] = h[j + 1]!;
    }
  });
  return { arrived, phrases, weights, start, pieceAt, placeAt, phraseOf, names };
}

/** A piece she may be sent: its number, item id and sums. */
interface Candidate {
  readonly item: number;
  readonly id: number;
  readonly score: number;
  readonly own: number;
  readonly others: number;
}

/** Puts `entry` in its place in `list` (best first, at most `limit`); `ahead` tells whether it goes before. */
function keepBest<T>(list: T[], entry: T, limit: number, ahead: (a: T, b: T) => boolean): void {
  let at = list.length;
  while (at > 0 && ahead(entry, list[at - 1]!)) at--;
  if (at >= limit) return;
  list.splice(at, 0, entry);
  if (list.length > limit) list.pop();
}

/** A client of the book and the score of her best piece. */
interface Winner {
  readonly client: TodayClient;
  readonly score: number;
}

/** Her pieces by score, then item id; the book's clients by their best piece's score, then client id. */
const pieceAhead = (a: Candidate, b: Candidate) => a.score > b.score || (a.score === b.score && a.id < b.id);
const clientAhead = (a: Winner, b: Winner) =>
  a.score > b.score || (a.score === b.score && a.client.id < b.client.id);

/**
 * One client at a time, on scratch arrays reused for the whole book: each take of a client has its own stamp
 * (marks left by an earlier one are told apart by theirs), and clears the weights the one before spread.
 */
class Matcher {
  readonly explicit: Float64Array;
  readonly group: Float64Array;
  private readonly phraseSeen: Int32Array;
  private readonly pieceSeen: Int32Array;
  private readonly places: Int32Array;
  /** Her phrases, and the pieces that have one of them. */
  readonly mine: number[] = [];
  readonly pieces: number[] = [];
  own = 0;
  others = 0;

  constructor(readonly catalog: Catalog) {
    const phrases = catalog.names.length;
    const pieces = catalog.arrived.length;
    this.explicit = new Float64Array(phrases);
    this.group = new Float64Array(phrases);
    this.phraseSeen = new Int32Array(phrases).fill(-1);
    this.pieceSeen = new Int32Array(pieces).fill(-1);
    this.places = new Int32Array(pieces);
  }

  /** Spreads her interests (weights by phrase number) and marks the places her phrases hold in the pieces. */
  take(stamp: number, explicit: ClientInterests | undefined, group: ClientInterests | undefined): void {
    for (const p of this.mine) this.explicit[p] = this.group[p] = 0;
    this.mine.length = 0;
    this.pieces.length = 0;
    if (explicit) this.spread(stamp, explicit, this.explicit);
    if (group) this.spread(stamp, group, this.group);
    const { start, pieceAt, placeAt } = this.catalog;
    for (const p of this.mine)
      for (let j = start[p]!; j < start[p + 1]!; j++) {
        const item = pieceAt[j]!;
        if (this.pieceSeen[item] !== stamp) {
          this.pieceSeen[item] = stamp;
          this.places[item] = 0;
          this.pieces.push(item);
        }
        if (placeAt[j]! < maskBits) this.places[item]! |= 1 << placeAt[j]!;
      }
  }

  private spread(stamp: number, rows: ClientInterests, into: Float64Array): void {
    for (let k = 0; k < rows.features.length; k++) {
      const p = this.catalog.phraseOf.get(rows.features[k]!);
      if (p === undefined) continue;
      into[p] = rows.weights[k]!;
      if (this.phraseSeen[p] !== stamp) {
        this.phraseSeen[p] = stamp;
        this.mine.push(p);
      }
    }
  }

  /** Her sums on a piece (into `own` and `others`), its features in their order. */
  sums(item: number): void {
    const ps = this.catalog.phrases[item]!;
    const ws = this.catalog.weights[item]!;
    let own = 0;
    let others = 0;
    if (ps.length > maskBits) {
      for (let k = 0; k < ps.length; k++) {
        own += ws[k]! * this.explicit[ps[k]!]!;
        others += ws[k]! * this.group[ps[k]!]!;
      }
    } else {
      for (let m = this.places[item]!; m !== 0; m &= m - 1) {
        const k = 31 - Math.clz32(m & -m);
        own += ws[k]! * this.explicit[ps[k]!]!;
        others += ws[k]! * this.group[ps[k]!]!;
      }
    }
    this.own = own;
    this.others = others;
  }

  /** The features that matched most (their part of the score), strongest first, ties by phrase. */
  features(item: number): string[] {
    const ps = this.catalog.phrases[item]!;
    const ws = this.catalog.weights[item]!;
    const parts: [string, number][] = [];
    for (let k = 0; k < ps.length; k++) {
      const p = ps[k]!;
      const part = ws[k]! * this.explicit[p]! + ws[k]! * this.group[p]!;
      if (part > 0) parts.push([this.catalog.names[p]!, part]);
    }
    parts.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return parts.slice(0, 2).map(([phrase]) => phrase);
  }
}

/** Her best pieces, at most `perLine` (her interests taken into the matcher). */
function bestPieces(
  matcher: Matcher,
  owned: OwnedPieces | undefined,
  after: string,
  perLine: number,
): Candidate[] {
  const arrived = matcher.catalog.arrived;
  const best: Candidate[] = [];
  for (const item of matcher.pieces) {
    const a = arrived[item]!;
    if (a.createdAt <= after || owned?.items.has(a.id)) continue;
    if (a.variantGroup !== null && owned?.groups.has(a.variantGroup)) continue;
    matcher.sums(item);
    const score = matcher.own + matcher.others;
    if (score > 0)
      keepBest(
        best,
        { item, id: a.id, score, own: matcher.own, others: matcher.others },
        perLine,
        pieceAhead,
      );
  }
  return best;
}

/** What the matching reads: the pieces that arrived with their features, the run's interests of the candidates
 * on those features, and what the candidates own among the pieces. */
export interface ArrivalsInput {
  readonly arrived: readonly ArrivedItem[];
  readonly features: ReadonlyMap<number, readonly Feature[]>;
  readonly explicit: readonly ClientInterests[];
  readonly group: readonly ClientInterests[];
  readonly owned: ReadonlyMap<number, OwnedPieces>;
}

/**
 * The book's best matches: at most `lines` candidates, by the score of their best piece (then client id), each
 * with her best pieces (at most `perLine`, by score, then item id). `since` is the instant after which a piece is
 * news to her.
 */
export function bestArrivals(
  input: ArrivalsInput,
  candidates: readonly TodayClient[],
  since: (client: TodayClient) => string,
  { lines, perLine }: { readonly lines: number; readonly perLine: number },
): { client: TodayClient; matches: ArrivalMatch[] }[] {
  const matcher = new Matcher(catalogOf(input.arrived, input.features));
  const explicitOf = new Map(input.explicit.map((r) => [r.clientId, r]));
  const groupOf = new Map(input.group.map((r) => [r.clientId, r]));
  const piecesOf = (client: TodayClient, stamp: number): Candidate[] => {
    const e = explicitOf.get(client.id);
    const g = groupOf.get(client.id);
    if (!e && !g) return [];
    matcher.take(stamp, e, g);
    return bestPieces(matcher, input.owned.get(client.id), since(client), perLine);
  };
  // The book's best clients by their best piece, then their pieces with their words for those only (taken again).
  const winners: Winner[] = [];
  candidates.forEach((client, n) => {
    const best = piecesOf(client, n)[0];
    if (best) keepBest(winners, { client, score: best.score }, lines, clientAhead);
  });
  return winners.map(({ client }, n) => ({
    client,
    matches: piecesOf(client, candidates.length + n).map((c): ArrivalMatch => ({
      item: input.arrived[c.item]!,
      score: c.score,
      source: c.own >= c.others ? 'explicit' : 'group',
      features: matcher.features(c.item),
    })),
  }));
}

/**
 * The lines of new arrivals for the candidates (clients who consented to both marketing and profiling): the best
 * `arrivalLines` of the book, each with its pieces (at most `perLine`).
 */
export function arrivalsLines(
  db: Db,
  candidates: readonly TodayClient[],
  run: { readonly id: number; readonly reasoner: ReasonerKind },
  floor: string,
  since: (client: TodayClient) => string,
  perLine: number,
): ArrivalsLine[] {
  const arrived = arrivedSince(db, floor);
  if (arrived.length === 0 || candidates.length === 0) return [];
  const features = featuresOfItems(
    db,
    arrived.map((a) => a.id),
    run.reasoner,
  );
  const phrases = [...new Set([...features.values()].flatMap((list) => list.map((f) => f.phrase)))];
  const ids = candidates.map((c) => c.id);
  const interests = interestsOnFeatures(db, run.id, ids, phrases);
  const owned = ownedPieces(db, ids, arrived);
  const found = bestArrivals({ arrived, features, ...interests, owned }, candidates, since, {
    lines: arrivalLines,
    perLine,
  });
  const top = found[0]?.matches[0]!.score ?? 0;
  return found.map(({ client, matches }) => ({ client, ...arrivalsReason(matches, top) }));
}
