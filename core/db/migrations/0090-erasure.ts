import type { Migration } from './types.js';

/**
 * The erasure log (GDPR art. 17): one row per client erased, saying only that an erasure happened, when, by
 * whom (the associate, as the book spells her, or NULL when nobody was chosen) and through which door (the CLI
 * or the app). Nothing about the client is kept, not even a hash of her client number: client numbers are
 * short and sequential ("CL-100042"), so any unkeyed hash of one is reversed by trying them all, and a hash
 * that can be reversed is her id in clear by another name. What a request asks for afterwards ("was I
 * erased?") is answered from the boutique's request register, not from the book.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'erasure',
  up(db) {
    db.exec(`
      CREATE TABLE erasures (
        id INTEGER PRIMARY KEY,
        erased_at TEXT NOT NULL,
        erased_by TEXT CHECK (erased_by IS NULL OR trim(erased_by) <> ''),
        via TEXT NOT NULL CHECK (via IN ('cli', 'app'))
      ) STRICT;
    `);
  },
};
