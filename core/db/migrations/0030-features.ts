import type { Migration } from './types.js';

/**
 * Runs of every derived computation, and the semantic item/client features reasoners produce.
 * Features are the current ones per (item, reasoner): a new reasoning run replaces the rows of the items it
 * reasoned and leaves the others, so a cached re-run keeps everything. Each row records the run, model and
 * prompt version that produced it.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'features',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('reason', 'optimize')),
        status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'failed', 'cancelled')),
        reasoner TEXT NOT NULL,
        model TEXT,
        prompt_version TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}',
        metrics TEXT NOT NULL DEFAULT '{}',
        progress_done INTEGER NOT NULL DEFAULT 0,
        progress_total INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER
      ) STRICT;
      CREATE INDEX runs_kind_status ON runs(kind, status, id);

      CREATE TABLE item_reasoning (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        reasoner TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        model TEXT,
        prompt_version TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        love TEXT NOT NULL,
        dislike TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (item_id, reasoner)
      ) STRICT;

      CREATE TABLE item_features (
        item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        reasoner TEXT NOT NULL,
        feature TEXT NOT NULL,
        facet TEXT NOT NULL,
        weight REAL NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        model TEXT,
        prompt_version TEXT NOT NULL,
        PRIMARY KEY (item_id, reasoner, feature)
      ) STRICT;
      CREATE INDEX item_features_feature ON item_features(reasoner, feature);

      CREATE TABLE client_reasoning (
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        reasoner TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        model TEXT,
        prompt_version TEXT NOT NULL,
        history_hash TEXT NOT NULL,
        likes TEXT NOT NULL,
        dislikes TEXT NOT NULL,
        core_preference TEXT NOT NULL,
        features TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        PRIMARY KEY (client_id, reasoner)
      ) STRICT;
    `);
  },
};
