import type { Db } from '../db/open.js';
import { latestCompletedRun } from '../db/runs/engine-store.js';
import { clientsByIds } from '../db/runs/load-queries.js';
import { itemsByIds } from '../db/runs/read-queries.js';
import {
  featureFacets,
  recommendedItemRows,
  tasteProfileRows,
  type TasteProfileRow,
} from '../db/runs/segment-queries.js';
import { wholeBoutique, type BookFilter } from '../db/outreach/book.js';
import type { HeroItemView, SegmentView } from '../api/contract/index.js';
import { findSegments, tasteBook, type FoundSegment, type TasteBook } from './segments.js';
import { segmentName } from './segment-names.js';

/**
 * Insights' micro-segments and hero items from the last completed run. The segments are found across the
 * whole boutique (so a segment is the same, with the same key, in every scope and every store's figures),
 * then counted within the book asked for: the associate's own, her store's or all. Consent is read as it is
 * now: a client who has since refused profiling is in no segment.
 */

export interface SegmentOptions {
  /** Clients a segment needs within the book to be listed (and, across the boutique, to be found). */
  readonly minClients?: number;
  readonly limit?: number;
  readonly clientLimit?: number;
  /** Whose clients: the associate's own book, her store's or all (the default). */
  readonly book?: BookFilter;
}

/** A segment is found when at least this share of the boutique's profiled clients share it. */
const boutiqueShare = 0.01;
/** An item speaks to a segment when at least this share of its clients are recommended it. */
const heroSegmentShare = 0.05;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

interface ScopedSegment {
  readonly view: SegmentView;
  /** Its clients within the book. */
  readonly memberIds: readonly number[];
}

function scopedSegments(db: Db, runId: number, options: SegmentOptions): ScopedSegment[] {
  const minClients = options.minClients ?? 3;
  const clientLimit = options.clientLimit ?? 50;
  const rows = tasteProfileRows(db, runId, options.book ?? wholeBoutique);
  const { book, found } = findBoutiqueSegments(db, runId, rows, minClients);
  const featureIds = new Map(book.featureNames.map((name, id) => [name, id]));
  const { offsets, features, weights } = book;
  const scoped = found.flatMap((segment) => {
    const tastes = new Set(segment.tastes.map((t) => featureIds.get(t.feature)!));
    const members: number[] = [];
    const strengths = new Map<number, number>();
    for (const c of segment.members) {
      if (!rows[c]!.inScope) continue;
      // Her mean weight over the segment's tastes (one not held weighs 0), as segmentMembersSql has it.
      let sum = 0;
      for (let k = offsets[c]!; k < offsets[c + 1]!; k++) if (tastes.has(features[k]!)) sum += weights[k]!;
      members.push(c);
      strengths.set(c, sum / tastes.size);
    }
    if (members.length < Math.max(1, minClients)) return [];
    members.sort((a, b) => strengths.get(b)! - strengths.get(a)! || rows[a]!.clientId - rows[b]!.clientId);
    return [{ segment, members, strengths }];
  });
  const listed = scoped.slice(0, options.limit ?? 20);
  const people = clientsByIds(
    db,
    listed.flatMap((s) => s.members.slice(0, clientLimit).map((c) => rows[c]!.clientId)),
  );
  return listed.map(({ segment, members, strengths }) => {
    const stores = new Map<string | null, number>();
    let total = 0;
    for (const c of members) {
      stores.set(rows[c]!.store, (stores.get(rows[c]!.store) ?? 0) + 1);
      total += strengths.get(c)!;
    }
    const memberIds = members.map((c) => rows[c]!.clientId);
    const view: SegmentView = {
      key: segment.key,
      name: segmentName(segment.tastes),
      tastes: segment.tastes.map((t) => ({ ...t, share: round(t.share, 3), lift: round(t.lift, 2) })),
      clientCount: members.length,
      stores: [...stores]
        .map(([store, clients]) => ({ store, clients }))
        .sort((a, b) => b.clients - a.clients || (a.store ?? '\uffff').localeCompare(b.store ?? '\uffff')),
      lift: round(segment.lift, 2),
      distinctness: round(segment.distinctness, 2),
      meanStrength: round(total / members.length, 4),
      clients: memberIds.slice(0, clientLimit).flatMap((id) => {
        const c = people.get(id);
        return c ? [{ id: c.id, externalId: c.externalId, name: c.name }] : [];
      }),
    };
    return { view, memberIds };
  });
}

