import type { Migration } from './types.js';

/** The catalog, the client book and their interactions: what a boutique's POS/CRM exports. */
export const migration0010: Migration = {
  version: 10,
  name: 'catalog',
  up(db) {
    db.exec(`
      CREATE TABLE items (
        id INTEGER PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        maison TEXT,
        category_path TEXT NOT NULL DEFAULT '',
        materials TEXT NOT NULL DEFAULT '[]',
        colours TEXT NOT NULL DEFAULT '[]',
        occasions TEXT NOT NULL DEFAULT '[]',
        price_minor INTEGER,
        currency TEXT,
        collection TEXT,
        description TEXT NOT NULL DEFAULT '',
        image TEXT,
        variant_group TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX items_maison ON items(maison);
      CREATE INDEX items_variant_group ON items(variant_group);

      CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        external_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        email TEXT,
        phone TEXT,
        tier TEXT,
        store TEXT,
        associate TEXT,
        sizes TEXT NOT NULL DEFAULT '{}',
        preferences TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        consent_profiling INTEGER NOT NULL DEFAULT 1 CHECK (consent_profiling IN (0, 1)),
        consent_marketing INTEGER NOT NULL DEFAULT 0 CHECK (consent_marketing IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX clients_name ON clients(name);

      CREATE TABLE interactions (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('purchase', 'return', 'try-on', 'wishlist', 'view')),
        quantity INTEGER NOT NULL DEFAULT 1,
        amount_minor INTEGER,
        currency TEXT,
        occurred_at TEXT NOT NULL,
        channel TEXT,
        UNIQUE (client_id, item_id, kind, occurred_at)
      ) STRICT;
      CREATE INDEX interactions_client ON interactions(client_id, occurred_at);
      CREATE INDEX interactions_item ON interactions(item_id);
    `);
  },
};
