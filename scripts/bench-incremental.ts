/**
 * Incremental-update benchmark on the demo boutique (840 clients, 480 items): a full optimize run, then
 * `updateClients` for 1 and for 20 clients who each just bought 4 pieces, each time on a fresh copy of the
 * optimized database (medians of --repeat runs). Then the alternative design it was chosen over: the similarity
 * graph from the run's stored interests (top 20 per client, 4 decimals) instead of every client's interests
 * recomputed from her history, and how many neighbour lists that would get wrong.
 *
 *   npx tsx scripts/bench-incremental.ts [--repeat 3]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { interactionRecordSchema } from '../core/domain/catalog.js';
import { fixedClock } from '../core/clock.js';
import { CatalogWriter } from '../core/db/catalog/store.js';
import { runNeighbourLists } from '../core/db/runs/refresh-queries.js';
import { interestRows } from '../core/db/runs/read-queries.js';
import { clientsWithConsent, itemsForReasoning } from '../core/db/runs/load-queries.js';
import { latestCompletedRun } from '../core/db/runs/engine-store.js';
import { checkpoint, openDatabase, type Db } from '../core/db/open.js';
import { seedDemo } from '../core/demo/index.js';
import { loadEngineInput } from '../core/runs/load.js';
import { optimizeBoutique } from '../core/jobs/optimize.js';
import { globalModel } from '../core/engine/incremental-model.js';
import { runSettings } from '../core/runs/settings.js';
import { runEngine } from '../core/engine/index.js';
import { updateClients, type ClientsUpdate } from '../core/runs/refresh.js';
import { SimilarityRows } from '../core/engine/similarity-rows.js';
import { CsrBuilder } from '../core/engine/sparse.js';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '3' } } });
const repeat = Math.max(1, Number(values.repeat));
const now = '2025-10-01T00:00:00.000Z';
const clock = fixedClock(now);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-incremental-'));
try {
  const optimized = join(dir, 'optimized.db');
  const base = openDatabase(optimized);
  seedDemo(base, {}, () => now);
  base.close();
  const fullMs: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const copy = join(dir, `full-${r}.db`);
    copyFileSync(optimized, copy);
    const db = openDatabase(copy);
    const started = performance.now();
    await optimizeBoutique(db, runEngine, { clock });
    fullMs.push(performance.now() - started);
    if (r === 0) {
      checkpoint(db);
      db.close();
      copyFileSync(copy, optimized);
    } else db.close();
  }
  console.log(`full optimize run: ${Math.round(median(fullMs))} ms (median of ${repeat})`);

  for (const clients of [1, 20]) {
    const updates: ClientsUpdate[] = [];
    for (let r = 0; r < repeat; r++) {
      const copy = join(dir, `update-${clients}-${r}.db`);
      copyFileSync(optimized, copy);
      const db = openDatabase(copy);
      const changed = buyPieces(db, clients, r);
      updates.push(updateClients(db, changed));
      db.close();
    }
    const ms = median(updates.map((u) => u.ms));
    const typical = updates.find((u) => u.ms === ms)!;
    console.log(
      `update ${String(clients).padStart(2)} client${clients === 1 ? ' ' : 's'}: ${ms} ms (median of ${repeat}; ` +
        `${(median(fullMs) / ms).toFixed(1)}x faster than a full run), ${typical.updated.length} clients ` +
        `rewritten, ${typical.neighbourListsChanged} neighbour lists changed, ${typical.rounds} rounds; ` +
        `stages ${JSON.stringify(typical.stageMs)}`,
    );
  }

  storedInterestsAlternative(optimized);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** `count` profiled clients (a different draw per repeat) each buy 4 pieces; returns their row ids. */
function buyPieces(db: Db, count: number, draw: number): number[] {
  const clients = clientsWithConsent(db).filter((c) => c.consentProfiling);
  const items = itemsForReasoning(db).map((item) => item.externalId);
  const writer = new CatalogWriter(db, () => now);
  const chosen = Array.from({ length: count }, (_, j) => clients[(draw * 131 + j * 41) % clients.length]!);
  db.transaction(() => {
    chosen.forEach((client, j) => {
      for (let t = 0; t < 4; t++)
        writer.insertInteraction(
          interactionRecordSchema.parse({
            clientExternalId: client.externalId,
            itemExternalId: items[(draw * 53 + j * 97 + t * 13) % items.length]!,
            kind: 'purchase',
            occurredAt: `2025-09-2${t}T10:00:00Z`,
          }),
          t,
        );
    });
  })();
  return chosen.map((c) => c.id);
}

/**
 * The neighbour lists the run would get from its stored interests, against those it stored (computed from
 * every client's full interest vector, as a fresh run does).
 */
function storedInterestsAlternative(file: string): void {
  const db = openDatabase(file, { readonly: true });
  try {
    const run = latestCompletedRun(db)!;
    const { params, consumableCategories } = runSettings(run);
    const loaded = loadEngineInput(db, {
      reasoner: run.reasoner,
      now: new Date(run.startedAt),
      consumableCategories,
    });
    const { input, clients } = loaded;
    let started = performance.now();
    const model = globalModel(input, params);
    const recomputeMs = performance.now() - started;

    started = performance.now();
    const featureIds = new Map(input.featureNames.map((f, i) => [f, i]));
    const stored = new CsrBuilder(input.clientCount);
    for (const client of clients) {
      const interests = interestRows(db, run.id, client.id, 1000);
      const norm = Math.hypot(...interests.map((x) => x.weight));
      for (const x of interests) stored.push(featureIds.get(x.feature)!, x.weight / norm);
      stored.endRow();
    }
    const storedCsr = stored.build();
    const readMs = performance.now() - started;

    let profiled = 0;
    for (const allowed of input.profilingAllowed) profiled += allowed;
    const fromHistories = new SimilarityRows(model.explicit, input.featureNames.length, profiled, params);
    const fromStored = new SimilarityRows(storedCsr, input.featureNames.length, profiled, params);
    const lists = runNeighbourLists(
      db,
      run.id,
      clients.map((c) => c.id),
    );
    let compared = 0;
    let exactHistories = 0;
    let sameStored = 0;
    let shared = 0;
    let total = 0;
    clients.forEach((client, c) => {
      const list = lists.get(client.id)?.neighbours ?? [];
      if (list.length === 0) return;
      compared++;
      const mine = [...fromHistories.neighbours(c).clients].map((v) => clients[v]!.id);
      const theirs = [...fromStored.neighbours(c).clients].map((v) => clients[v]!.id);
      if (JSON.stringify(mine) === JSON.stringify(list)) exactHistories++;
      if (JSON.stringify(theirs) === JSON.stringify(list)) sameStored++;
      const set = new Set(list);
      shared += theirs.filter((v) => set.has(v)).length;
      total += list.length;
    });
    console.log(
      `neighbour lists of the ${compared} clients with neighbours: recomputed from histories, ${exactHistories} ` +
        `identical to the run's (${Math.round(recomputeMs)} ms for every client's interests); from the stored ` +
        `interests, ${sameStored} identical, ${((100 * shared) / total).toFixed(1)}% of neighbours in common ` +
        `(${Math.round(readMs)} ms to read them)`,
    );
  } finally {
    db.close();
  }
}
