import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { Db } from '../open.js';
import {
  outreachSettingsSchema,
  type OutreachSettings,
  type OutreachSettingsPatch,
} from '../../domain/outreach.js';
import { CoreError } from '../../domain/errors.js';

/**
 * The boutique's settings, one JSON value per key in the `settings` table. Reads validate (a value edited
 * behind the app's back is refused by name, never half-used); writes merge into what is stored.
 */
export class SettingsError extends CoreError<'bad-settings'> {
  constructor(message: string) {
    super('bad-settings', 'bad-input', message);
  }
}

function readValue(db: Db, key: string): unknown {
  const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
}

function writeValue(db: Db, key: string, value: unknown, now: string): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), now);
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ');
}

/** Whether `zone` is a time zone this machine's Intl knows (IANA name, e.g. "Europe/Paris"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const checkedSettings = outreachSettingsSchema.superRefine((s, ctx) => {
  if (s.timeZone !== null && !isTimeZone(s.timeZone))
    ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `"${s.timeZone}" is not a known time zone` });
});

export function outreachSettings(db: Db): OutreachSettings {
  const parsed = checkedSettings.safeParse(readValue(db, 'outreach') ?? {});
  if (!parsed.success)
    throw new SettingsError(`the stored outreach settings are invalid: ${issues(parsed.error)}`);
  return parsed.data;
}

function merge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = { ...(base && typeof base === 'object' ? base : {}) };
  for (const [k, v] of Object.entries(patch)) out[k] = merge(out[k], v);
  return out;
}

/** Merges `patch` into the stored settings; refused as a whole (nothing written) when any field is invalid. */
export function updateOutreachSettings(db: Db, patch: OutreachSettingsPatch, now: string): OutreachSettings {
  return db
    .transaction(() => {
      const merged = merge(outreachSettings(db), patch);
      const parsed = checkedSettings.safeParse(merged);
      if (!parsed.success)
        throw new SettingsError(`the outreach settings were not changed: ${issues(parsed.error)}`);
      writeValue(db, 'outreach', parsed.data, now);
      return parsed.data;
    })
    .immediate();
}

/** The demo boutique's clock: its history ends at `referenceDate`, and its time runs on from there. */
const demoClockSchema = z.object({ referenceDate: z.iso.datetime(), seededAt: z.iso.datetime() });
export type DemoClock = z.output<typeof demoClockSchema>;

export function demoClock(db: Db): DemoClock | null {
  const value = readValue(db, 'demo_clock');
  if (value === undefined) return null;
  const parsed = demoClockSchema.safeParse(value);
  if (!parsed.success) throw new SettingsError(`the stored demo clock is invalid: ${issues(parsed.error)}`);
  return parsed.data;
}

export function setDemoClock(db: Db, clock: DemoClock, now: string): void {
  writeValue(db, 'demo_clock', demoClockSchema.parse(clock), now);
}

/** The associate this laptop's app runs as (an associates.id), or null before anyone chose. */
export function currentAssociateId(db: Db): number | null {
  const value = readValue(db, 'current_associate');
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

export function setCurrentAssociateId(db: Db, id: number, now: string): void {
  writeValue(db, 'current_associate', id, now);
}

/**
 * The boutique's photo folder: the folder (an absolute path) its product photos are kept in, the one place
 * besides the app's image store a lookbook reads pictures from; null when none was chosen.
 */
export function photoFolder(db: Db): string | null {
  const value = readValue(db, 'photo_folder');
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isAbsolute(value))
    throw new SettingsError('the stored photo folder is invalid: it must be an absolute folder path');
  return value;
}

export function setPhotoFolder(db: Db, folder: string | null, now: string): void {
  if (folder !== null && (folder.trim() === '' || !isAbsolute(folder) || folder.includes('\0')))
    throw new SettingsError(`the photo folder must be an absolute folder path, not "${folder}"`);
  writeValue(db, 'photo_folder', folder, now);
}
