import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { utilityProcess } from './utility-process.js';

/**
 * The Electron surface the main process uses, without an Electron binary: what main registers (IPC handlers,
 * app events), the windows it opens and what it shows are recorded in `fake`; utilityProcess forks a real
 * Node child. Use it as `vi.mock('electron', async () => (await import('./fake-electron.js')).electron)`.
 */
export const fake = {
  userData: `${process.env['TMPDIR'] ?? '/tmp'}/atelier-main-${process.pid}-${Date.now()}`,
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  appEvents: new Map<string, (...args: unknown[]) => void>(),
  windows: [] as { options: Record<string, unknown>; loaded: string[]; contents: Record<string, unknown> }[],
  session: { csp: '' as string, permissionGranted: [] as boolean[] },
  errorBoxes: [] as [title: string, content: string][],
  quit: { count: 0 },
};

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

export const electron = {
  app: {
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => (name === 'userData' ? fake.userData : join(fake.userData, '..')),
    getVersion: () => '1.2.3',
    on: (name: string, listener: (...args: unknown[]) => void) => fake.appEvents.set(name, listener),
    // As Electron does: before-quit first, and a listener that prevents it holds the quit up.
    quit: () => {
      let prevented = false;
      fake.appEvents.get('before-quit')?.({ preventDefault: () => (prevented = true) });
      if (!prevented) fake.quit.count++;
    },
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
  dialog: {
    showSaveDialog: vi.fn(),
    showOpenDialog: vi.fn(),
    showErrorBox: (title: string, content: string) => void fake.errorBoxes.push([title, content]),
  },
  utilityProcess,
};

/** Quits the app as the OS would (main may hold it up in before-quit), and waits until it has quit. */
export async function quitApp(): Promise<void> {
  const quitsBefore = fake.quit.count;
  electron.app.quit();
  await vi.waitFor(() => expect(fake.quit.count).toBe(quitsBefore + 1), { timeout: 15_000 });
}
