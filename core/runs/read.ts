import type { InteractionKind } from '../domain/catalog.js';
import {
  groupInterestRows,
  interestRows,
  itemsByIds,
  neighbourRows,
  recommendationRows,
} from '../db/runs/read-queries.js';
import { clientInteractions, clientsByIds, type ClientConsent } from '../db/runs/load-queries.js';
import {
  latestCompletedRun,
  runRowCounts,
  runningOptimizeRun,
  type OptimizeRun,
} from '../db/runs/engine-store.js';
import type { Db } from '../db/open.js';
import type { ItemSummary } from '../api/contract/shared.js';
import { interestPhrase, kindsText, reasonText } from './reasons.js';
import type {
  ClientInterestsView,
  ClientRecommendationsView,
  ClientRef,
  EvidenceItem,
  HeroItemView,
  SegmentView,
} from '../api/contract/index.js';
import { wholeBoutique, type BookFilter } from '../db/outreach/book.js';
import { segmentViews, segmentsAndHeroItems, type SegmentOptions } from './segment-views.js';

export type * from '../api/contract/index.js';

/**
 * What the UI and the CLI read from the last completed optimize run, names and titles resolved. Consent is
 * read as it is now: a client who has since refused profiling shows no inferred interests or recommendations,
 * and never appears as anyone's evidence, even in rows an older run wrote. The shapes are in read-types.ts.
 */

export interface RunSummary extends OptimizeRun {
  readonly counts: Readonly<Record<string, number>>;
}

const ref = (c: ClientConsent): ClientRef => ({ id: c.id, externalId: c.externalId, name: c.name });

export function latestRunSummary(db: Db): RunSummary | null {
  const run = latestCompletedRun(db);
  return run ? { ...run, counts: runRowCounts(db, run.id) } : null;
}

/** The run in progress, if any (the UI shows its progress next to the last completed run). */
export function currentOptimizeRun(db: Db): OptimizeRun | null {
  return runningOptimizeRun(db);
}

function strongestKinds(db: Db, clientId: number): Map<number, InteractionKind> {
  const order: readonly InteractionKind[] = ['return', 'view', 'wishlist', 'try-on', 'purchase'];
  const out = new Map<number, InteractionKind>();
  for (const row of clientInteractions(db, clientId)) {
    const prev = out.get(row.itemId);
    if (prev === undefined || order.indexOf(row.kind) > order.indexOf(prev)) out.set(row.itemId, row.kind);
  }
  return out;
}

function evidenceItems(
  ids: readonly number[],
  items: ReadonlyMap<number, ItemSummary>,
  kinds: ReadonlyMap<number, InteractionKind> | null,
): EvidenceItem[] {
  return ids.flatMap((id) => {
    const it = items.get(id);
    return it ? [{ id, externalId: it.externalId, title: it.title, kind: kinds?.get(id) ?? null }] : [];
  });
}

