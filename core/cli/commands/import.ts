import { openBook } from '../../db/book.js';
import { plainHelp, plainOption } from '../book.js';
import { importAndRefresh } from '../../jobs/import.js';
import { defaultRefreshLimit } from '../../runs/refresh-policy.js';
import {
  formatIssue,
  isPresetName,
  loadMapping,
  MappingError,
  presetMapping,
  presetNames,
  type ImportProgress,
  type ImportReport,
  type ParsedMapping,
} from '../../import/index.js';
import {
  InputError,
  UsageError,
  parseCommandArgs,
  positiveInt,
  requireOption,
  type Command,
  type CommandIo,
} from '../args.js';

/** How many issue lines a terminal gets before "and N more". */
const shownIssues = 20;

const help = `usage: atelier import --db PATH [--items FILE] [--clients FILE] [--interactions FILE]
                      [--mapping FILE | --preset NAME] [--refresh-limit N]
                      [--skip-invalid [--skipped-dir DIR]] [--currency CODE] [--json] [--plain]

Imports a catalog (items), a client book (clients) and interactions from CSV, XLSX, JSON or JSONL
files into the database (created if missing), all in one transaction: on any problem nothing is written,
and the problems are listed on stderr as file:row:column: problem. Re-importing a file changes nothing.

  --mapping FILE  a JSON column mapping (fields, columns, date format, currency, kind words...)
  --preset NAME   a ready-made mapping: ${presetNames.join(', ')}
  --refresh-limit N  after the import, refresh the last optimize run for the clients whose history
                  changed when they are at most N (default: the clients / the run's neighbours per
                  client, at most ${defaultRefreshLimit}); above, run optimize
  --skip-invalid  import the valid rows (still in one transaction) and leave out the rows with problems,
                  and the rows that depend on them (an interaction whose client row is left out); each
                  file's skipped rows are written with their reasons to FILE.skipped.csv beside it
                  (columns "Skipped row", "Problems", then the file's own), to fix and import again.
                  A file that cannot be read through, or lacks a column, is still refused whole
  --skipped-dir DIR  write the .skipped.csv files in DIR instead (e.g. when the inputs' folder is
                  read-only)
  --currency CODE  the currency (ISO 4217, e.g. EUR) of prices and amounts the files write without one,
                  when the mapping sets no defaultCurrency; by default the boutique's currency from the
                  settings. Each file that needed it says so in a warning
  --json          print the report as JSON on stdout
${plainHelp}
exit codes: 0 imported (with --skip-invalid: all but the skipped rows), 1 bad input (nothing written),
2 wrong usage
`;

function progressPrinter(io: CommandIo): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200 && p.done < p.total) return;
    last = now;
    const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
    io.err(`\r${p.step.replace(':', ' ').padEnd(18)} ${String(percent).padStart(3)}%`);
  };
}

