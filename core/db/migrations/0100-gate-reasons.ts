import type { Migration } from './types.js';

/**
 * The plausibility gate's verdict as data: a reasoning failure the gate refused says why in its own column
 * (`reason`: 'echo', 'not words', 'repeated', 'ungrounded'), not only at the start of its error text, so a
 * run's refusals can be counted and shown by reason. Null for failures the gate did not make (output that never
 * validated, a model that could not be reached). Failures recorded before it (step 'gate', error "reason: …")
 * get theirs from the error text. The list is written out here, frozen: a later reason is a later migration.
 */
export const migration0100: Migration = {
  version: 100,
  name: 'gate-reasons',
  up(db) {
    db.exec(`
      ALTER TABLE reasoning_failures ADD COLUMN reason TEXT
        CHECK (reason IS NULL OR reason IN ('echo', 'not words', 'repeated', 'ungrounded'));
      UPDATE reasoning_failures SET reason = substr(error, 1, instr(error, ':') - 1)
        WHERE step = 'gate' AND substr(error, 1, instr(error, ':') - 1) IN ('echo', 'not words', 'repeated', 'ungrounded');
      CREATE INDEX reasoning_failures_run_reason ON reasoning_failures(run_id, reason) WHERE reason IS NOT NULL;
    `);
  },
};
