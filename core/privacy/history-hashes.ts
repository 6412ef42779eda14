import type { Db } from '../db/open.js';
import {
  clientHistoryNewestFirst,
  reasoningHistoryDepths,
  storedHistoryHashes,
} from '../db/clients/erase.js';
import { itemsForReasoningByIds } from '../db/runs/load-queries.js';
import { clientHistoryHash } from '../jobs/reason/plan.js';

/** What a model is shown of a client at most (core/reasoning/llama/prompts.ts, `clientData`). */
const shownItems = 8;
/** The reasoning job's default depth (core/jobs/reason/job.ts). */
const defaultDepth = 8;

/**
 * Every history hash a reasoning run may have keyed one of her cached answers by. The cache is keyed by what a
 * model was shown (her most recent distinct pieces), not by her id: besides the hashes her stored reasoning and
 * failures name, a run with `historyBefore` (or one before her latest visits) saw an earlier cut of her
 * history. Each cut is a prefix in time, so hashing the recent pieces after each of her visit times, at every
 * depth the runs used, finds them all, as long as the pieces' catalog text is still the one they were shown.
 */
export function clientHistoryHashes(db: Db, clientId: number): string[] {
  const hashes = new Set(storedHistoryHashes(db, clientId));
  const history = clientHistoryNewestFirst(db, clientId);
  if (history.length === 0) return [...hashes];
  const items = new Map(
    itemsForReasoningByIds(db, [...new Set(history.map((h) => h.itemId))]).map((i) => [i.id, i]),
  );
  const depths = new Set(
    [defaultDepth, ...reasoningHistoryDepths(db)].filter((d) => d > 0).map((d) => Math.min(d, shownItems)),
  );
  // Cut after each distinct visit time, newest first: the pieces at or before it, most recent first, distinct.
  for (let cut = 0; cut < history.length; cut++) {
    if (cut > 0 && history[cut]!.occurredAt === history[cut - 1]!.occurredAt) continue;
    for (const depth of depths) {
      const seen = new Set<number>();
      const recentItems: { item: NonNullable<ReturnType<typeof items.get>>; kind: string }[] = [];
      for (let e = cut; e < history.length && seen.size < depth; e++) {
        const entry = history[e]!;
        if (seen.has(entry.itemId)) continue;
        seen.add(entry.itemId);
        const item = items.get(entry.itemId);
        if (item !== undefined) recentItems.push({ item, kind: entry.kind });
      }
      hashes.add(clientHistoryHash({ id: clientId, recentItems }));
    }
  }
  return [...hashes];
}
