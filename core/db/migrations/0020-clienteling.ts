import type { Migration } from './types.js';

/** What the associate writes: notes on clients and curated selections (lookbooks). */
export const migration0020: Migration = {
  version: 20,
  name: 'clienteling',
  up(db) {
    db.exec(`
      CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        author TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX notes_client ON notes(client_id, created_at);

      CREATE TABLE selections (
        id INTEGER PRIMARY KEY,
        client_id INTEGER REFERENCES clients(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE selection_items (
        selection_id INTEGER NOT NULL REFERENCES selections(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (selection_id, item_id)
      ) STRICT;
    `);
  },
};
