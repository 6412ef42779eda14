import { systemClock } from '../../clock.js';
import { openBook } from '../../db/book.js';
import { photoFolder, setPhotoFolder } from '../../db/outreach/settings.js';
import { imageStoreFolder } from '../../export/image-file.js';
import { existingFolder } from '../files.js';
import { assertDatabaseFile, type Command, parseCommandArgs, requireOption, UsageError } from '../args.js';

export const photosCommand: Command = {
  name: 'photos',
  summary: "show or choose the boutique's photo folder (where lookbooks read product photos)",
  usage:
    'photos --db PATH [--folder DIR | --clear]\n' +
    '  --folder DIR  the folder the boutique keeps its product photos in\n' +
    '  --clear       no photo folder: pictures come from the image store only\n' +
    "Lookbooks read an item's picture only from the image store (images/ beside the database) and this\n" +
    'folder: a path elsewhere, a device, a link out of the folder, a file over 10 MB or one that is not a\n' +
    'PNG, JPEG, WebP or SVG image is left out, and its placeholder drawn.',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      folder: { type: 'string' },
      clear: { type: 'boolean' },
    });
    if (values.help) return (io.out(`usage: atelier ${this.usage}\n`), 0);
    const file = requireOption(values.db, '--db');
    if (values.folder !== undefined && values.clear)
      throw new UsageError('give --folder or --clear, not both');
    assertDatabaseFile(file);
    const chosen = values.folder === undefined ? undefined : existingFolder(values.folder, '--folder');
    const changing = chosen !== undefined || values.clear === true;
    const db = await openBook(file, { readonly: !changing });
    try {
      if (changing) setPhotoFolder(db, chosen ?? null, systemClock.now().toISOString());
      io.out(`image store:  ${imageStoreFolder(file)}\nphoto folder: ${photoFolder(db) ?? '(none)'}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
