import type { Migration } from './types.js';

/**
 * The associate's day (core/domain/outreach.ts has its words):
 * - associates: who uses the app (name, store, role). Clients name their associate in `clients.associate`, as
 *   exports do; triggers add a record for every new name, whichever connection writes it, and the upgrade adds
 *   one per name already in the book, in the store most of their clients are in.
 * - clients.language and clients.salutation, for messages in the client's language ("Mrs Dubois", "Madame").
 * - client_dates: birthdays, anniversaries and any named date, as a month and day (a local date; the year is
 *   optional: an anniversary's year, a birthday's when known).
 * - follow_ups: tasks with a local due date, made by hand (rule NULL) or by a rule (source_key names the event
 *   it was made for, so a rule never makes the same follow-up twice).
 * - contacts and contact_items: the contact log; the selection sent is frozen in contact_items (titles,
 *   prices, variant groups and which of the engine's reasons put each piece there), so later edits to the
 *   selection or the catalog never rewrite what was sent.
 * - message_templates: the boutique's own templates (the built-in ones live in code).
 * - settings: the boutique's settings as JSON values by key.
 * - items.available, previous_price_minor, price_dropped_at, back_at: triggers note a price drop and a piece
 *   that came back, through any writer.
 * - selections.author: who prepared it.
 */
const associatesSql = `
      CREATE TABLE associates (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
        store TEXT,
        role TEXT NOT NULL DEFAULT 'associate' CHECK (role IN ('associate', 'manager')),
        created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO associates (name, store, created_at)
        SELECT c.associate,
          (SELECT c2.store FROM clients c2 WHERE c2.associate = c.associate AND c2.store IS NOT NULL
            GROUP BY c2.store ORDER BY count(*) DESC, c2.store LIMIT 1),
          min(c.created_at)
        FROM clients c WHERE c.associate IS NOT NULL AND trim(c.associate) <> ''
        GROUP BY c.associate;
      CREATE TRIGGER associates_client_added AFTER INSERT ON clients
        WHEN NEW.associate IS NOT NULL AND trim(NEW.associate) <> ''
        BEGIN INSERT INTO associates (name, store, created_at) VALUES (NEW.associate, NEW.store, NEW.updated_at)
          ON CONFLICT DO NOTHING; END;
      CREATE TRIGGER associates_client_moved AFTER UPDATE OF associate ON clients
        WHEN NEW.associate IS NOT NULL AND trim(NEW.associate) <> ''
        BEGIN INSERT INTO associates (name, store, created_at) VALUES (NEW.associate, NEW.store, NEW.updated_at)
          ON CONFLICT DO NOTHING; END;
      CREATE INDEX clients_associate ON clients(associate);
      CREATE INDEX clients_store ON clients(store);
`;

const clientColumnsSql = `
      ALTER TABLE clients ADD COLUMN language TEXT;
      ALTER TABLE clients ADD COLUMN salutation TEXT;
`;

const datesSql = `
      CREATE TABLE client_dates (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        label TEXT NOT NULL CHECK (trim(label) <> ''),
        month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
        day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
        year INTEGER CHECK (year IS NULL OR year BETWEEN 1800 AND 2200),
        UNIQUE (client_id, label)
      ) STRICT;
      CREATE INDEX client_dates_day ON client_dates(month, day);
`;

const followUpsSql = `
      CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        due_on TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        reason TEXT NOT NULL CHECK (trim(reason) <> ''),
        rule TEXT CHECK (rule IS NULL OR rule IN ('thank-you', 'try-on-check-in', 'birthday', 'vip-lapsing')),
        source_key TEXT UNIQUE,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'snoozed', 'dismissed')),
        snoozed_until TEXT,
        author TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        closed_at TEXT,
        CHECK ((status = 'snoozed') = (snoozed_until IS NOT NULL)),
        CHECK ((rule IS NULL) = (source_key IS NULL))
      ) STRICT;
      CREATE INDEX follow_ups_due ON follow_ups(status, due_on);
      CREATE INDEX follow_ups_client ON follow_ups(client_id, due_on);
`;

