import type { Migration } from './types.js';

/**
 * What the LLM reasoners need beside the features of 0030:
 * - reasoning_cache: every model outcome keyed by what produced it (subject content hash, model, prompt version),
 *   so a re-run, a switch back to an earlier model or two items with the same content cost no model call.
 *   Failed outcomes (output that never validated) are cached too: the same model on the same text fails the same
 *   way, and a re-run must not pay for it again unless asked to. Transient failures (timeouts) are never cached.
 * - reasoning_failures: the current failure of an item or client per reasoner, with the model's raw text, so an
 *   associate (or the lead) can see what went wrong; removed when the subject later reasons successfully.
 * - feature_embeddings / feature_synonyms: vectors of feature phrases per embedding model, and the synonymous
 *   phrases merged into one canonical phrase per reasoner.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'reasoning',
  up(db) {
    db.exec(`
      CREATE TABLE reasoning_cache (
        subject TEXT NOT NULL CHECK (subject IN ('item', 'client')),
        content_hash TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
        output TEXT NOT NULL DEFAULT '{}',
        step TEXT,
        error TEXT,
        raw_text TEXT,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (subject, content_hash, model, prompt_version)
      ) STRICT;

      CREATE TABLE reasoning_failures (
        id INTEGER PRIMARY KEY,
        item_id INTEGER REFERENCES items(id) ON DELETE CASCADE,
        client_id INTEGER REFERENCES clients(id) ON DELETE CASCADE,
        reasoner TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        model TEXT,
        prompt_version TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('output', 'transient')),
        step TEXT,
        error TEXT NOT NULL,
        raw_text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK ((item_id IS NULL) <> (client_id IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX reasoning_failures_item ON reasoning_failures(item_id, reasoner) WHERE item_id IS NOT NULL;
      CREATE UNIQUE INDEX reasoning_failures_client ON reasoning_failures(client_id, reasoner)
        WHERE client_id IS NOT NULL;
      CREATE INDEX reasoning_failures_run ON reasoning_failures(run_id);

      CREATE TABLE feature_embeddings (
        model TEXT NOT NULL,
        feature TEXT NOT NULL,
        dimensions INTEGER NOT NULL CHECK (dimensions > 0),
        vector BLOB NOT NULL CHECK (length(vector) = 4 * dimensions),
        PRIMARY KEY (model, feature)
      ) STRICT;

      CREATE TABLE feature_synonyms (
        reasoner TEXT NOT NULL,
        feature TEXT NOT NULL,
        canonical TEXT NOT NULL,
        similarity REAL NOT NULL,
        model TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        PRIMARY KEY (reasoner, feature),
        CHECK (feature <> canonical)
      ) STRICT;
    `);
  },
};
