import type { Database } from 'better-sqlite3-multiple-ciphers';

/** One schema version: `up` runs inside the migration transaction and must be synchronous. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
