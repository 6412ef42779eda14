import type { Migration } from './types.js';

/**
 * The client book's search keys, kept in the file so opening the app or changing one client costs only that
 * client instead of refolding all of them (core/db/client-search.ts fills the rows):
 * - client_search: per client, everything the list filters and sorts on (folded words, phone digits, tags,
 *   name sort key, last visit...), indexed.
 * - client_search_pending: clients whose keys are out of date. Triggers record them, so a write through any
 *   connection (the import worker, the sqlite3 shell) is seen; the folding itself needs the app's SQL functions,
 *   so it happens on the app's next search, not in the trigger.
 * - client_search_state: interactions_seen, the last interaction folded in (new interactions are found by row
 *   id, so an import's hot path carries no trigger), and generation, bumped whenever keys are rewritten (the
 *   filter counts are cached on it).
 * An existing book starts with every client pending: the first search after the upgrade builds the keys once.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'client-search',
  up(db) {
    db.exec(`
      CREATE TABLE client_search (
        id INTEGER PRIMARY KEY,
        ext TEXT NOT NULL,
        words TEXT NOT NULL,
        digits TEXT NOT NULL,
        tags TEXT NOT NULL,
        name_key TEXT NOT NULL,
        tier TEXT,
        store TEXT,
        associate TEXT,
        consent_marketing INTEGER NOT NULL,
        consent_profiling INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        last_visit TEXT
      ) STRICT;
      CREATE INDEX client_search_name ON client_search(name_key);
      CREATE INDEX client_search_visit ON client_search(last_visit);

      CREATE TABLE client_search_pending (client_id INTEGER PRIMARY KEY) STRICT;

      CREATE TABLE client_search_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        interactions_seen INTEGER NOT NULL,
        generation INTEGER NOT NULL
      ) STRICT;
      INSERT INTO client_search_state (id, interactions_seen, generation) VALUES (1, 0, 0);
      INSERT INTO client_search_pending (client_id) SELECT id FROM clients;

      CREATE TRIGGER client_search_client_added AFTER INSERT ON clients
        BEGIN INSERT INTO client_search_pending (client_id) VALUES (NEW.id) ON CONFLICT DO NOTHING; END;
      CREATE TRIGGER client_search_client_changed AFTER UPDATE OF id, external_id, name, email, phone, tier, store,
        associate, tags, consent_marketing, consent_profiling, created_at ON clients
        BEGIN INSERT INTO client_search_pending (client_id) VALUES (OLD.id), (NEW.id) ON CONFLICT DO NOTHING; END;
      CREATE TRIGGER client_search_client_removed AFTER DELETE ON clients
        BEGIN DELETE FROM client_search WHERE id = OLD.id; END;

      -- ON CONFLICT DO NOTHING, not INSERT OR IGNORE: under the writers' upserts, the outer statement's conflict
      -- policy overrides a trigger's OR IGNORE, and a client already pending would abort the import.
      -- A moved or removed interaction can change a last visit. Removing the newest ones lets SQLite hand
      -- their row ids out again, so interactions_seen steps back to stay below any new row.
      CREATE TRIGGER client_search_interaction_changed AFTER UPDATE OF client_id, occurred_at ON interactions
        BEGIN INSERT INTO client_search_pending (client_id) VALUES (OLD.client_id), (NEW.client_id)
          ON CONFLICT DO NOTHING;
        END;
      CREATE TRIGGER client_search_interaction_removed AFTER DELETE ON interactions
        BEGIN
          INSERT INTO client_search_pending (client_id) VALUES (OLD.client_id) ON CONFLICT DO NOTHING;
          UPDATE client_search_state SET interactions_seen = (SELECT coalesce(max(id), 0) FROM interactions)
            WHERE interactions_seen > (SELECT coalesce(max(id), 0) FROM interactions);
        END;
    `);
  },
};