const contactsSql = `
      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        associate_id INTEGER REFERENCES associates(id) ON DELETE SET NULL,
        associate TEXT NOT NULL,
        store TEXT,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'phone', 'in-person')),
        template TEXT,
        message TEXT NOT NULL DEFAULT '',
        selection_id INTEGER REFERENCES selections(id) ON DELETE SET NULL,
        selection_title TEXT,
        follow_up_id INTEGER REFERENCES follow_ups(id) ON DELETE SET NULL,
        contacted_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX contacts_client ON contacts(client_id, contacted_at);
      CREATE INDEX contacts_when ON contacts(contacted_at);
      CREATE INDEX contacts_associate ON contacts(associate_id, contacted_at);
`;

const contactItemsSql = `
      CREATE TABLE contact_items (
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
        item_external_id TEXT NOT NULL,
        title TEXT NOT NULL,
        variant_group TEXT,
        price_minor INTEGER,
        currency TEXT,
        reason_source TEXT
          CHECK (reason_source IS NULL OR reason_source IN ('explicit', 'group', 'sequence', 'popular')),
        PRIMARY KEY (contact_id, position)
      ) STRICT;
      CREATE INDEX contact_items_item ON contact_items(item_id);
      CREATE INDEX contact_items_group ON contact_items(variant_group) WHERE variant_group IS NOT NULL;
`;

const templatesSql = `
      CREATE TABLE message_templates (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (trim(name) <> ''),
        purpose TEXT NOT NULL,
        language TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
        subject TEXT,
        body TEXT NOT NULL CHECK (trim(body) <> ''),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (name, language, channel)
      ) STRICT;
`;

const settingsSql = `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL
      ) STRICT;
`;

const selectionsSql = `
      ALTER TABLE selections ADD COLUMN author TEXT;
`;

const itemsSql = `
  ALTER TABLE items ADD COLUMN available INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1));
  ALTER TABLE items ADD COLUMN previous_price_minor INTEGER;
  ALTER TABLE items ADD COLUMN price_dropped_at TEXT;
  ALTER TABLE items ADD COLUMN back_at TEXT;
  CREATE INDEX items_created ON items(created_at);
  CREATE TRIGGER items_price_dropped AFTER UPDATE OF price_minor ON items
    WHEN OLD.price_minor IS NOT NULL AND NEW.price_minor IS NOT NULL AND NEW.price_minor < OLD.price_minor
    BEGIN UPDATE items SET previous_price_minor = max(OLD.price_minor, coalesce(OLD.previous_price_minor, 0)),
      price_dropped_at = NEW.updated_at WHERE id = NEW.id; END;
  CREATE TRIGGER items_price_raised AFTER UPDATE OF price_minor ON items
    WHEN NEW.price_minor IS NULL OR (OLD.price_minor IS NOT NULL AND NEW.price_minor >= coalesce(
      OLD.previous_price_minor, OLD.price_minor) AND NEW.price_minor > OLD.price_minor)
    BEGIN UPDATE items SET previous_price_minor = NULL, price_dropped_at = NULL WHERE id = NEW.id; END;
  CREATE TRIGGER items_back AFTER UPDATE OF available ON items
    WHEN OLD.available = 0 AND NEW.available = 1
    BEGIN UPDATE items SET back_at = NEW.updated_at WHERE id = NEW.id; END;
  CREATE TRIGGER items_gone AFTER UPDATE OF available ON items
    WHEN NEW.available = 0
    BEGIN UPDATE items SET back_at = NULL WHERE id = NEW.id; END;
`;

export const migration0070: Migration = {
  version: 70,
  name: 'outreach',
  up(db) {
    db.exec(
      [
        associatesSql,
        clientColumnsSql,
        datesSql,
        followUpsSql,
        contactsSql,
        contactItemsSql,
        templatesSql,
        settingsSql,
        selectionsSql,
        itemsSql,
      ].join('\n'),
    );
  },
};
