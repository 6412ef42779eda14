import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiService } from '../../../core/api/service.js';
import type { Method, MethodArgs, Result, Results } from '../../../core/api/contract/index.js';
import { ensureDemoDatabase } from '../../../core/demo/index.js';
import { fixedClock } from '../../../core/clock.js';
import { openDatabase } from '../../../core/db/open.js';
import { setDemoClock } from '../../../core/db/outreach/settings.js';
import { boutiqueClock, boutiqueTimeZone } from '../../../core/outreach/clock.js';
import { apiValue, testApi } from '../../support/api.js';

let folder: string;
let dbFile: string;
let api: ApiService;

const call = <M extends Method>(method: M, args: MethodArgs<M>) =>
  api.dispatch(method, args) as Promise<Result<Results[M]>>;
const value = <M extends Method>(method: M, args: MethodArgs<M>) => apiValue(api, method, args);

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'atelier-associates-'));
  dbFile = join(folder, 'demo.db');
  ensureDemoDatabase(dbFile);
  api = testApi(dbFile, folder, { clock: fixedClock('2025-10-02T09:00:00Z') });
});

afterAll(async () => {
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('who uses the app', () => {
  it('knows every associate of the demo boutique with their store and book, and nobody is chosen yet', async () => {
    const list = await value('associates.list', {});
    expect(list.current).toBeNull();
    expect(list.associates).toHaveLength(27);
    const celine = list.associates.find((a) => a.name === 'Céline Marchand')!;
    expect(celine).toMatchObject({ store: 'Paris Faubourg Saint-Honoré', role: 'associate' });
    expect(celine.clientCount).toBeGreaterThan(10);
    expect(list.associates.reduce((n, a) => n + a.clientCount, 0)).toBe(840);
  });

  it('remembers the associate chosen, and refuses one that does not exist by its id', async () => {
    const list = await value('associates.list', {});
    const chosen = list.associates[3]!;
    expect(await value('associates.choose', { associateId: chosen.id })).toEqual(chosen);
    expect((await value('associates.list', {})).current).toEqual(chosen);
    const missing = await call('associates.choose', { associateId: 99_999 });
    expect(missing).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'there is no associate 99999' },
    });
    expect((await value('associates.list', {})).current).toEqual(chosen);
  });

  it('adds a store manager, and refuses the same name twice', async () => {
    const made = await value('associates.create', {
      name: ' Hélène Garnier ',
      store: 'Paris Avenue Montaigne',
      role: 'manager',
    });
    expect(made).toMatchObject({
      name: 'Hélène Garnier',
      store: 'Paris Avenue Montaigne',
      role: 'manager',
      clientCount: 0,
    });
    const again = await call('associates.create', { name: 'Hélène Garnier' });
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    const empty = await call('associates.create', { name: '  ' });
    expect(empty).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });
  });
});

describe('the outreach settings', () => {
  it('starts from the defaults and merges a partial change into what is stored', async () => {
    const defaults = await value('outreach.settings', {});
    expect(defaults).toMatchObject({
      timeZone: null,
      attributionDays: 14,
      contactGuard: { maxContacts: 2, withinDays: 7 },
      rules: { thankYou: { enabled: true, days: 2 }, birthday: { enabled: true, daysBefore: 7 } },
    });
    const changed = await value('outreach.updateSettings', {
      timeZone: 'Europe/Paris',
      rules: { thankYou: { days: 3 } },
      attributionDays: 21,
    });
    expect(changed.rules.thankYou).toEqual({ enabled: true, days: 3 });
    expect(changed.rules.birthday).toEqual(defaults.rules.birthday);
    expect(changed).toMatchObject({ timeZone: 'Europe/Paris', attributionDays: 21 });
    expect(await value('outreach.settings', {})).toEqual(changed);
  });

  it('refuses an unknown time zone or a field it does not have, and keeps what was stored', async () => {
    const before = await value('outreach.settings', {});
    const zone = await call('outreach.updateSettings', { timeZone: 'Europe/Atlantis' });
    expect(zone).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(!zone.ok && zone.error.message).toMatch(/timeZone "Europe\/Atlantis" is not a known time zone/);
    const field = await call('outreach.updateSettings', { attributionWindow: 3 } as never);
    expect(field).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });
    const range = await call('outreach.updateSettings', { attributionDays: 0 });
    expect(range).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });
    const currency = await call('outreach.updateSettings', { currency: 'euro' });
    expect(currency).toMatchObject({ ok: false, error: { kind: 'invalid-arguments' } });
    expect(!currency.ok && currency.error.message).toMatch(/is not an ISO 4217 currency code such as EUR/);
    expect(await value('outreach.settings', {})).toEqual(before);
  });
});

describe("the boutique's photo folder", () => {
  it('names the image store, takes an existing folder by its real path, refuses a wrong one, clears', async () => {
    const initial = await value('outreach.photoFolder', {});
    expect(initial).toEqual({ imageStore: join(folder, 'images'), photoFolder: null });
    const photos = join(folder, 'Photos');
    mkdirSync(photos);
    const chosen = await value('outreach.setPhotoFolder', { folder: `${photos}/` });
    expect(chosen.photoFolder).toBe(realpathSync(photos));
    expect(await value('outreach.photoFolder', {})).toEqual(chosen);

    const missing = await call('outreach.setPhotoFolder', { folder: join(folder, 'nowhere') });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(!missing.ok && missing.error.message).toMatch(/^the photo folder ".*nowhere" does not exist$/);
    const relative = await call('outreach.setPhotoFolder', { folder: 'Photos' });
    expect(relative).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect((await value('outreach.photoFolder', {})).photoFolder).toBe(realpathSync(photos));

    expect((await value('outreach.setPhotoFolder', { folder: null })).photoFolder).toBeNull();
  });
});

describe("the boutique's clock", () => {
  it('is the computer clock for a real boutique, and runs on from the reference date for the demo', () => {
    const db = openDatabase(join(folder, 'clock.db'));
    try {
      const clock = fixedClock('2026-12-02T10:00:00.000Z');
      expect(boutiqueClock(db, clock).now().toISOString()).toBe('2026-12-02T10:00:00.000Z');
      setDemoClock(
        db,
        { referenceDate: '2025-10-01T00:00:00.000Z', seededAt: '2026-12-01T10:00:00.000Z' },
        '2026-12-01T10:00:00.000Z',
      );
      // Seeded a day ago: the demo's day is the day after its history ends.
      expect(boutiqueClock(db, clock).now().toISOString()).toBe('2025-10-02T00:00:00.000Z');
      expect(boutiqueTimeZone(db)).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    } finally {
      db.close();
    }
  });
});
