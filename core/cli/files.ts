import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';

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
