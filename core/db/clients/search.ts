import { isDatabaseBusy, type Db } from '../open.js';

/** Lower case without accents, so 'helene' finds Hélène. */
export const fold = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- the ASCII fast path: most names and e-mails need no NFKD.
  /^[\x00-\x7f]*$/.test(text)
    ? text.toLowerCase()
    : text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

const registered = new WeakSet<Db>();

/** atelier_fold (see `fold`) and atelier_digits (a phone number's digits), once per connection. */
export function registerSearchFunctions(db: Db): void {
  if (registered.has(db)) return;
  db.function('atelier_fold', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? fold(v) : '',
  );
  db.function('atelier_digits', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? v.replace(/\D/g, '') : '',
  );
  registered.add(db);
}

/** One client's search keys (migration 0060's client_search columns), from its row and its interactions. */
const keysOf = (where: string): string => `
  SELECT c.id, lower(c.external_id), atelier_fold(c.name || ' ' || coalesce(c.email, '') || ' ' || c.tags),
    atelier_digits(c.phone),
    '|' || coalesce((SELECT group_concat(t.value, '|') FROM json_each(c.tags) t), '') || '|',
    atelier_fold(c.name), c.tier, c.store, c.associate, c.consent_marketing, c.consent_profiling,
    c.created_at, (SELECT max(x.occurred_at) FROM main.interactions x WHERE x.client_id = c.id)
  FROM main.clients c ${where}`;

/** Where listClients reads the keys from, and what the filter counts may be cached on. */
export interface SearchKeys {
  readonly table: string;
  readonly version: string;
}

/**
 * The client book's search keys. At 25,000 clients, folding accents on every keystroke costs ~100 ms, so
 * they live in the file (migration 0060) and a search first refreshes the clients changed since the last
 * one: a renamed client costs one row, a new interaction one last visit. When this connection cannot write
 * (read-only, or another connection holds the write lock through a long import), waiting is not an option for
 * a keystroke: the keys are then built whole in a per-connection TEMP table, as they were before 0060.
 */
export class ClientSearchKeys {
  /** data_version (other connections' commits) and total_changes() (this one's) when last found fresh. */
  private freshAt: string | null = null;
  private fallbackAt: string | null = null;

  constructor(private readonly db: Db) {
    registerSearchFunctions(db);
  }

  private writesSeen(): string {
    const others = this.db.pragma('data_version', { simple: true }) as number;
    return `${others}/${this.db.prepare('SELECT total_changes()').pluck().get() as number}`;
  }

  private generation(): number {
    return this.db.prepare('SELECT generation FROM main.client_search_state').pluck().get() as number;
  }

  private outOfDate(): boolean {
    return (
      this.db
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM main.client_search_pending)
             OR (SELECT coalesce(max(id), 0) FROM main.interactions) > (SELECT interactions_seen FROM main.client_search_state)`,
        )
        .pluck()
        .get() === 1
    );
  }

  /**
   * Rewrites the changed clients' keys; all of them when most changed (an import): cheaper than row by row.
   * New interactions' clients join the pending ones first (by row id, not a union: SQLite would merge-scan
   * every interaction for it).
   */
  private refresh(): void {
    this.db.exec(`INSERT INTO main.client_search_pending (client_id)
      SELECT client_id FROM main.interactions WHERE id > (SELECT interactions_seen FROM main.client_search_state)
      ON CONFLICT DO NOTHING`);
    const count = this.db.prepare('SELECT count(*) FROM main.client_search_pending').pluck().get() as number;
    const clients = this.db.prepare('SELECT count(*) FROM main.clients').pluck().get() as number;
    if (count * 4 > clients) {
      this.db.exec(`DELETE FROM main.client_search; INSERT INTO main.client_search ${keysOf('')}`);
    } else {
      this.db.exec(`
        DELETE FROM main.client_search WHERE id IN (SELECT client_id FROM main.client_search_pending);
        INSERT INTO main.client_search ${keysOf('WHERE c.id IN (SELECT client_id FROM main.client_search_pending)')};`);
    }
    this.db.exec(`DELETE FROM main.client_search_pending;
      UPDATE main.client_search_state SET generation = generation + 1,
        interactions_seen = (SELECT coalesce(max(id), 0) FROM main.interactions);`);
  }

  /** Refreshes without waiting for the write lock; false when it could not. */
  private tryRefresh(): boolean {
    if (this.db.readonly) return false;
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      const write = this.db.transaction(() => {
        if (this.outOfDate()) this.refresh();
      });
      if (this.db.inTransaction) write();
      else write.immediate();
      return true;
    } catch (error) {
      if (isDatabaseBusy(error)) return false;
      throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  private buildFallback(): void {
    this.db.transaction(() => {
      this.db.exec(`
        CREATE TEMP TABLE IF NOT EXISTS atelier_client_keys (id INTEGER PRIMARY KEY, ext TEXT NOT NULL,
          words TEXT NOT NULL, digits TEXT NOT NULL, tags TEXT NOT NULL, name_key TEXT NOT NULL, tier TEXT,
          store TEXT, associate TEXT, consent_marketing INTEGER NOT NULL, consent_profiling INTEGER NOT NULL,
          created_at TEXT NOT NULL, last_visit TEXT);
        CREATE INDEX IF NOT EXISTS temp.atelier_client_keys_name ON atelier_client_keys(name_key);
        CREATE INDEX IF NOT EXISTS temp.atelier_client_keys_visit ON atelier_client_keys(last_visit);
        DELETE FROM temp.atelier_client_keys;
        INSERT INTO temp.atelier_client_keys ${keysOf('')};`);
    })();
  }

  /**
   * Up-to-date keys, checked only when some connection wrote something since the last look. While on the
   * TEMP keys, each search tries the refresh again (a refused lock costs microseconds), so the file's keys take
   * over as soon as the lock is free.
   */
  current(): SearchKeys {
    const seen = this.writesSeen();
    if (seen === this.freshAt) return { table: 'main.client_search', version: `${this.generation()}` };
    if (!this.outOfDate() || this.tryRefresh()) {
      this.freshAt = this.writesSeen();
      this.fallbackAt = null;
      return { table: 'main.client_search', version: `${this.generation()}` };
    }
    if (seen === this.fallbackAt) return { table: 'temp.atelier_client_keys', version: `temp/${seen}` };
    this.buildFallback();
    this.fallbackAt = this.writesSeen();
    return { table: 'temp.atelier_client_keys', version: `temp/${this.fallbackAt}` };
  }
}
