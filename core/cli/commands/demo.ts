import { existsSync } from 'node:fs';
import { openBook } from '../../db/book.js';
import { plainHelp, plainOption } from '../book.js';
import { tableCounts } from '../../db/catalog/store.js';
import { demoDefaults, resolveDemoOptions, seedDemo } from '../../demo/index.js';
import {
  InputError,
  parseCommandArgs,
  positiveInt,
  requireOption,
  UsageError,
  type Command,
} from '../args.js';

function seedOption(value: string | undefined): number {
  if (value === undefined) return demoDefaults.seed;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 0xffffffff)
    throw new UsageError(`--seed must be a whole number from 0 to 4294967295, not "${value}"`);
  return n;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'create a database holding the demo boutique',
  usage: 'demo --db PATH [--seed N] [--clients N] [--items N] [--force] [--plain]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      seed: { type: 'string' },
      clients: { type: 'string' },
      items: { type: 'string' },
      force: { type: 'boolean' },
      ...plainOption,
    });
    if (values.help) {
      io.out(
        `usage: atelier ${this.usage}\n\n` +
          'Writes a seeded luxury boutique (maisons, items, clients, two years of interactions, notes) into\n' +
          'the database file, creating it if needed. The same seed always gives the same boutique.\n' +
          'A database that already holds clients is left alone unless --force is given; seeding the same\n' +
          'boutique again then changes nothing.\n\n' +
          `  --seed N      the boutique to generate (default ${demoDefaults.seed})\n` +
          `  --clients N   number of clients (default ${demoDefaults.clients})\n` +
          `  --items N     number of items (default ${demoDefaults.items})\n` +
          '  --force       seed even when the database already holds clients\n' +
          plainHelp,
      );
      return 0;
    }
    const file = requireOption(values.db, '--db');
    let options;
    try {
      options = resolveDemoOptions({
        seed: seedOption(values.seed),
        clients: positiveInt(values.clients, '--clients', demoDefaults.clients),
        items: positiveInt(values.items, '--items', demoDefaults.items),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
    if (existsSync(file) && !values.force) {
      // Look before writing: a refused database must not even be migrated.
      const existing = await openBook(file, { readonly: true });
      let clients: number;
      try {
        clients = tableCounts(existing)['clients'] ?? 0;
      } finally {
        existing.close();
      }
      if (clients > 0)
        throw new InputError(
          `${file} already holds ${clients} clients; nothing was written. ` +
            'Pass --force to seed the demo boutique into it anyway.',
        );
    }
    const db = await openBook(file, { plain: values.plain ?? false });
    try {
      const { written, boutique } = seedDemo(db, options);
      const counts = tableCounts(db);
      io.out(
        `Demo boutique (seed ${boutique.options.seed}, history to ${boutique.options.referenceDate}) in ${file}\n` +
          `  items         ${counts['items']}  (${written.items} written)\n` +
          `  clients       ${counts['clients']}  (${written.clients} written)\n` +
          `  interactions  ${counts['interactions']}  (${written.interactions} written)\n` +
          `  notes         ${counts['notes']}  (${written.notes} written)\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
