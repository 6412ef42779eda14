import { commands } from './commands/index.js';
import { UsageError, type CommandIo } from './args.js';
import { CoreError } from '../domain/errors.js';
import { DatabaseBusyError, isDatabaseBusy } from '../db/open.js';
import { databaseLockHolder } from '../db/lock-holder.js';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: npm run -s atelier -- <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'atelier <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** The book a command was given (`--db PATH` or `--db=PATH`), to name it in a message. */
function databaseArgument(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db') return argv[i + 1] ?? null;
    if (arg.startsWith('--db=')) return arg.slice('--db='.length);
  }
  return null;
}

/** Who holds the book, where the OS can say: the process to wait for, or to stop if it should not be running. */
function holderLine(file: string): string {
  const holder = databaseLockHolder(file);
  return holder === null
    ? ''
    : `The lock is held by process ${holder.pid} (${holder.description}): let it finish, or stop it if it ` +
        'should not be running.\n';
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 bad input, 2 wrong usage). */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) io.err(help());
    else io.out(help());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`atelier: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (thrown) {
    // Any command may find the book locked by another writer: one clear message, wherever SQLite said it.
    const error =
      isDatabaseBusy(thrown) && !(thrown instanceof DatabaseBusyError)
        ? new DatabaseBusyError(databaseArgument(rest) ?? 'the database', { cause: thrown })
        : thrown;
    if (error instanceof UsageError) {
      io.err(`atelier ${name}: ${error.message}\nusage: atelier ${command.usage}\n`);
      return 2;
    }
    if (error instanceof DatabaseBusyError) {
      io.err(`atelier ${name}: ${error.message}\n${holderLine(error.file)}`);
      return 1;
    }
    // Core's own errors say what is wrong with the input, a file, a model or a server: exit 1, no trace.
    if (error instanceof CoreError && error.category !== 'internal') {
      io.err(`atelier ${name}: ${error.message}\n`);
      return 1;
    }
    const e = error as NodeJS.ErrnoException;
    if (
      e.code === 'ENOENT' ||
      e.code === 'EACCES' ||
      e.code === 'SQLITE_NOTADB' ||
      e.code === 'SQLITE_CORRUPT'
    ) {
      io.err(`atelier ${name}: ${e.message}\n`);
      return 1;
    }
    throw error;
  }
}
