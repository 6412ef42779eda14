/**
 * Encryption at rest, what it costs: the same work on a plain book and on an encrypted one (ChaCha20-Poly1305,
 * core/db/encryption.ts), in one run, as ratios. Import: a generated catalog, client book and interactions
 * CSV imported into a fresh book. Optimize: one optimize run over the demo boutique. Profile open: a fresh
 * connection, then what the profile screen reads for each of 100 clients (detail, timeline, notes, interests,
 * recommendations). Also the in-place migration of the demo boutique's plain file. Medians of --rounds.
 *
 *   npm run bench:encryption [-- --rows 50000 --rounds 3]
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../core/clock.js';
import { ClientBook } from '../core/db/clients/book.js';
import { encryptInPlace } from '../core/db/encryption.js';
import { randomDatabaseKey, type BookKey } from '../core/db/key.js';
import { checkpoint, openDatabase } from '../core/db/open.js';
import { seedDemo } from '../core/demo/index.js';
import { runEngine } from '../core/engine/index.js';
import { importFiles } from '../core/import/index.js';
import { optimizeBoutique, optimizeSettings } from '../core/jobs/optimize.js';
import { clientInterests, clientRecommendations } from '../core/runs/read.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '3' } },
});
const rows = Number(values.rows);
const rounds = Number(values.rounds);
const key: BookKey = { key: randomDatabaseKey(), source: 'environment' };
const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-encryption-'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** CPU time (user + system) in ms: on a shared machine the wall clock also counts waiting for a core. */
const timed = async (work: () => unknown): Promise<number> => {
  const cpu0 = process.cpuUsage();
  await work();
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000;
};

function writeImportFiles(): { items: string; clients: string; interactions: string } {
  const items = ['SKU,Name,Brand,Category,Price,Currency'];
  for (let i = 0; i < 2000; i++) items.push(`IT-${i},Piece ${i},Maison ${i % 7},Bags,${200 + (i % 900)},EUR`);
  const clients = ['Client ID,Last Name,First Name,Email'];
  for (let i = 0; i < 5000; i++) clients.push(`C-${i},Name${i},Client,c${i}@example.com`);
  const lines = ['Client ID,SKU,Kind,Quantity,Amount,Date'];
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < rows; i++)
    lines.push(
      `C-${(i * 7919) % 5000},IT-${(i * 104729) % 2000},purchase,1,120.00,${new Date(start + i * 60_000).toISOString()}`,
    );
  const files = {
    items: join(dir, 'items.csv'),
    clients: join(dir, 'clients.csv'),
    interactions: join(dir, 'i.csv'),
  };
  writeFileSync(files.items, items.join('\n') + '\n');
  writeFileSync(files.clients, clients.join('\n') + '\n');
  writeFileSync(files.interactions, lines.join('\n') + '\n');
  return files;
}

try {
  const files = writeImportFiles();
  const demo = join(dir, 'demo-plain.db');
  const seeded = openDatabase(demo);
  seedDemo(seeded);
  checkpoint(seeded);
  seeded.close();

  const results: Record<string, { plain: number[]; encrypted: number[] }> = {
    import: { plain: [], encrypted: [] },
    optimize: { plain: [], encrypted: [] },
    'profile open': { plain: [], encrypted: [] },
  };
  const migration: number[] = [];
  // Round 0 warms the JIT and the page cache and is not counted; the order alternates so neither side
  // always runs second.
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? (['plain', 'encrypted'] as const) : (['encrypted', 'plain'] as const);
    for (const mode of order) {
      const options = mode === 'encrypted' ? { key } : {};
      const fresh = join(dir, `import-${mode}-${round}.db`);
      const db = openDatabase(fresh, options);
      const importMs = await timed(() => importFiles(db, files));
      if (round > 0) results['import']![mode].push(importMs);
      db.close();

      const book = join(dir, `demo-${mode}-${round}.db`);
      copyFileSync(demo, book);
      if (mode === 'encrypted') migration.push(await timed(() => encryptInPlace(book, key.key)));
      const counted = <T>(list: T[], value: T): void => void (round > 0 && list.push(value));
      const opened = openDatabase(book, options);
      counted(
        results['optimize']![mode],
        await timed(() => optimizeBoutique(opened, runEngine, optimizeSettings({ iterations: 2 }))),
      );
      opened.close();

      counted(
        results['profile open']![mode],
        await timed(() => {
          const reader = openDatabase(book, { ...options, readonly: true });
          const clients = new ClientBook(reader, systemClock);
          for (let id = 1; id <= 100; id++) {
            clients.clientDetail(id);
            clients.clientTimeline(id);
            clients.clientNotes(id);
            clientInterests(reader, id);
            clientRecommendations(reader, id);
          }
          reader.close();
        }),
      );
    }
  }
  console.log(
    `encryption at rest (cipher chacha20), CPU ms, medians of ${rounds} rounds after a warm-up; import: ${rows} interactions`,
  );
  console.log('work            plain ms   encrypted ms   encrypted / plain');
  for (const [work, r] of Object.entries(results)) {
    const plain = median(r.plain);
    const encrypted = median(r.encrypted);
    console.log(
      `${work.padEnd(14)}  ${plain.toFixed(0).padStart(8)}   ${encrypted.toFixed(0).padStart(12)}   ${(encrypted / plain).toFixed(2)}×`,
    );
  }
  console.log(`migrating the demo boutique's plain file in place: ${median(migration).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
