import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Reading an item's picture from disk for a lookbook that leaves the boutique. An item's `image` field comes
 * from an import (a file a supplier or a POS wrote), so it is untrusted: only a regular file inside one of
 * the allowed folders (the app's image store, the boutique's photo folder), reached without a link out of
 * it, of a bounded size, is ever read. `/dev/zero`, a FIFO, `/etc/passwd` or `~/.ssh/id_rsa` named in a
 * catalog are refused before a byte is read.
 */

/** The largest picture a lookbook embeds (a product photo is a few MB; more is not a photo). */
export const maxImageBytes = 10 * 1024 * 1024;

/** The app's own image store: a folder beside the book in the app's data folder (downloads land there). */
export function imageStoreFolder(databaseFile: string): string {
  return join(dirname(resolve(databaseFile)), 'images');
}

export type ImageFileRead =
  | { readonly ok: true; readonly bytes: Buffer; readonly file: string }
  | { readonly ok: false; readonly reason: string };

const refused = (reason: string): ImageFileRead => ({ ok: false, reason });

function isInside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function realFolder(folder: string): string | null {
  try {
    return realpathSync(folder);
  } catch {
    return null;
  }
}

/** The file a path names inside `folder` (given or real), or null when the path points elsewhere. */
function candidate(path: string, folder: string, real: string): string | null {
  if (!isAbsolute(path)) {
    const file = resolve(real, path);
    return isInside(real, file) ? file : null;
  }
  const file = resolve(path);
  return isInside(folder, file) || isInside(real, file) ? file : null;
}

// O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the last step cannot be swapped for a
// link after the check. Both are 0 where the platform has no such flag.
const openFlags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** At most `limit + 1` bytes, whatever the file claims to be: a growing file cannot make it read more. */
function boundedRead(fd: number, limit: number): Buffer | null {
  const buffer = Buffer.alloc(Math.min(limit + 1, 1 << 20));
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const read = readSync(fd, buffer, 0, buffer.length, null);
    if (read === 0) return Buffer.concat(chunks, total);
    chunks.push(Buffer.from(buffer.subarray(0, read)));
    total += read;
    if (total > limit) return null;
  }
}

function readRegularFile(file: string, limit: number): ImageFileRead {
  let fd: number;
  try {
    fd = openSync(file, openFlags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refused(code === 'ELOOP' ? 'it is a link' : `it cannot be opened (${code ?? 'error'})`);
  }
  try {
    // fstat of the descriptor just opened: what is read is what was checked.
    const stat = fstatSync(fd);
    if (!stat.isFile()) return refused('it is not a regular file (a device, a pipe or a folder)');
    if (stat.size > limit) return refused(`it is larger than ${limit / (1024 * 1024)} MB`);
    const bytes = boundedRead(fd, limit);
    return bytes ? { ok: true, bytes, file } : refused(`it is larger than ${limit / (1024 * 1024)} MB`);
  } catch (error) {
    return refused(`it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the picture `path` names (relative to a folder, or absolute inside one) from the first allowed folder
 * that holds it; anything else is refused with the reason, nothing read.
 */
export function readImageFile(
  path: string,
  folders: readonly string[],
  limit: number = maxImageBytes,
): ImageFileRead {
  if (path.includes('\0')) return refused('the path is not a file name');
  let missing = false;
  for (const folder of folders) {
    const real = realFolder(folder);
    if (real === null) continue;
    const file = candidate(path, resolve(folder), real);
    if (file === null) continue;
    let target: string;
    try {
      target = realpathSync(file);
    } catch {
      missing = true;
      continue;
    }
    if (!isInside(real, target)) return refused('it is a link that leads out of the image folder');
    return readRegularFile(target, limit);
  }
  if (missing) return refused('no such file in the image folders');
  return refused(
    folders.length === 0
      ? 'no image folder is set (the image store or a photo folder)'
      : 'it is not inside the image store or the photo folder',
  );
}
