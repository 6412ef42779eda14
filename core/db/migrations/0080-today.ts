import type { Migration } from './types.js';

/**
 * What opening Today reads, kept cheap on a big book (bench: `npm run bench:today`):
 * - client_interests_strongest, group_interests_strongest: each client's strongest interests of a run (rank up
 *   to 12, the ones Today matches new arrivals against: core/db/outreach/today-queries.ts), their feature and
 *   weight in the index itself, so they are read without touching the rows (and their evidence JSON).
 * - follow_up_rules_state: generation, bumped by triggers whenever something the follow-up rules read changes
 *   (an interaction moved or removed, a client's tier or book, an item's title or variant group, an important
 *   date, a follow-up removed), through any connection. A new interaction is found by its row id instead, so an
 *   import's hot path carries no trigger. `materialised` is what the rules were last run on (the day, the
 *   settings, the generation, the last interaction) and the books they were run for: opening Today again with
 *   nothing changed skips them.
 */
const strongestSql = `
  CREATE INDEX client_interests_strongest ON client_interests(run_id, client_id, rank, feature, weight)
    WHERE rank <= 12;
  CREATE INDEX group_interests_strongest ON group_interests(run_id, client_id, rank, feature, strength)
    WHERE rank <= 12;
`;

const bump = 'BEGIN UPDATE follow_up_rules_state SET generation = generation + 1; END';

const rulesStateSql = `
  CREATE TABLE follow_up_rules_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    materialised TEXT CHECK (materialised IS NULL OR json_valid(materialised))
  ) STRICT;
  INSERT INTO follow_up_rules_state (id, generation, materialised) VALUES (1, 0, NULL);
  CREATE TRIGGER follow_up_rules_interaction_changed
    AFTER UPDATE OF client_id, item_id, kind, occurred_at ON interactions
    WHEN (OLD.client_id, OLD.item_id, OLD.kind, OLD.occurred_at) IS NOT
      (NEW.client_id, NEW.item_id, NEW.kind, NEW.occurred_at) ${bump};
  CREATE TRIGGER follow_up_rules_interaction_removed AFTER DELETE ON interactions ${bump};
  CREATE TRIGGER follow_up_rules_client_changed AFTER UPDATE OF tier, store, associate ON clients
    WHEN (OLD.tier, OLD.store, OLD.associate) IS NOT (NEW.tier, NEW.store, NEW.associate) ${bump};
  CREATE TRIGGER follow_up_rules_item_changed AFTER UPDATE OF title, variant_group ON items
    WHEN (OLD.title, OLD.variant_group) IS NOT (NEW.title, NEW.variant_group) ${bump};
  CREATE TRIGGER follow_up_rules_date_added AFTER INSERT ON client_dates ${bump};
  CREATE TRIGGER follow_up_rules_date_changed AFTER UPDATE ON client_dates
    WHEN (OLD.client_id, OLD.label, OLD.month, OLD.day) IS NOT (NEW.client_id, NEW.label, NEW.month, NEW.day)
    ${bump};
  CREATE TRIGGER follow_up_rules_date_removed AFTER DELETE ON client_dates ${bump};
  CREATE TRIGGER follow_up_rules_follow_up_removed AFTER DELETE ON follow_ups ${bump};
`;

export const migration0080: Migration = {
  version: 80,
  name: 'today',
  up(db) {
    db.exec([strongestSql, rulesStateSql].join('\n'));
  },
};
