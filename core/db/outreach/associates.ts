import type { Db } from '../open.js';
import type { AssociateRole } from '../../domain/outreach.js';
import { CoreError } from '../../domain/errors.js';
import { fold } from '../clients/search.js';
import { currentAssociateId } from './settings.js';

/** Who uses the app: one record per associate, named as the client book names them (`clients.associate`). */
export interface Associate {
  readonly id: number;
  readonly name: string;
  readonly store: string | null;
  readonly role: AssociateRole;
  /** Clients assigned to this associate. */
  readonly clientCount: number;
}

export class UnknownAssociateError extends CoreError<'unknown-associate'> {
  constructor(readonly ref: string | number) {
    super(
      'unknown-associate',
      'not-found',
      typeof ref === 'number'
        ? `there is no associate ${ref}`
        : `there is no associate named "${ref}" (the names are as the client book spells them)`,
    );
  }
}

export class AssociateExistsError extends CoreError<'associate-exists'> {
  constructor(name: string) {
    super('associate-exists', 'conflict', `an associate named "${name}" already exists`);
  }
}

const select = `
  SELECT a.id, a.name, a.store, a.role,
    (SELECT count(*) FROM clients c WHERE c.associate = a.name) AS clientCount
  FROM associates a`;

export function listAssociates(db: Db): Associate[] {
  return db.prepare(`${select} ORDER BY a.store IS NULL, a.store, a.name`).all() as Associate[];
}

const byId = (db: Db, id: number) => db.prepare(`${select} WHERE a.id = ?`).get(id) as Associate | undefined;

export function associateById(db: Db, id: number): Associate {
  const row = byId(db, id);
  if (!row) throw new UnknownAssociateError(id);
  return row;
}

/** The associate this laptop's app runs as, or null before anyone chose. */
export function currentAssociate(db: Db): Associate | null {
  const id = currentAssociateId(db);
  return id === null ? null : (byId(db, id) ?? null);
}

/** By id ("12") or by name, exactly as stored, else case- and accent-blind when that names only one. */
export function findAssociate(db: Db, ref: string): Associate {
  const text = ref.trim();
  const numbered = /^\d+$/.test(text) ? byId(db, Number(text)) : undefined;
  if (numbered) return numbered;
  const exact = db.prepare(`${select} WHERE a.name = ?`).get(text) as Associate | undefined;
  if (exact) return exact;
  const key = (s: string) => fold(s).replace(/\s+/g, ' ');
  const matches = listAssociates(db).filter((a) => key(a.name) === key(text));
  if (matches.length === 1) return matches[0]!;
  throw new UnknownAssociateError(text);
}

export interface NewAssociate {
  readonly name: string;
  readonly store: string | null;
  readonly role: AssociateRole;
}

export function createAssociate(db: Db, input: NewAssociate, now: string): Associate {
  const name = input.name.trim();
  const exists = db.prepare('SELECT 1 FROM associates WHERE name = ?').get(name);
  if (exists) throw new AssociateExistsError(name);
  const id = db
    .prepare('INSERT INTO associates (name, store, role, created_at) VALUES (?, ?, ?, ?) RETURNING id')
    .pluck()
    .get(name, input.store?.trim() || null, input.role, now) as number;
  return associateById(db, id);
}
