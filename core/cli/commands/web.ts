import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError, parseCommandArgs, type Command } from '../args.js';
import { defaultDemoDatabase, launchWeb } from '../../api/web/launch.js';
import { bookKey } from '../../db/book.js';
import { plainHelp, plainOption } from '../book.js';

function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${value}"`);
  }
  return port;
}

/** Resolves when the process is asked to stop (Ctrl+C, a test ending its child). */
const stopRequested = (): Promise<string> =>
  new Promise((done) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => done(signal));
  });

export const webCommand: Command = {
  name: 'web',
  summary: 'serve the app in a browser on 127.0.0.1 (first line: the URL with its access token)',
  usage: 'web [--db PATH] [--port N] [--plain]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      db: { type: 'string' },
      port: { type: 'string' },
      ...plainOption,
    });
    if (values.help) {
      io.out(
        `usage: atelier ${this.usage}\n\n` +
          'Serves Atelier on http://127.0.0.1 only, guarded by a token made for this launch; the first line\n' +
          'printed is the address to open. Without --db, the demo boutique (created in the temp folder).\n' +
          'Without a keychain (and no ATELIER_DB_KEY), a new or plain book is served unencrypted, with a warning.\n\n' +
          plainHelp,
      );
      return 0;
    }
    const port = portOption(values.port);
    let dbFile: string | undefined;
    if (values.db !== undefined) {
      dbFile = resolve(values.db);
      if (!existsSync(dbFile)) {
        throw new InputError(
          `${values.db}: no such database file (create one with \`atelier demo --db ${values.db}\` or \`atelier import\`, or omit --db for the demo boutique)`,
        );
      }
    }
    // The app never refuses to start for want of a keychain: it says the book stays plain instead.
    const dbKey = await bookKey(dbFile ?? defaultDemoDatabase(), {
      plain: values.plain ?? false,
      plainWithoutKeychain: true,
    });
    let launch;
    try {
      launch = await launchWeb({
        ...(dbFile ? { dbFile } : {}),
        dbKey,
        ...(port !== undefined ? { port } : {}),
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new InputError(`port ${port} is already in use`);
      throw error;
    }
    io.out(`${launch.server.url}\n`);
    io.err(`Atelier is serving ${launch.dbFile} on 127.0.0.1:${launch.server.port}. Ctrl+C stops it.\n`);
    const signal = await stopRequested();
    io.err(`stopping (${signal})\n`);
    await launch.close();
    return 0;
  },
};
