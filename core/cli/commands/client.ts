import { systemClock } from '../../clock.js';
import type { Db } from '../../db/open.js';
import { plainHelp, plainOption, withBook } from '../book.js';
import { compactAfterErasure } from '../../db/clients/erase.js';
import { associateById, findAssociate } from '../../db/outreach/associates.js';
import { currentAssociateId } from '../../db/outreach/settings.js';
import { eraseClient, type ClientErasure } from '../../privacy/erase.js';
import { clientExport, clientExportFile } from '../../privacy/export.js';
import { writePrivateFile } from '../files.js';
import {
  assertDatabaseFile,
  type Command,
  type CommandIo,
  parseCommandArgs,
  requireOption,
  UsageError,
} from '../args.js';

/**
 * `atelier client erase|export|compact`: a client's rights on request (GDPR art. 15, 17, 20), as thin
 * adapters over core/privacy. The export's format is in docs/client-export.md.
 */

const usage =
  'client erase --db PATH --id ID [--as ASSOCIATE] [--json] [--plain]\n' +
  '       atelier client export --db PATH --id ID --out FILE.json|-\n' +
  '       atelier client compact --db PATH [--plain]\n' +
  '  erase    remove the client and everything derived from her, recompute the neighbours who named her, and\n' +
  '           log only when and by whom; ID is her client number (CL-100042) or row id\n' +
  '  export   everything held about her, as versioned JSON (docs/client-export.md); --out - for stdout\n' +
  '  compact  rebuild the file and empty its log, when an erasure found the book open elsewhere\n' +
  plainHelp;

function withDb<T>(
  file: string,
  fn: (db: Db) => T,
  policy: { readonly?: boolean; plain?: boolean },
): Promise<T> {
  assertDatabaseFile(file);
  return withBook(file, policy, fn);
}

function printErasure(io: CommandIo, erasure: ClientErasure): void {
  const rows = Object.values(erasure.removed).reduce((a, b) => a + b, 0);
  io.out(
    `erased client ${erasure.externalId}: ${rows} rows in ${Object.keys(erasure.removed).length} tables\n`,
  );
  for (const [table, n] of Object.entries(erasure.removed)) io.out(`  ${table.padEnd(34)} ${n}\n`);
  io.out(`neighbours: ${erasure.neighbours.message}\n`);
  if (erasure.neighbours.rowsScrubbed > 0)
    io.out(`  ${erasure.neighbours.rowsScrubbed} rows of other clients had her id taken out in place\n`);
  io.out(
    `file: ${erasure.file.vacuumed ? 'rebuilt' : 'NOT rebuilt'}, log ${erasure.file.walEmptied ? 'emptied' : 'NOT emptied'}; ` +
      `erasure log entry ${erasure.logId}; ${erasure.ms} ms\n`,
  );
  for (const warning of erasure.warnings) io.err(`warning: ${warning}\n`);
}

async function erase(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    db: { type: 'string' },
    id: { type: 'string' },
    as: { type: 'string' },
    json: { type: 'boolean' },
    ...plainOption,
  });
  if (values.help) return (io.out(`usage: atelier ${usage}\n`), 0);
  const file = requireOption(values.db, '--db');
  const ref = requireOption(values.id, '--id');
  return withDb(
    file,
    (db) => {
      // --as NAME, else the associate chosen in the app; the log records who, never whom.
      const currentId = currentAssociateId(db);
      const by =
        values.as !== undefined
          ? findAssociate(db, values.as).name
          : currentId === null
            ? null
            : associateById(db, currentId).name;
      const erasure = eraseClient(db, ref, { clock: systemClock, by, via: 'cli' });
      if (values.json) io.out(JSON.stringify(erasure) + '\n');
      else printErasure(io, erasure);
      return 0;
    },
    { plain: values.plain ?? false },
  );
}

async function exportData(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    db: { type: 'string' },
    id: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return (io.out(`usage: atelier ${usage}\n`), 0);
  const file = requireOption(values.db, '--db');
  const ref = requireOption(values.id, '--id');
  const out = requireOption(values.out, '--out');
  const document = await withDb(file, (db) => clientExport(db, ref, systemClock), { readonly: true });
  const { json } = clientExportFile(document);
  if (out === '-') io.out(json);
  else {
    writePrivateFile(out, Buffer.from(json, 'utf8'));
    const c = document;
    io.out(
      `wrote ${out}: client ${c.client.externalId}, ${c.interactions.length} interactions, ${c.notes.length} notes, ` +
        `${c.contacts.length} contacts, ${c.selections.length} selections (format ${c.format} v${c.version})\n`,
    );
  }
  return 0;
}

async function compact(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { db: { type: 'string' }, ...plainOption });
  if (values.help) return (io.out(`usage: atelier ${usage}\n`), 0);
  const file = requireOption(values.db, '--db');
  const result = await withDb(file, (db) => compactAfterErasure(db), { plain: values.plain ?? false });
  io.out(
    `file ${result.vacuumed ? 'rebuilt' : 'NOT rebuilt (open elsewhere)'}, log ${result.walEmptied ? 'emptied' : 'NOT emptied'}\n`,
  );
  return result.vacuumed && result.walEmptied ? 0 : 1;
}

export const clientCommand: Command = {
  name: 'client',
  summary: 'a client’s rights on request: erase her, export everything held about her',
  usage,
  run(argv, io) {
    const [sub = '', ...rest] = argv;
    switch (sub) {
      case 'erase':
        return erase(rest, io);
      case 'export':
        return exportData(rest, io);
      case 'compact':
        return compact(rest, io);
      case '--help':
      case '-h':
        return (io.out(`usage: atelier ${usage}\n`), 0);
      default:
        throw new UsageError(sub === '' ? 'say erase, export or compact' : `unknown subcommand "${sub}"`);
    }
  },
};
