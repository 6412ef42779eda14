import { closeSync, fchmodSync, openSync, realpathSync, statSync, writeSync } from 'node:fs';
import { InputError } from './args.js';

/**
 * Writes a file only its owner may read (0600, whatever the umask): an export names a client and what she
 * bought. A file left under that name by an earlier run is truncated and tightened too.
 */
export function writePrivateFile(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } finally {
    closeSync(fd);
  }
}

/** The real path of a folder given on the command line, or a clear error naming the flag. */
export function existingFolder(folder: string, flag: string): string {
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    throw new InputError(`${flag} ${folder}: no such folder`);
  }
  if (!statSync(real).isDirectory()) throw new InputError(`${flag} ${folder}: not a folder`);
  return real;
}
