import { existsSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { channels } from '../../../electron/main/channels.js';
import { contentSecurityPolicy } from '../../../electron/main/security.js';
import { repoRoot } from '../../support/paths.js';
import { fake, quitApp } from './fake-electron.js';
import { forked } from './utility-process.js';

// The whole main process on a mocked Electron: real database (the demo boutique), real API in the real
// service process (a forked Node child standing in for the utility process), real IPC wiring.
vi.mock('electron', async () => (await import('./fake-electron.js')).electron);

const here = join(repoRoot, 'electron/main');
const appUrl = pathToFileURL(join(here, '../renderer/index.html')).href;

afterAll(async () => {
  if (fake.quit.count === 0) await quitApp();
  for (const service of forked) if (service.exitCode === null) service.signal('SIGKILL');
  rmSync(fake.userData, { recursive: true, force: true });
});

const own = { sender: { id: 41 }, senderFrame: { url: `${appUrl}#/clients`, parent: null } };
const invoke = (method: string, args: unknown) => fake.handlers.get(channels.invoke)!(own, method, args);

/** The files a process holds open, by their paths (Linux's /proc). */
const openFiles = (pid: number | 'self'): string[] =>
  readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
    } catch {
      return [];
    }
  });

describe('the desktop main process (Electron mocked)', () => {
  it('on first launch creates the demo boutique in the data folder and opens one locked-down window', async () => {
    delete process.env['ATELIER_DB'];
    await import('../../../electron/main/index.js');
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1), { timeout: 30_000 });
    expect(existsSync(join(fake.userData, 'atelier.db'))).toBe(true);
    const [window] = fake.windows;
    expect(window!.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: join(here, '../preload/index.cjs'),
    });
    expect(window!.loaded).toEqual([join(here, '../renderer/index.html')]);
    expect(fake.session.csp).toBe(contentSecurityPolicy);
    expect(fake.session.permissionGranted).toEqual([false]);
  });

  it('answers the API over IPC for its own window only', async () => {
    const invoke = fake.handlers.get(channels.invoke)!;
    const own = { sender: { id: 41 }, senderFrame: { url: `${appUrl}#/clients`, parent: null } };
    const info = (await invoke(own, 'app.info', {})) as {
      ok: boolean;
      value: { mode: string; version: string; counts: { clients: number } };
    };
    expect(info.ok).toBe(true);
    expect(info.value.mode).toBe('desktop');
    expect(info.value.version).toBe('1.2.3');
    expect(info.value.counts.clients).toBeGreaterThanOrEqual(800);

    const stranger = { sender: { id: 99 }, senderFrame: { url: appUrl, parent: null } };
    expect(await invoke(stranger, 'app.info', {})).toMatchObject({
      ok: false,
      error: { kind: 'unauthorized' },
    });
    expect([...fake.handlers.keys()].sort()).toEqual(
      Object.values(channels)
        .filter((c) => c !== channels.event)
        .sort(),
    );
  });

  it('runs SQLite in the service process it forks, never in main', () => {
    expect(forked.map((service) => [service.modulePath, service.options.serviceName])).toEqual([
      [join(here, 'service.js'), 'Atelier database'],
    ]);
    const pid = forked[0]!.pid!;
    expect(pid).not.toBe(process.pid);
    // Main (this process) never even loaded the SQLite binding...
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.filter((file) => file.includes('better-sqlite3'))).toEqual([]);
    // ...and the database file is open in the service process, not here.
    if (process.platform !== 'linux') return;
    const database = join(fake.userData, 'atelier.db');
    expect(openFiles(pid)).toContain(database);
    expect(openFiles('self')).not.toContain(database);
  });

  it('relays the API’s events from the service to the window', async () => {
    const clients = (await invoke('clients.search', { limit: 1 })) as { value: { rows: { id: number }[] } };
    const clientId = clients.value.rows[0]!.id;
    expect(await invoke('clients.addNote', { clientId, body: 'Prefers yellow gold' })).toMatchObject({
      ok: true,
      value: { body: 'Prefers yellow gold' },
    });
    const send = fake.windows[0]!.contents['send'] as ReturnType<typeof vi.fn>;
    await vi.waitFor(() =>
      expect(send).toHaveBeenCalledWith(channels.event, {
        event: 'data.changed',
        payload: { what: ['clients'] },
      }),
    );
  });

  it('on quit closes the database in the service process, which exits; later calls are answered', async () => {
    await quitApp();
    expect(forked[0]!.exitCode).toBe(0);
    // The database was closed, not abandoned: SQLite removes the WAL when the last connection closes.
    expect(existsSync(join(fake.userData, 'atelier.db-wal'))).toBe(false);
    expect(await invoke('app.info', {})).toMatchObject({
      ok: false,
      error: { kind: 'unavailable', message: 'Atelier is closing' },
    });
  });
});
