import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';

/** The process holding a book's write lock, as the OS knows it. */
export interface LockHolder {
  readonly pid: number;
  /** What it is, without its paths: "atelier import", "the Atelier app", "node hold.mjs". */
  readonly description: string;
}

// Where SQLite's unix VFS takes its write locks (fcntl, byte ranges): in WAL mode (Atelier's) the writer holds
// byte 120 of the -shm file (WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK); in rollback mode, RESERVED_BYTE of the
// database file itself (PENDING_BYTE + 1).
const walWriteLock = { suffix: '-shm', start: 120 };
const reservedByte = { suffix: '', start: 0x40000001 };

interface FileId {
  readonly inode: number;
  readonly device: string;
}

function fileId(file: string): FileId | null {
  try {
    const stat = statSync(file);
    // Linux's dev_t encoding, for the small device numbers /proc/locks prints as major:minor in hex.
    const major = Math.floor(stat.dev / 256) & 0xfff;
    const minor = stat.dev & 0xff;
    return { inode: stat.ino, device: `${major.toString(16)}:${minor.toString(16)}` };
  } catch {
    return null;
  }
}

function sameDevice(printed: string, device: string): boolean {
  const [major, minor] = printed.split(':').map((part) => parseInt(part, 16));
  const [wantMajor, wantMinor] = device.split(':').map((part) => parseInt(part, 16));
  return major === wantMajor && minor === wantMinor;
}

/** The pids holding a WRITE lock from byte `start` of the file, from a /proc/locks text. */
export function writeLockPids(locks: string, file: FileId, start: number): number[] {
  const pids: number[] = [];
  for (const line of locks.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 17423 fe:00:2146681 120 120" (a blocked waiter's line starts with "->").
    const match =
      /^\d+:\s+(?:POSIX|OFDLCK)\s+\S+\s+WRITE\s+(-?\d+)\s+([0-9a-f]+:[0-9a-f]+):(\d+)\s+(\d+)\s/i.exec(line);
    if (!match) continue;
    const [, pid, device, inode, from] = match;
    if (Number(inode) !== file.inode || Number(from) !== start || !sameDevice(device!, file.device)) continue;
    if (Number(pid) > 0) pids.push(Number(pid));
  }
  return pids;
}

/** A process's command line in words, without the paths it was given. */
export function describeCommandLine(argv: readonly string[]): string {
  // Electron's processes: the app's window, its service (a utility process) and their helpers.
  if (argv.some((arg) => arg.startsWith('--type=')) || /electron/i.test(basename(argv[0] ?? '')))
    return 'the Atelier app';
  const cli = argv.findIndex((arg) => /(?:^|[/\\])(?:cli[/\\]main\.[cm]?[jt]s|atelier)$/.test(arg));
  if (cli >= 0) {
    const command = argv.slice(cli + 1).find((arg) => !arg.startsWith('-'));
    return command ? `atelier ${command}` : 'atelier';
  }
  const words = argv.slice(0, 2).map((arg) => basename(arg));
  return words.join(' ') || 'an unknown program';
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Which other process holds `databaseFile`'s write lock, where the OS says (Linux's /proc/locks); null
 * elsewhere, when it is this process, or when the lock was let go meanwhile.
 */
export function databaseLockHolder(databaseFile: string, locksFile = '/proc/locks'): LockHolder | null {
  let locks: string;
  try {
    locks = readFileSync(locksFile, 'utf8');
  } catch {
    return null;
  }
  for (const { suffix, start } of [walWriteLock, reservedByte]) {
    const id = fileId(databaseFile + suffix);
    if (id === null) continue;
    const pid = writeLockPids(locks, id, start).find((p) => p !== process.pid);
    if (pid !== undefined) return { pid, description: describeCommandLine(commandLine(pid)) };
  }
  return null;
}