function printIssues(io: CommandIo, report: ImportReport, errors: boolean): void {
  const issues = report.issues.filter((i) => (i.severity === 'error') === errors);
  const total = errors ? report.errorCount : report.warningCount;
  for (const issue of issues.slice(0, shownIssues)) io.err(formatIssue(issue) + '\n');
  if (total > shownIssues) io.err(`and ${total - shownIssues} more ${errors ? 'problems' : 'warnings'}\n`);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import items, clients and interactions from CSV, XLSX, JSON or JSONL files',
  usage:
    'import --db PATH [--items F] [--clients F] [--interactions F] [--mapping F | --preset NAME] [--skip-invalid] [--json] [--plain]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      items: { type: 'string' },
      clients: { type: 'string' },
      interactions: { type: 'string' },
      mapping: { type: 'string' },
      preset: { type: 'string' },
      'refresh-limit': { type: 'string' },
      'skip-invalid': { type: 'boolean' },
      'skipped-dir': { type: 'string' },
      currency: { type: 'string' },
      json: { type: 'boolean' },
      ...plainOption,
    });
    if (values.help) return (io.out(help), 0);
    const file = requireOption(values.db, '--db');
    const refreshLimit =
      values['refresh-limit'] === undefined
        ? undefined
        : positiveInt(values['refresh-limit'], '--refresh-limit', 1);
    if (values.items === undefined && values.clients === undefined && values.interactions === undefined)
      throw new UsageError('give at least one of --items, --clients, --interactions');
    if (values.mapping !== undefined && values.preset !== undefined)
      throw new UsageError('use --mapping or --preset, not both (a mapping file can "extends" a preset)');
    if (values['skipped-dir'] !== undefined && !values['skip-invalid'])
      throw new UsageError('--skipped-dir goes with --skip-invalid');
    const currency = values.currency?.trim().toUpperCase();
    if (currency !== undefined && !/^[A-Z]{3}$/.test(currency))
      throw new UsageError(`--currency "${values.currency}" is not an ISO 4217 code such as EUR, USD or GBP`);
    if (values.preset !== undefined && !isPresetName(values.preset))
      throw new UsageError(`no preset "${values.preset}" (presets: ${presetNames.join(', ')})`);

    let mapping: ParsedMapping | undefined;
    try {
      if (values.mapping !== undefined) mapping = await loadMapping(values.mapping);
      else if (values.preset !== undefined) mapping = presetMapping(values.preset);
    } catch (error) {
      if (error instanceof MappingError) throw new InputError(error.message);
      throw error;
    }

    const db = await openBook(file, { plain: values.plain ?? false });
    const showProgress = io.errIsTty;
    const { report, refresh } = await importAndRefresh(
      db,
      { items: values.items, clients: values.clients, interactions: values.interactions, mapping },
      {
        ...(showProgress ? { onProgress: progressPrinter(io) } : {}),
        ...(refreshLimit !== undefined ? { refreshLimit } : {}),
        ...(values['skip-invalid'] ? { skipInvalid: true } : {}),
        ...(values['skipped-dir'] !== undefined ? { skippedDir: values['skipped-dir'] } : {}),
        ...(currency !== undefined ? { currency } : {}),
      },
    ).finally(() => db.close());
    if (showProgress) io.err('\r' + ' '.repeat(24) + '\r');

    if (values.json)
      io.out(JSON.stringify(refresh ? { ...report, engine: refresh } : report, null, 2) + '\n');
    if (!report.ok) {
      // Advice on a whole file (the preset that reads it) before its problems.
      for (const issue of report.issues)
        if (issue.severity === 'warning' && issue.row === null) io.err(formatIssue(issue) + '\n');
      printIssues(io, report, true);
      io.err(
        `atelier import: nothing was imported (${report.errorCount} problem${report.errorCount === 1 ? '' : 's'})\n`,
      );
      return 1;
    }
    // With --skip-invalid, the problems are why rows were left out: listed before the warnings.
    if (report.invalidRows > 0) printIssues(io, report, true);
    printIssues(io, report, false);
    if (!values.json) {
      for (const [entity, c] of Object.entries(report.counts)) {
        const skipped = report.files.filter((f) => f.entity === entity).reduce((n, f) => n + f.invalid, 0);
        if (c.inserted + c.updated + c.unchanged + skipped === 0) continue;
        io.out(
          `${entity.padEnd(12)} ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged` +
            `${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
        );
      }
      for (const f of report.files)
        if (f.invalid > 0)
          io.out(
            `${'skipped'.padEnd(12)} ${f.invalid} row${f.invalid === 1 ? '' : 's'} of ${f.file} with problems` +
              `${f.skippedRowsFile === null ? '' : `, listed in ${f.skippedRowsFile}`}\n`,
          );
      // Before the first optimize run there is nothing to refresh and nothing worth saying.
      if (refresh !== null && refresh.message !== '' && refresh.status !== 'no-run')
        io.out(`${'engine'.padEnd(12)} ${refresh.message}\n`);
    }
    return 0;
  },
};
