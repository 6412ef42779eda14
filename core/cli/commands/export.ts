import { renameSync, rmSync } from 'node:fs';
import { systemClock } from '../../clock.js';
import { openBook } from '../../db/book.js';
import { SelectionStore } from '../../db/selections/store.js';
import { photoFolder } from '../../db/outreach/settings.js';
import { imageStoreFolder } from '../../export/image-file.js';
import {
  ConsentRequiredError,
  exportFormats,
  exportSelection,
  type ExportFormat,
} from '../../export/index.js';
import { SelectionError } from '../../db/selections/errors.js';
import { existingFolder, writePrivateFile } from '../files.js';
import {
  assertDatabaseFile,
  type Command,
  InputError,
  parseCommandArgs,
  requireOption,
  UsageError,
} from '../args.js';

const isFormat = (value: string): value is ExportFormat =>
  (exportFormats as readonly string[]).includes(value);

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a curated selection as a PDF lookbook, CSV, XLSX, text or HTML',
  usage:
    'export --db PATH --selection ID --format pdf|csv|xlsx|text|html --out FILE|- [--force] [--locale fr-FR] ' +
    '[--boutique NAME] [--images DIR]\n' +
    '  --force      export even for a client who refused marketing (only when they asked for it)\n' +
    "  --images DIR read item pictures from DIR for this export instead of the boutique's photo folder\n" +
    '               (pictures are read only from there and the image store, images/ beside the database)\n' +
    '  --out -      write to standard output',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      selection: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
      locale: { type: 'string' },
      boutique: { type: 'string' },
      images: { type: 'string' },
    });
    if (values.help) return (io.out(`usage: atelier ${this.usage}\n`), 0);
    const file = requireOption(values.db, '--db');
    const selectionId = Number(requireOption(values.selection, '--selection'));
    if (!Number.isInteger(selectionId) || selectionId <= 0)
      throw new UsageError(
        `--selection must be a selection id (a positive whole number), not "${values.selection}"`,
      );
    const format = requireOption(values.format, '--format');
    if (!isFormat(format))
      throw new UsageError(`--format must be one of ${exportFormats.join(', ')}, not "${format}"`);
    const out = requireOption(values.out, '--out');
    if (values.locale !== undefined && !Intl.NumberFormat.supportedLocalesOf(values.locale).length)
      throw new UsageError(`--locale "${values.locale}" is not a locale this Node knows`);
    assertDatabaseFile(file);
    const images = values.images === undefined ? undefined : existingFolder(values.images, '--images');

    const db = await openBook(file, { readonly: true });
    let bytes: Buffer;
    try {
      const selection = new SelectionStore(db, systemClock).get(selectionId);
      ({ bytes } = await exportSelection(selection, format, {
        clock: systemClock,
        acknowledgeNoMarketingConsent: values.force ?? false,
        imageFolders: [imageStoreFolder(file), images ?? photoFolder(db)].filter((f) => f !== null),
        ...(values.locale === undefined ? {} : { locale: values.locale }),
        ...(values.boutique === undefined ? {} : { boutique: values.boutique }),
      }));
    } catch (error) {
      if (error instanceof ConsentRequiredError)
        throw new InputError(`${error.message} (re-run with --force to export anyway)`);
      if (error instanceof SelectionError) throw new InputError(error.message);
      throw error;
    } finally {
      db.close();
    }

    if (out === '-') {
      if (format === 'pdf' || format === 'xlsx') {
        if (io.isTty)
          throw new UsageError(`a ${format} file is binary: give --out FILE rather than a terminal`);
        process.stdout.write(bytes);
      } else io.out(bytes.toString('utf8'));
      return 0;
    }
    // Written beside the target then renamed, so a failed export never leaves half a file under its name.
    const partial = `${out}.partial-${process.pid}`;
    try {
      writePrivateFile(partial, bytes);
      renameSync(partial, out);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    io.err(`exported selection ${selectionId} as ${format} to ${out} (${bytes.length} bytes)\n`);
    return 0;
  },
};
