import { openBook } from '../../db/book.js';
import { tableCounts } from '../../db/catalog/store.js';
import { assertDatabaseFile, type Command, parseCommandArgs, requireOption } from '../args.js';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'row counts per table',
  usage: 'stats --db PATH [--json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) return (io.out(`usage: atelier ${this.usage}\n`), 0);
    const file = requireOption(values.db, '--db');
    assertDatabaseFile(file);
    const db = await openBook(file, { readonly: true });
    try {
      const counts = tableCounts(db);
      if (values.json) io.out(JSON.stringify(counts) + '\n');
      else {
        const width = Math.max(...Object.keys(counts).map((k) => k.length));
        for (const [table, n] of Object.entries(counts)) io.out(`${table.padEnd(width)}  ${n}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
