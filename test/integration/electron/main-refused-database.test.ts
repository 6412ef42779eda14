import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fake } from './fake-electron.js';
import { forked } from './utility-process.js';

// The main process on a mocked Electron, launched on a database it must refuse (as in main.test.ts).
vi.mock('electron', async () => (await import('./fake-electron.js')).electron);

afterAll(() => {
  for (const service of forked) if (service.exitCode === null) service.signal('SIGKILL');
  rmSync(fake.userData, { recursive: true, force: true });
});

describe('the desktop main process on a database from a newer Atelier', () => {
  it('says why in a dialog and quits, opening no window, and the service process exits', async () => {
    mkdirSync(fake.userData, { recursive: true });
    const file = join(fake.userData, 'boutique.db');
    const raw = new Database(file);
    raw.pragma('user_version = 9990');
    raw.close();
    process.env['ATELIER_DB'] = file;

    await import('../../../electron/main/index.js');
    await vi.waitFor(() => expect(fake.quit.count).toBe(1), { timeout: 30_000 });
    expect(fake.errorBoxes).toEqual([
      [
        'Atelier could not open its database',
        expect.stringContaining(`${file} was written by a newer Atelier (schema version 9990;`),
      ],
    ]);
    expect(fake.windows).toEqual([]);
    expect(fake.handlers.size).toBe(0);
    expect(forked[0]!.exitCode).toBe(0);
  });
});
