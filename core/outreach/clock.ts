import type { Clock } from '../clock.js';
import type { Db } from '../db/open.js';
import { demoClock, outreachSettings } from '../db/outreach/settings.js';

/**
 * The boutique's clock. A real boutique lives on the computer's time. The demo boutique's two years of
 * history end at a fixed reference date; its clock starts there when it is seeded and runs on at the real
 * pace, so Today, follow-ups and attribution read the demo as a boutique seen on that day.
 */
export function boutiqueClock(db: Db, clock: Clock): Clock {
  const demo = demoClock(db);
  if (!demo) return clock;
  const offset = Date.parse(demo.referenceDate) - Date.parse(demo.seededAt);
  return { now: () => new Date(clock.now().getTime() + offset) };
}

/** The zone local dates are read in: the boutique's setting, else this computer's. */
export function boutiqueTimeZone(db: Db): string {
  return outreachSettings(db).timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
