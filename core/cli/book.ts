import { openBook, type BookKeyPolicy } from '../db/book.js';
import { dbKeyVariable, plainVariable } from '../db/key.js';
import type { Db } from '../db/open.js';

/** `--plain`, taken by every command that may create or write a book. */
export const plainOption = { plain: { type: 'boolean' } } as const;

export const plainHelp =
  `  --plain       leave a new or plain book unencrypted (as ${plainVariable}=1); by default it is encrypted\n` +
  `                with the key in the OS keychain or ${dbKeyVariable} (docs/encryption.md)\n`;

/** Opens the book (its key from the environment or the keychain), runs `fn`, closes it. */
export async function withBook<T>(
  file: string,
  policy: Pick<BookKeyPolicy, 'readonly' | 'plain'>,
  fn: (db: Db) => T | Promise<T>,
): Promise<T> {
  const db = await openBook(file, {
    ...(policy.readonly ? { readonly: true } : {}),
    ...(policy.plain ? { plain: true } : {}),
  });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
