/**
 * Today's benchmark on a 25,000-client book: the demo boutique at that size (2,000 items), optimized once
 * (kept in --cache, so later runs skip the ~minutes of setup; a cache from an older schema is upgraded in place
 * once, and the upgrade timed), then Today opened for the associate with the biggest book: her own book, her
 * store's and every store's, the first opening (it makes the rules' follow-ups) and the median of --repeat more.
 * Also the follow-up list and attribution over the whole boutique.
 *
 *   npx tsx scripts/bench-today.ts [--clients 25000] [--repeat 5] [--cache /tmp/atelier-bench-today]
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.js';
import { migrations } from '../core/db/migrations/index.js';
import { checkpoint, openDatabase, schemaVersion } from '../core/db/open.js';
import { listAssociates } from '../core/db/outreach/associates.js';
import { wholeBoutique } from '../core/db/outreach/book.js';
import { listFollowUps } from '../core/db/outreach/follow-ups.js';
import { outreachSettings } from '../core/db/outreach/settings.js';
import { seedDemo } from '../core/demo/index.js';
import { runEngine } from '../core/engine/index.js';
import { optimizeBoutique } from '../core/jobs/optimize.js';
import { attribution } from '../core/outreach/attribution.js';
import { boutiqueClock } from '../core/outreach/clock.js';
import { localDateOf } from '../core/outreach/local-date.js';
import { todayView } from '../core/outreach/today.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '25000' },
    repeat: { type: 'string', default: '5' },
    cache: { type: 'string', default: join(tmpdir(), 'atelier-bench-today') },
  },
});
const clients = Number(values.clients);
const latestVersion = migrations.at(-1)!.version;
const repeat = Math.max(1, Number(values.repeat));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const timed = <T>(fn: () => T): [T, number] => {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
};

mkdirSync(values.cache, { recursive: true });
const optimized = join(values.cache, `demo-${clients}.db`);
if (!existsSync(optimized)) {
  const building = `${optimized}.building`;
  rmSync(building, { force: true });
  const db = openDatabase(building);
  const [, seedMs] = timed(() => seedDemo(db, { clients, items: 2_000 }));
  const started = performance.now();
  await optimizeBoutique(db, runEngine);
  console.log(
    `setup: demo of ${clients} clients in ${Math.round(seedMs)} ms, optimized in ${Math.round(performance.now() - started)} ms`,
  );
  checkpoint(db);
  db.close();
  copyFileSync(building, optimized);
  rmSync(building, { force: true });
}

// A boutique cached by an earlier version is brought to this schema once, in place (the figure is what the
// upgrade costs a book of this size); the openings below then start from a file that is already current.
{
  // Target 0: opened as it is, nothing applied (a read-only opening would leave its -wal and -shm behind).
  const cached = openDatabase(optimized, { targetVersion: 0 });
  const from = schemaVersion(cached);
  cached.close();
  if (from < latestVersion) {
    const [db, upgradeMs] = timed(() => openDatabase(optimized));
    checkpoint(db);
    db.close();
    console.log(
      `upgrade: the cached boutique from schema ${from} to ${latestVersion} in ${Math.round(upgradeMs)} ms`,
    );
  }
}

// Each run starts from the optimized boutique as it was, so the first opening makes the follow-ups again.
const file = join(values.cache, `today-${process.pid}.db`);
copyFileSync(optimized, file);
const db = openDatabase(file);
try {
  const settings = outreachSettings(db);
  const timeZone = 'Europe/Paris';
  const associate = [...listAssociates(db)].sort((a, b) => b.clientCount - a.clientCount)[0]!;
  console.log(
    `${clients} clients; ${associate.name} (${associate.store}) holds ${associate.clientCount} of them`,
  );
  // As the app opens it (the API's 200 strongest lines), and every line (the CLI without --limit).
  for (const limit of [200, undefined])
    for (const scope of ['mine', 'store', 'all'] as const) {
      const open = () =>
        todayView(db, {
          clock: systemClock,
          timeZone,
          settings,
          scope,
          associate,
          ...(limit ? { limit } : {}),
        });
      const [first, firstMs] = timed(open);
      const ms = Array.from({ length: repeat }, () => timed(open)[1]);
      console.log(
        `Today (${scope}, ${limit ? `${limit} strongest` : 'every line'}): ${first.entries.length} of ${first.total} lines, ${first.bookSize} clients; first opening ${Math.round(firstMs)} ms, then ${Math.round(median(ms))} ms (median of ${repeat})`,
      );
    }
  const today = localDateOf(boutiqueClock(db, systemClock).now(), timeZone);
  const [due, dueMs] = timed(() => listFollowUps(db, { book: wholeBoutique, today, window: 'due' }));
  console.log(`follow-ups due (all stores): ${due.length} in ${Math.round(dueMs)} ms`);
  const [view, attributionMs] = timed(() =>
    attribution(db, { since: null, windowDays: settings.attributionDays }),
  );
  console.log(
    `attribution (whole history): ${view.totals.contacts} contacts, ${view.totals.influencedPurchases} influenced purchases in ${Math.round(attributionMs)} ms`,
  );
} finally {
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}
