import type { Migration } from './types.js';

/**
 * What an optimize run derives, all keyed by run so readers keep seeing the last completed run while a new one
 * writes its rows (the run's status flips to 'completed' in one final transaction). Features are stored as
 * their normalised phrase: runs with different reasoners stay readable side by side. Evidence lists are JSON
 * arrays of row ids, validated when read back.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'engine',
  up(db) {
    db.exec(`
      CREATE TABLE client_interests (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        feature TEXT NOT NULL,
        facet TEXT NOT NULL,
        weight REAL NOT NULL,
        evidence_items TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, client_id, feature)
      ) STRICT;

      CREATE TABLE client_neighbours (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        neighbour_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        similarity REAL NOT NULL,
        PRIMARY KEY (run_id, client_id, neighbour_id),
        CHECK (neighbour_id <> client_id)
      ) STRICT;
      CREATE INDEX client_neighbours_neighbour ON client_neighbours(run_id, neighbour_id);

      CREATE TABLE group_interests (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        feature TEXT NOT NULL,
        facet TEXT NOT NULL,
        strength REAL NOT NULL,
        neighbour_count INTEGER NOT NULL,
        evidence_neighbours TEXT NOT NULL DEFAULT '[]',
        evidence_items TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, client_id, feature)
      ) STRICT;
      CREATE INDEX group_interests_feature ON group_interests(run_id, feature);

      CREATE TABLE recommendations (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        score REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, client_id, rank),
        UNIQUE (run_id, client_id, item_id)
      ) STRICT;
      CREATE INDEX recommendations_item ON recommendations(run_id, item_id);
    `);
  },
};
