import { encryptInPlace } from '../../core/db/encryption.js';
import type { DatabaseKey } from '../../core/db/key.js';

/**
 * A child process for the crash test: encrypts the plain book argv[2] in place with the key argv[3], saying
 * "go" just before it starts and "done <ms>" after, so the parent can kill it in between.
 */
const [file, key] = process.argv.slice(2);
if (!file || !key) throw new Error('usage: encrypt-child FILE KEY');
process.stdout.write('go\n');
const started = performance.now();
encryptInPlace(file, key as DatabaseKey);
process.stdout.write(`done ${Math.round(performance.now() - started)}\n`);
