import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { channels } from '../../../electron/main/channels.js';
import { contentSecurityPolicy } from '../../../electron/main/security.js';
import { repoRoot } from '../../support/paths.js';

// The whole main process on a mocked Electron: real database (the demo boutique), real API, real IPC wiring.
const fake = vi.hoisted(() => {
  const userData = `${process.env['TMPDIR'] ?? '/tmp'}/atelier-main-${process.pid}-${Date.now()}`;
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const appEvents = new Map<string, (...args: unknown[]) => void>();
  const windows: { options: Record<string, unknown>; loaded: string[]; contents: Record<string, unknown> }[] =
    [];
  const session = { csp: '' as string, permissionGranted: [] as boolean[] };
  return { userData, handlers, appEvents, windows, session, quit: { count: 0 } };
});

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => fake.windows;
    readonly webContents: Record<string, unknown>;
    private readonly record;
    constructor(options: Record<string, unknown>) {
      this.webContents = {
        id: 41,
        isDestroyed: () => false,
        send: vi.fn(),
        setWindowOpenHandler: vi.fn(),
        on: vi.fn(),
      };
      this.record = { options, loaded: [] as string[], contents: this.webContents };
      fake.windows.push(this.record);
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    loadFile(file: string) {
      this.record.loaded.push(file);
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    app: {
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => (name === 'userData' ? fake.userData : join(fake.userData, '..')),
      getVersion: () => '1.2.3',
      on: (name: string, listener: (...args: unknown[]) => void) => fake.appEvents.set(name, listener),
      quit: () => void fake.quit.count++,
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
        fake.handlers.set(channel, handler),
      removeHandler: (channel: string) => fake.handlers.delete(channel),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: (c: unknown, p: string, cb: (g: boolean) => void) => void) =>
          h({}, 'geolocation', (granted) => fake.session.permissionGranted.push(granted)),
        setPermissionCheckHandler: vi.fn(),
        webRequest: {
          onHeadersReceived: (
            l: (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void,
          ) =>
            l(
              { responseHeaders: {} },
              (r) => (fake.session.csp = r.responseHeaders['Content-Security-Policy']![0]!),
            ),
        },
      },
    },
    nativeTheme: { shouldUseDarkColors: false },
    shell: { openExternal: vi.fn() },
    dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
  };
});

const here = join(repoRoot, 'electron/main');
const appUrl = pathToFileURL(join(here, '../renderer/index.html')).href;

afterAll(async () => {
  const beforeQuit = fake.appEvents.get('before-quit');
  if (beforeQuit) {
    beforeQuit({ preventDefault: () => undefined });
    await vi.waitFor(() => expect(fake.quit.count).toBe(1), { timeout: 10_000 });
  }
  rmSync(fake.userData, { recursive: true, force: true });
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
});
