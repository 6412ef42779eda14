/**
 * Import benchmark: writes a 200,000-row interactions CSV (and the items and clients it refers to) in a
 * temporary folder, imports the three files into a fresh database in one call, then imports them again
 * (nothing changes the second time). Prints rows per second and seconds.
 *
 *   npx tsx scripts/bench-import.ts [--rows 200000]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../core/db/open.js';
import { importFiles, type ImportReport } from '../core/import/index.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' } } });
const rows = Number(values.rows);
const itemCount = 2_000;
const clientCount = 5_000;

// A small deterministic generator (mulberry32) so every run imports the same files.
let seed = 20_250_511;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-import-'));
try {
  const maisons = ['Maison Aurore', 'Vellacourt', 'Osmonde', 'Halvard & Fils'];
  const categories = [
    'Leather goods > Bags',
    'Ready-to-wear > Dresses',
    'Shoes > Pumps',
    'Jewellery > Rings',
  ];
  const items = ['SKU;Name;Brand;Category;Price;Currency'];
  for (let i = 0; i < itemCount; i++)
    items.push(
      `IT-${i};Piece ${i};${pick(maisons)};${pick(categories)};${(200 + Math.floor(random() * 9000)).toLocaleString('fr-FR')},00 €;EUR`,
    );
  const clients = ['Client ID;Last Name;First Name;Email;Newsletter (0/1)'];
  for (let i = 0; i < clientCount; i++) clients.push(`C-${i};Name${i};Client;c${i}@example.com;${i % 2}`);
  const kinds = ['purchase', 'try-on', 'wishlist', 'view', 'return'];
  const lines = ['Client ID,SKU,Kind,Quantity,Amount,Date'];
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < rows; i++) {
    // Minutes apart, so every (client, item, kind, time) is distinct.
    const when = new Date(start + i * 60_000).toISOString();
    const date = `${when.slice(8, 10)}/${when.slice(5, 7)}/${when.slice(0, 4)} ${when.slice(11, 19)}`;
    lines.push(
      `C-${Math.floor(random() * clientCount)},IT-${Math.floor(random() * itemCount)},${pick(kinds)},1,"${(random() * 5000).toFixed(2)}",${date}`,
    );
  }
  const files = {
    items: join(dir, 'items.csv'),
    clients: join(dir, 'clients.csv'),
    interactions: join(dir, 'interactions.csv'),
  };
  writeFileSync(files.items, items.join('\r\n') + '\r\n');
  writeFileSync(files.clients, clients.join('\r\n') + '\r\n');
  writeFileSync(files.interactions, lines.join('\n') + '\n');
  const megabytes = statSync(files.interactions).size / 2 ** 20;
  console.log(`interactions.csv: ${rows.toLocaleString('en')} rows, ${megabytes.toFixed(1)} MB`);

  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const run = async (label: string): Promise<ImportReport> => {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const report = await importFiles(db, { ...files, mapping: { options: { defaultCurrency: 'EUR' } } });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      // CPU time too: on a busy machine the wall clock also counts time spent waiting for a core.
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.issues.slice(0, 5))}`);
      const total = itemCount + clientCount + rows;
      console.log(
        `${label}: ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s), ` +
          `${Math.round(total / seconds).toLocaleString('en')} rows/s ` +
          `(interactions ${JSON.stringify(report.counts.interactions)})`,
      );
      return report;
    };
    await run('first import ');
    await run('re-import    ');
  } finally {
    db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
