import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, session } from 'electron';
import { logger } from '../../core/log.js';
import { chooseModelFile, openExternal, printLookbook, saveFile } from './host.js';
import { wireIpc } from './ipc.js';
import { applySessionPolicy, contentSecurityPolicy, devContentSecurityPolicy } from './security.js';
import { startServiceProcess, type ServiceReady } from './service-process.js';
import { createMainWindow } from './window.js';

const log = logger('desktop');
const here = import.meta.dirname;
const devServer = process.env['ELECTRON_RENDERER_URL'];
const indexFile = devServer ? null : join(here, '../renderer/index.html');
const appUrl = devServer ?? pathToFileURL(indexFile!).href;

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();
else void start();

async function start(): Promise<void> {
  await app.whenReady();
  applySessionPolicy(session.defaultSession, devServer ? devContentSecurityPolicy : contentSecurityPolicy);

  // SQLite and every API handler run in a utility process (the demo boutique is created there too): main
  // only relays and checks senders, so a long query never freezes the window.
  const service = startServiceProcess({
    entry: join(here, 'service.js'),
    start: {
      userData: app.getPath('userData'),
      version: app.getVersion(),
      workerFile: join(here, 'job-worker.js'),
      stagingRoot: app.getPath('temp'),
      modelDirs: [
        join(app.getPath('userData'), 'models'),
        ...(process.env['ATELIER_MODELS_DIR'] ? [process.env['ATELIER_MODELS_DIR']] : []),
      ],
    },
  });
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void service.close().finally(() => app.quit());
  });

  let database: ServiceReady;
  try {
    database = await service.ready;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error('the database could not be opened', { error: message });
    dialog.showErrorBox('Atelier could not open its database', message);
    app.quit();
    return;
  }
  if (closing) return; // quit while the database was opening
  if (database.createdDemo) log.info('first launch: created the demo boutique', { file: database.dbFile });

  let window: BrowserWindow | null = null;
  const open = (): void => {
    window = createMainWindow({ appUrl, indexFile, preload: join(here, '../preload/index.cjs') });
    window.on('closed', () => (window = null));
  };
  wireIpc({
    ipcMain,
    service,
    appUrl,
    window: () => (window && !window.isDestroyed() ? window.webContents : null),
    host: {
      saveFile: (file) => saveFile(window, file),
      printLookbook: (args) => printLookbook(window, service.dispatch, args),
      chooseModelFile: () => chooseModelFile(window),
      openExternal,
    },
  });
  open();

  app.on('second-instance', () => {
    if (!window) return open();
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