/** A client's explicit and group interests and neighbours from the last completed run; null before any run. */
export function clientInterests(db: Db, clientId: number, limit = 20): ClientInterestsView | null {
  const run = latestCompletedRun(db);
  const client = clientsByIds(db, [clientId]).get(clientId);
  if (!run || !client) return null;
  const empty = { runId: run.id, client: ref(client), explicit: [], group: [], neighbours: [] };
  if (!client.consentProfiling) return { ...empty, profilingAllowed: false };
  const explicitRows = interestRows(db, run.id, clientId, limit);
  const groupRows = groupInterestRows(db, run.id, clientId, limit);
  const neighbourList = neighbourRows(db, run.id, clientId);
  const people = clientsByIds(db, [
    ...groupRows.flatMap((g) => g.evidenceNeighbours),
    ...neighbourList.map((n) => n.neighbourId),
  ]);
  const consenting = (id: number): ClientConsent | undefined => {
    const c = people.get(id);
    return c?.consentProfiling ? c : undefined;
  };
  const items = itemsByIds(db, [
    ...explicitRows.flatMap((r) => r.evidenceItems),
    ...groupRows.flatMap((g) => g.evidenceItems),
  ]);
  const kinds = strongestKinds(db, clientId);
  const explicit = explicitRows.map((r) => {
    const evidence = evidenceItems(r.evidenceItems, items, kinds);
    const counts: Partial<Record<InteractionKind, number>> = {};
    for (const e of evidence) if (e.kind !== null) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
    const from = kindsText(counts);
    return {
      ...r,
      label: interestPhrase(r.feature, r.facet),
      evidence,
      explanation: from !== '' ? `from ${from}` : '',
    };
  });
  const group = groupRows.flatMap((g) => {
    const neighbours = g.evidenceNeighbours.flatMap((id) => {
      const c = consenting(id);
      return c ? [ref(c)] : [];
    });
    const withdrawn = g.evidenceNeighbours.length - neighbours.length;
    const neighbourCount = Math.max(0, g.neighbourCount - withdrawn);
    if (neighbourCount === 0) return [];
    return [
      {
        feature: g.feature,
        facet: g.facet,
        label: interestPhrase(g.feature, g.facet),
        strength: g.strength,
        neighbourCount,
        neighbours,
        items: evidenceItems(g.evidenceItems, items, null),
        explanation: `${neighbourCount === 1 ? '1 client' : `${neighbourCount} clients`} with similar taste`,
      },
    ];
  });
  const neighbours = neighbourList.flatMap((n) => {
    const c = consenting(n.neighbourId);
    return c ? [{ ...ref(c), similarity: n.similarity }] : [];
  });
  return { ...empty, profilingAllowed: true, explicit, group, neighbours };
}

/** A client's ranked recommendations with reason sentences; null before any run or for an unknown client. */
export function clientRecommendations(db: Db, clientId: number, n = 10): ClientRecommendationsView | null {
  const run = latestCompletedRun(db);
  const client = clientsByIds(db, [clientId]).get(clientId);
  if (!run || !client) return null;
  if (!client.consentProfiling)
    return { runId: run.id, client: ref(client), profilingAllowed: false, items: [] };
  const rows = recommendationRows(db, run.id, clientId, n);
  const people = clientsByIds(
    db,
    rows.flatMap((r) => r.reasons.flatMap((x) => x.clients)),
  );
  const items = itemsByIds(db, [
    ...rows.map((r) => r.itemId),
    ...rows.flatMap((r) => r.reasons.flatMap((x) => x.items)),
  ]);
  const titles = new Map([...items].map(([id, it]) => [id, it.title]));
  const views = rows.flatMap((row) => {
    const item = items.get(row.itemId);
    if (!item) return [];
    const reasons = row.reasons.map((r) => {
      // A neighbour who has since refused profiling no longer counts as evidence.
      const withdrawn = r.clients.filter((id) => people.get(id)?.consentProfiling !== true).length;
      const adjusted =
        withdrawn > 0
          ? { ...r, count: Math.max(0, r.count - withdrawn), bought: Math.max(0, r.bought - withdrawn) }
          : r;
      return {
        source: r.source,
        text: reasonText(adjusted, { clientName: client.name, titles }),
        feature: r.feature,
        share: r.share,
      };
    });
    return [{ rank: row.rank, item, score: row.score, reasons }];
  });
  return { runId: run.id, client: ref(client), profilingAllowed: true, items: views };
}

export type { SegmentOptions } from './segment-views.js';

/**
 * Micro-segments: clients who share a combination of tastes, found across the boutique, counted within the
 * book asked for, most distinct first (core/runs/segments.ts). Empty before any run.
 */
export function segments(db: Db, options: SegmentOptions = {}): SegmentView[] {
  return segmentViews(db, options);
}

/** Items recommended across several of `book`'s segments: pieces worth featuring to them all. */
export function heroItems(
  db: Db,
  limit = 10,
  minClients = 3,
  book: BookFilter = wholeBoutique,
): HeroItemView[] {
  return segmentsAndHeroItems(db, { heroLimit: limit, minClients, book, limit: 24 }).heroItems;
}