/** The segments across every consenting client of the run, in the order of their distinctness. */
function findBoutiqueSegments(
  db: Db,
  runId: number,
  rows: readonly TasteProfileRow[],
  minClients: number,
): { book: TasteBook; found: FoundSegment[] } {
  const firstHolder = new Map<string, number>();
  for (const row of rows)
    for (const f of row.features) if (!firstHolder.has(f)) firstHolder.set(f, row.clientId);
  const facets = featureFacets(db, runId, firstHolder);
  const book = tasteBook(rows, (f) => facets.get(f));
  let profiled = 0;
  for (let c = 0; c < book.clientCount; c++) if (book.offsets[c + 1]! > book.offsets[c]!) profiled++;
  const minSupport = Math.max(minClients, Math.ceil(boutiqueShare * profiled));
  return { book, found: findSegments(book, { minSupport }) };
}

/** Micro-segments of `book`'s clients, most distinct first. Empty before any run. */
export function segmentViews(db: Db, options: SegmentOptions = {}): SegmentView[] {
  const run = latestCompletedRun(db);
  return run ? scopedSegments(db, run.id, options).map((s) => s.view) : [];
}

export interface HeroOptions extends SegmentOptions {
  readonly heroLimit?: number;
}

/**
 * The segments, and the items recommended (in a client's top 10) to the clients of several of them: pieces
 * worth featuring to them all. A segment counts for an item once `minClients` of its clients, and 5 % of them,
 * have it.
 */
export function segmentsAndHeroItems(
  db: Db,
  options: HeroOptions = {},
): { segments: SegmentView[]; heroItems: HeroItemView[] } {
  const run = latestCompletedRun(db);
  if (!run) return { segments: [], heroItems: [] };
  const scoped = scopedSegments(db, run.id, options);
  const segmentsOf = new Map<number, number[]>();
  scoped.forEach((s, i) => {
    for (const id of s.memberIds) {
      const of = segmentsOf.get(id);
      if (of) of.push(i);
      else segmentsOf.set(id, [i]);
    }
  });
  // Per item: how many of the listed segments' clients have it, then how many of each segment's.
  const perItem = new Map<number, Int32Array>();
  for (const { clientId, itemIds } of recommendedItemRows(db, run.id, [...segmentsOf.keys()], 10))
    for (const itemId of new Set(itemIds)) {
      let counts = perItem.get(itemId);
      if (!counts) perItem.set(itemId, (counts = new Int32Array(scoped.length + 1)));
      counts[0]!++;
      for (const i of segmentsOf.get(clientId)!) counts[i + 1]!++;
    }
  // A segment counts for an item when enough of its clients have it: `minClients`, and a share of the segment
  // (on a big book a few clients of every segment are given any popular piece).
  const enough = scoped.map((s) =>
    Math.max(options.minClients ?? 3, Math.ceil(heroSegmentShare * s.view.clientCount)),
  );
  const ranked = [...perItem]
    .map(([itemId, counts]) => ({
      itemId,
      clientCount: counts[0]!,
      segments: enough
        .flatMap((least, i) => (counts[i + 1]! >= least ? [{ i, clients: counts[i + 1]! }] : []))
        .sort((a, b) => b.clients - a.clients || a.i - b.i),
    }))
    .filter((h) => h.segments.length >= 2)
    .sort(
      (a, b) => b.segments.length - a.segments.length || b.clientCount - a.clientCount || a.itemId - b.itemId,
    )
    .slice(0, options.heroLimit ?? 10);
  const items = itemsByIds(
    db,
    ranked.map((h) => h.itemId),
  );
  const heroItems = ranked.flatMap((h) => {
    const item = items.get(h.itemId);
    if (!item) return [];
    const segments = h.segments.map(({ i, clients }) => ({
      key: scoped[i]!.view.key,
      name: scoped[i]!.view.name,
      clients,
    }));
    return [{ item, segments, clientCount: h.clientCount }];
  });
  return { segments: scoped.map((s) => s.view), heroItems };
}
