/**
 * Insights' overview on a large book: the micro-segments and hero items as the API answers them, for the
 * associate with the biggest book, in each scope (first call and the median of --repeat more). Reads a copy of
 * an optimized demo (bench:today's cache), never the cache itself.
 *
 *   npx tsx scripts/bench-insights.ts [--db /tmp/atelier-bench-today/demo-25000.db] [--repeat 5]
 */
import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ApiContext } from '../core/api/context.js';
import { insightHandlers } from '../core/api/handlers/insights.js';
import { systemClock } from '../core/clock.js';
import { ClientBook } from '../core/db/clients/book.js';
import { listAssociates } from '../core/db/outreach/associates.js';
import { setCurrentAssociateId } from '../core/db/outreach/settings.js';
import { openDatabase } from '../core/db/open.js';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: join(tmpdir(), 'atelier-bench-today', 'demo-25000.db') },
    repeat: { type: 'string', default: '5' },
  },
});
const repeat = Math.max(1, Number(values.repeat));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const file = join(tmpdir(), `insights-${process.pid}.db`);
copyFileSync(values.db, file);
const db = openDatabase(file);
try {
  const associate = [...listAssociates(db)].sort((a, b) => b.clientCount - a.clientCount)[0]!;
  setCurrentAssociateId(db, associate.id, new Date().toISOString());
  const ctx = { db, clock: systemClock, book: new ClientBook(db, systemClock) } as unknown as ApiContext;
  const overview = insightHandlers(ctx)['insights.overview'];
  console.log(`${associate.name} (${associate.store}) holds ${associate.clientCount} clients`);
  for (const scope of ['mine', 'store', 'all'] as const) {
    const args = { minClients: 3, segmentLimit: 24, heroLimit: 12, scope };
    const open = () => {
      const started = performance.now();
      const value = overview(args) as Awaited<ReturnType<typeof overview>>;
      return [value, performance.now() - started] as const;
    };
    const [first, firstMs] = open();
    const ms = Array.from({ length: repeat }, () => open()[1]);
    console.log(
      `insights.overview (${scope}): ${first.segments.length} segments, ${first.heroItems.length} hero items; first ${Math.round(firstMs)} ms, then ${Math.round(median(ms))} ms (median of ${repeat})`,
    );
  }
} finally {
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
