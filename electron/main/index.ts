import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain, session } from 'electron';
import { createApiService, type ApiService } from '../../core/api/service.js';
import { ensureDemoDatabase } from '../../core/demo/index.js';
import { logger } from '../../core/log.js';
import { resolveAppDatabase } from './database.js';
import { chooseModelFile, openExternal, printLookbook, saveFile } from './host.js';
import { wireIpc } from './ipc.js';
import { applySessionPolicy, contentSecurityPolicy, devContentSecurityPolicy } from './security.js';
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

  const database = await resolveAppDatabase(app.getPath('userData'), process.env, ensureDemoDatabase);
  if (database.createdDemo) log.info('first launch: created the demo boutique', { file: database.file });
  const service: ApiService = createApiService({
    dbFile: database.file,
    mode: 'desktop',
    version: app.getVersion(),
    workerFile: join(here, 'job-worker.js'),
    stagingDir: join(app.getPath('temp'), `atelier-staging-${process.pid}`),
    modelDirs: [
      join(app.getPath('userData'), 'models'),
      ...(process.env['ATELIER_MODELS_DIR'] ? [process.env['ATELIER_MODELS_DIR']] : []),
    ],
  });

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
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    service
      .close()
      .catch((error: unknown) => log.error('closing the database failed', { error: String(error) }))
      .finally(() => app.quit());
  });
}
