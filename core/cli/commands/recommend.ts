import { clientByExternalId } from '../../db/runs/load-queries.js';
import { latestCompletedRun } from '../../db/runs/engine-store.js';
import { openBook } from '../../db/book.js';
import { clientRecommendations } from '../../runs/read.js';
import {
  assertDatabaseFile,
  type Command,
  InputError,
  parseCommandArgs,
  positiveInt,
  requireOption,
} from '../args.js';

function price(minor: number | null, currency: string | null): string {
  if (minor === null) return '';
  if (currency === null) return (minor / 100).toFixed(2);
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(
    minor / 100,
  );
}

export const recommendCommand: Command = {
  name: 'recommend',
  summary: "a client's recommendations from the last optimize run, with reasons",
  usage: 'recommend --db PATH --client EXTERNAL_ID [--n N] [--json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      client: { type: 'string' },
      n: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) return (io.out(`usage: atelier ${this.usage}\n`), 0);
    const file = requireOption(values.db, '--db');
    const externalId = requireOption(values.client, '--client');
    const n = positiveInt(values.n, '--n', 10);
    assertDatabaseFile(file);
    const db = await openBook(file, { readonly: true });
    try {
      const client = clientByExternalId(db, externalId);
      if (!client) throw new InputError(`no client with id "${externalId}" in ${file}`);
      if (!latestCompletedRun(db))
        throw new InputError(`${file} has no completed optimize run yet; run: atelier optimize --db ${file}`);
      const view = clientRecommendations(db, client.id, n)!;
      if (values.json) {
        io.out(JSON.stringify(view) + '\n');
        return 0;
      }
      const who = `${view.client.name} (${view.client.externalId})`;
      if (!view.profilingAllowed) {
        io.out(`${who} has not consented to profiling: no personal recommendations.\n`);
        return 0;
      }
      if (view.items.length === 0) {
        io.out(`No recommendations for ${who} in run ${view.runId}.\n`);
        return 0;
      }
      io.out(`Recommendations for ${who}, run ${view.runId}:\n`);
      const width = String(view.items.length).length;
      for (const r of view.items) {
        const facts = [r.item.maison, price(r.item.priceMinor, r.item.currency)].filter(
          (x) => x !== null && x !== '',
        );
        io.out(
          `${String(r.rank).padStart(width)}. ${r.item.title} [${r.item.externalId}]` +
            (facts.length > 0 ? ` · ${facts.join(' · ')}` : '') +
            `  (score ${r.score.toFixed(3)})\n`,
        );
        for (const reason of r.reasons) io.out(`${' '.repeat(width + 2)}- ${reason.text}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
