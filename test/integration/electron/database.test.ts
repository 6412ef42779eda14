import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveAppDatabase } from '../../../electron/service/database.js';

let userData: string;
beforeEach(() => (userData = join(mkdtempSync(join(tmpdir(), 'atelier-userdata-')), 'Atelier')));
afterEach(() => rmSync(join(userData, '..'), { recursive: true, force: true }));

describe('the database the desktop app opens', () => {
  it('creates the demo boutique in the data folder on first launch', async () => {
    const ensureDemo = vi.fn((file: string) => writeFileSync(file, 'db'));
    const db = await resolveAppDatabase(userData, {}, ensureDemo);
    expect(db).toEqual({ file: join(userData, 'atelier.db'), createdDemo: true });
    expect(ensureDemo.mock.calls).toEqual([[join(userData, 'atelier.db')]]);
  });

  it('reopens the existing database on later launches', async () => {
    const ensureDemo = vi.fn((file: string) => writeFileSync(file, 'db'));
    await resolveAppDatabase(userData, {}, ensureDemo);
    const again = await resolveAppDatabase(userData, {}, ensureDemo);
    expect(again).toEqual({ file: join(userData, 'atelier.db'), createdDemo: false });
    expect(ensureDemo).toHaveBeenCalledTimes(1);
  });

  it('opens the file ATELIER_DB names instead, never creating a demo', async () => {
    const ensureDemo = vi.fn();
    const db = await resolveAppDatabase(userData, { ATELIER_DB: '/srv/boutique.db' }, ensureDemo);
    expect(db).toEqual({ file: '/srv/boutique.db', createdDemo: false });
    expect(ensureDemo).not.toHaveBeenCalled();
  });
});
